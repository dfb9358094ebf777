import TributaryCore

/// One row of the `bank_transactions` table: a line of a bank account as the books see it.
///
/// `amount` is signed and in the account's `currency` (PennyLane's `currency_amount`), `amountEUR` in euros
/// (its `amount`). PennyLane does not state its sign convention for debits (notes, Part D): the sign is kept
/// exactly as sent, never guessed at.
public struct BankTransactionRow: ModelRow, Equatable {
    public var id: String
    /// The bank account's id (`bank_account.id`).
    public var account: String?
    /// Days since 1970-01-01.
    public var date: Int32
    /// The raw bank label (`VIR SEPA …`).
    public var label: String?
    public var amount: ExactDecimal
    public var currency: String
    public var amountEUR: ExactDecimal
    public var fee: ExactDecimal?
    public var feeEUR: ExactDecimal?
    public var outstandingBalance: ExactDecimal?
    public var journalID: String?
    /// The labels of the categories the line is filed under.
    public var categories: [String]
    public var createdAt: Int64?
    public var updatedAt: Int64
    public var archivedAt: Int64?
    public var deleted: Bool
    public var apiVersion: String

    public init(
        id: String, account: String? = nil, date: Int32, label: String? = nil, amount: ExactDecimal, currency: String,
        amountEUR: ExactDecimal, fee: ExactDecimal? = nil, feeEUR: ExactDecimal? = nil,
        outstandingBalance: ExactDecimal? = nil, journalID: String? = nil, categories: [String] = [],
        createdAt: Int64? = nil, updatedAt: Int64, archivedAt: Int64? = nil, deleted: Bool = false, apiVersion: String
    ) {
        self.id = id
        self.account = account
        self.date = date
        self.label = label
        self.amount = amount
        self.currency = currency
        self.amountEUR = amountEUR
        self.fee = fee
        self.feeEUR = feeEUR
        self.outstandingBalance = outstandingBalance
        self.journalID = journalID
        self.categories = categories
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.archivedAt = archivedAt
        self.deleted = deleted
        self.apiVersion = apiVersion
    }

    /// The row that marks transaction `id` deleted at `deletedAt`: its date unknown (1970-01-01), no amount.
    public static func tombstone(id: String, deletedAt: Int64, apiVersion: String) -> BankTransactionRow {
        BankTransactionRow(
            id: id, date: 0, amount: .zero, currency: "EUR", amountEUR: .zero, updatedAt: deletedAt, deleted: true,
            apiVersion: apiVersion)
    }

    public static let schema = Schema([
        Field("id", .string, nullable: false),
        Field("account", .string),
        Field("date", .date, nullable: false),
        Field("label", .string),
        Field("amount", .money, nullable: false),
        Field("currency", .string, nullable: false),
        Field("amount_eur", .money, nullable: false),
        Field("fee", .money),
        Field("fee_eur", .money),
        Field("outstanding_balance", .money),
        Field("x_journal_id", .string),
        Field("x_categories", .stringArray),
        Field("created_at", .dateTime),
        Field("updated_at", .dateTime, nullable: false),
        Field("archived_at", .dateTime),
        Field("x_deleted", .bool, nullable: false),
        Field("x_api_version", .string, nullable: false),
    ])

    public static let moneyColumns = ["amount", "fee"]

    /// The `bank_transactions` table: merged on `id` by `updated_at`, unpartitioned; `date` places a row in
    /// time for backfills.
    public static let tableDefaults = TableDefaults(
        table: "bank_transactions", orderBy: ["id"], strategy: "merge", versionColumn: "updated_at", key: ["id"],
        lowCardinality: ["currency", "x_api_version"], timeColumn: "date")

    public var moneyUnits: [Int128] {
        [amount, fee ?? .zero].map { $0.rescaledExactly(to: Lineage.moneyScale)?.units ?? 0 }
    }

    public func append(to c: inout [ColumnBuilder]) throws(ModelRowError) {
        guard CurrencyCode.all.contains(currency) else {
            throw ModelRowError(field: "currency", reason: "'\(currency)' is not an ISO 4217 currency")
        }
        let amountUnits = try Self.units(amount, field: "amount")
        let eurUnits = try Self.units(amountEUR, field: "amount_eur")
        let optional = try [(fee, "fee"), (feeEUR, "fee_eur"), (outstandingBalance, "outstanding_balance")].map {
            (v, name) throws(ModelRowError) in try v.map { d throws(ModelRowError) in try Self.units(d, field: name) }
        }
        c[0].appendString(id)
        c[1].append(account)
        c[2].appendDate(date)
        c[3].append(label)
        c[4].appendDecimalUnits(amountUnits)
        c[5].appendString(currency)
        c[6].appendDecimalUnits(eurUnits)
        c[7].appendNullable(units: optional[0])
        c[8].appendNullable(units: optional[1])
        c[9].appendNullable(units: optional[2])
        c[10].append(journalID)
        c[11].appendStrings(categories)
        c[12].appendNullable(dateTime: createdAt)
        c[13].appendDateTime(updatedAt)
        c[14].appendNullable(dateTime: archivedAt)
        c[15].appendBool(deleted)
        c[16].appendString(apiVersion)
    }
}
