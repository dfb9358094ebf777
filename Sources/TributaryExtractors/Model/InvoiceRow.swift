import TributaryCore

/// One row of the `invoices` table: a customer or supplier invoice or credit note as the books hold it
/// (../shared/formats/data-model.md), or the tombstone of one that was deleted.
///
/// Amounts come in two currencies, both kept: `amount`, `amountBeforeTax` and `tax` are in the document's
/// `currency` (PennyLane's `currency_*` fields), `amountEUR` and `taxEUR` in euros (PennyLane's `amount` and
/// `tax`). Revenue is `amountBeforeTaxEUR`, which PennyLane does not send: it is `amountEUR - taxEUR`, exactly.
/// Credit notes are rows of their own with negative amounts, so summing over invoices and credit notes gives
/// net revenue without subtracting anything twice (notes, C.9).
///
/// Rows change (a payment, a cancellation), so the table keeps the highest `updatedAt` per `(kind, id)`; a
/// deleted invoice is a row with `deleted` set and a later `updatedAt`, so that the deletion wins over every
/// version loaded before it.
public struct InvoiceRow: ModelRow, Equatable {
    /// `customer` or `supplier`.
    public var kind: String
    /// The v2 id; for a v1 record its `v2_id` when it has one, so that both generations land on one key.
    public var id: String
    public var invoiceNumber: String?
    public var label: String?
    /// Days since 1970-01-01; nil for a draft without a date.
    public var date: Int32?
    public var deadline: Int32?
    /// As the API says (`paid`, `late`, `credit_note`, …; supplier invoices: their `payment_status`): never
    /// checked against a list, since PennyLane adds values (notes, C.5).
    public var status: String?
    public var paid: Bool
    public var draft: Bool
    public var creditNote: Bool
    public var currency: String
    public var amount: ExactDecimal
    public var amountBeforeTax: ExactDecimal
    public var tax: ExactDecimal
    public var amountEUR: ExactDecimal
    /// Nil when the API gives no VAT in euros and it cannot be derived exactly (a v1 foreign-currency invoice
    /// with VAT).
    public var taxEUR: ExactDecimal?
    public var amountBeforeTaxEUR: ExactDecimal?
    public var exchangeRate: ExactDecimal
    /// Left to pay, VAT included, in the document's currency.
    public var remainingAmount: ExactDecimal?
    public var remainingAmountWithoutTax: ExactDecimal?
    /// The customer's or supplier's id, and its name when the record embeds it (v1).
    public var counterpartyID: String?
    public var counterpartyName: String?
    /// The invoice a credit note credits.
    public var creditedInvoiceID: String?
    public var externalReference: String?
    /// Supplier invoices' `accounting_status`.
    public var accountingStatus: String?
    public var createdAt: Int64?
    public var updatedAt: Int64
    public var archivedAt: Int64?
    public var deleted: Bool
    /// `v1` or `v2`: which API generation the row was read from.
    public var apiVersion: String

    public init(
        kind: String, id: String, invoiceNumber: String? = nil, label: String? = nil, date: Int32? = nil,
        deadline: Int32? = nil, status: String? = nil, paid: Bool = false, draft: Bool = false,
        creditNote: Bool = false, currency: String, amount: ExactDecimal, amountBeforeTax: ExactDecimal,
        tax: ExactDecimal, amountEUR: ExactDecimal, taxEUR: ExactDecimal?, amountBeforeTaxEUR: ExactDecimal?,
        exchangeRate: ExactDecimal, remainingAmount: ExactDecimal? = nil,
        remainingAmountWithoutTax: ExactDecimal? = nil,
        counterpartyID: String? = nil, counterpartyName: String? = nil, creditedInvoiceID: String? = nil,
        externalReference: String? = nil, accountingStatus: String? = nil, createdAt: Int64? = nil, updatedAt: Int64,
        archivedAt: Int64? = nil, deleted: Bool = false, apiVersion: String
    ) {
        self.kind = kind
        self.id = id
        self.invoiceNumber = invoiceNumber
        self.label = label
        self.date = date
        self.deadline = deadline
        self.status = status
        self.paid = paid
        self.draft = draft
        self.creditNote = creditNote
        self.currency = currency
        self.amount = amount
        self.amountBeforeTax = amountBeforeTax
        self.tax = tax
        self.amountEUR = amountEUR
        self.taxEUR = taxEUR
        self.amountBeforeTaxEUR = amountBeforeTaxEUR
        self.exchangeRate = exchangeRate
        self.remainingAmount = remainingAmount
        self.remainingAmountWithoutTax = remainingAmountWithoutTax
        self.counterpartyID = counterpartyID
        self.counterpartyName = counterpartyName
        self.creditedInvoiceID = creditedInvoiceID
        self.externalReference = externalReference
        self.accountingStatus = accountingStatus
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.archivedAt = archivedAt
        self.deleted = deleted
        self.apiVersion = apiVersion
    }

    /// The row that marks invoice `id` deleted at `deletedAt`: zero amounts in euros (PennyLane's default
    /// currency: the deleted document's own is no longer known), `deleted` set.
    public static func tombstone(kind: String, id: String, deletedAt: Int64, apiVersion: String) -> InvoiceRow {
        InvoiceRow(
            kind: kind, id: id, currency: "EUR", amount: .zero, amountBeforeTax: .zero, tax: .zero, amountEUR: .zero,
            taxEUR: .zero, amountBeforeTaxEUR: .zero, exchangeRate: ExactDecimal(1), updatedAt: deletedAt,
            deleted: true, apiVersion: apiVersion)
    }

    public static let kinds: Set<String> = ["customer", "supplier"]

    public static let schema = Schema([
        Field("kind", .string, nullable: false),
        Field("id", .string, nullable: false),
        Field("invoice_number", .string),
        Field("label", .string),
        Field("date", .date),
        Field("deadline", .date),
        Field("status", .string),
        Field("paid", .bool, nullable: false),
        Field("draft", .bool, nullable: false),
        Field("x_credit_note", .bool, nullable: false),
        Field("currency", .string, nullable: false),
        Field("amount", .money, nullable: false),
        Field("amount_before_tax", .money, nullable: false),
        Field("tax", .money, nullable: false),
        Field("amount_eur", .money, nullable: false),
        Field("tax_eur", .money),
        Field("amount_before_tax_eur", .money),
        Field("exchange_rate", .money, nullable: false),
        Field("remaining_amount", .money),
        Field("x_remaining_amount_without_tax", .money),
        Field("counterparty_id", .string),
        Field("counterparty_name", .string),
        Field("x_credited_invoice_id", .string),
        Field("x_external_reference", .string),
        Field("x_accounting_status", .string),
        Field("created_at", .dateTime),
        Field("updated_at", .dateTime, nullable: false),
        Field("archived_at", .dateTime),
        Field("x_deleted", .bool, nullable: false),
        Field("x_api_version", .string, nullable: false),
    ])

    /// The document-currency amounts, which is what the row's `currency` says; the euro columns are the same
    /// money seen in another currency, and counting them too would reconcile two currencies under one code.
    public static let moneyColumns = ["amount", "amount_before_tax", "tax"]

    /// The `invoices` table: merged on `(kind, id)` by `updated_at`, unpartitioned, since a partition by date
    /// would split a key whose date changes (a draft dated when it is finalised) into two rows.
    public static let tableDefaults = TableDefaults(
        table: "invoices", orderBy: ["kind", "id"], strategy: "merge", versionColumn: "updated_at",
        key: ["kind", "id"], lowCardinality: ["kind", "currency", "x_api_version"])

    public var moneyUnits: [Int128] {
        [amount, amountBeforeTax, tax].map { $0.rescaledExactly(to: Lineage.moneyScale)?.units ?? 0 }
    }

    public func append(to c: inout [ColumnBuilder]) throws(ModelRowError) {
        guard Self.kinds.contains(kind) else {
            throw ModelRowError(field: "kind", reason: "'\(kind)' is neither customer nor supplier")
        }
        guard CurrencyCode.all.contains(currency) else {
            throw ModelRowError(field: "currency", reason: "'\(currency)' is not an ISO 4217 currency")
        }
        // Every amount is checked before anything is appended, so that a failure leaves the builders as they were.
        let units = try [
            (amount, "amount"), (amountBeforeTax, "amount_before_tax"), (tax, "tax"), (amountEUR, "amount_eur"),
            (exchangeRate, "exchange_rate"),
        ].map { (v, name) throws(ModelRowError) in try Self.units(v, field: name) }
        let optional = try [
            (taxEUR, "tax_eur"), (amountBeforeTaxEUR, "amount_before_tax_eur"), (remainingAmount, "remaining_amount"),
            (remainingAmountWithoutTax, "x_remaining_amount_without_tax"),
        ].map { (v, name) throws(ModelRowError) in
            try v.map { d throws(ModelRowError) in try Self.units(d, field: name) }
        }
        c[0].appendString(kind)
        c[1].appendString(id)
        c[2].append(invoiceNumber)
        c[3].append(label)
        c[4].appendNullable(date: date)
        c[5].appendNullable(date: deadline)
        c[6].append(status)
        c[7].appendBool(paid)
        c[8].appendBool(draft)
        c[9].appendBool(creditNote)
        c[10].appendString(currency)
        c[11].appendDecimalUnits(units[0])
        c[12].appendDecimalUnits(units[1])
        c[13].appendDecimalUnits(units[2])
        c[14].appendDecimalUnits(units[3])
        c[15].appendNullable(units: optional[0])
        c[16].appendNullable(units: optional[1])
        c[17].appendDecimalUnits(units[4])
        c[18].appendNullable(units: optional[2])
        c[19].appendNullable(units: optional[3])
        c[20].append(counterpartyID)
        c[21].append(counterpartyName)
        c[22].append(creditedInvoiceID)
        c[23].append(externalReference)
        c[24].append(accountingStatus)
        c[25].appendNullable(dateTime: createdAt)
        c[26].appendDateTime(updatedAt)
        c[27].appendNullable(dateTime: archivedAt)
        c[28].appendBool(deleted)
        c[29].appendString(apiVersion)
    }
}
