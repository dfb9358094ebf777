import TributaryCore

/// One row of the `invoice_lines` table: a line of a customer or supplier invoice (or credit note), with what
/// of its invoice a revenue-by-service report needs (date, draft, currency), so that it needs no join.
///
/// Lines are read with their invoice, never alone: `invoiceUpdatedAt` says which read of the invoice a line
/// belongs to. A line removed from an invoice is never announced, so reports keep, per invoice, only the lines
/// of its latest read. A deleted invoice gets one marker row (`id` empty, `deleted` set, a later
/// `invoiceUpdatedAt`): its latest read then holds no live line, whatever lines older reads left behind.
public struct InvoiceLineRow: ModelRow, Equatable {
    /// What a line takes from its invoice.
    public struct Invoice: Sendable, Equatable {
        /// `customer` or `supplier`.
        public var kind: String
        public var id: String
        public var number: String?
        public var date: Int32?
        public var draft: Bool
        public var creditNote: Bool
        public var currency: String
        public var updatedAt: Int64

        public init(
            kind: String, id: String, number: String? = nil, date: Int32? = nil, draft: Bool = false,
            creditNote: Bool = false, currency: String, updatedAt: Int64
        ) {
            self.kind = kind
            self.id = id
            self.number = number
            self.date = date
            self.draft = draft
            self.creditNote = creditNote
            self.currency = currency
            self.updatedAt = updatedAt
        }
    }

    public var invoice: Invoice
    /// The line's id; empty for a deleted invoice's marker row.
    public var id: String
    public var label: String?
    /// The line's `description`.
    public var details: String?
    public var productID: String?
    public var quantity: ExactDecimal?
    public var unit: String?
    /// Before tax, in the document's currency.
    public var unitPrice: ExactDecimal?
    public var amountBeforeTax: ExactDecimal
    /// PennyLane's code (`FR_200` is 20 %), as sent.
    public var vatRate: String?
    public var tax: ExactDecimal
    public var amount: ExactDecimal
    public var amountEUR: ExactDecimal
    public var taxEUR: ExactDecimal?
    public var amountBeforeTaxEUR: ExactDecimal?
    public var createdAt: Int64?
    /// The later of the line's own `updated_at` and its invoice's, so that a line read again with its changed
    /// invoice replaces the earlier read even when the line itself did not change.
    public var updatedAt: Int64
    public var deleted: Bool
    public var apiVersion: String

    public init(
        invoice: Invoice, id: String, label: String? = nil, details: String? = nil, productID: String? = nil,
        quantity: ExactDecimal? = nil, unit: String? = nil, unitPrice: ExactDecimal? = nil,
        amountBeforeTax: ExactDecimal, vatRate: String? = nil, tax: ExactDecimal, amount: ExactDecimal,
        amountEUR: ExactDecimal, taxEUR: ExactDecimal?, amountBeforeTaxEUR: ExactDecimal?, createdAt: Int64? = nil,
        updatedAt: Int64, deleted: Bool = false, apiVersion: String
    ) {
        self.invoice = invoice
        self.id = id
        self.label = label
        self.details = details
        self.productID = productID
        self.quantity = quantity
        self.unit = unit
        self.unitPrice = unitPrice
        self.amountBeforeTax = amountBeforeTax
        self.vatRate = vatRate
        self.tax = tax
        self.amount = amount
        self.amountEUR = amountEUR
        self.taxEUR = taxEUR
        self.amountBeforeTaxEUR = amountBeforeTaxEUR
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deleted = deleted
        self.apiVersion = apiVersion
    }

    /// The marker of invoice `invoiceID`'s deletion at `deletedAt`: no line id, zero amounts in euros.
    public static func tombstone(kind: String, invoiceID: String, deletedAt: Int64, apiVersion: String)
        -> InvoiceLineRow
    {
        InvoiceLineRow(
            invoice: Invoice(kind: kind, id: invoiceID, currency: "EUR", updatedAt: deletedAt), id: "",
            amountBeforeTax: .zero, tax: .zero, amount: .zero, amountEUR: .zero, taxEUR: .zero,
            amountBeforeTaxEUR: .zero, updatedAt: deletedAt, deleted: true, apiVersion: apiVersion)
    }

    public static let schema = Schema([
        Field("kind", .string, nullable: false),
        Field("invoice_id", .string, nullable: false),
        Field("id", .string, nullable: false),
        Field("x_invoice_number", .string),
        Field("x_invoice_date", .date),
        Field("x_invoice_draft", .bool, nullable: false),
        Field("x_invoice_credit_note", .bool, nullable: false),
        Field("label", .string),
        Field("x_description", .string),
        Field("product_id", .string),
        Field("quantity", .money),
        Field("unit", .string),
        Field("unit_price", .money),
        Field("amount_before_tax", .money, nullable: false),
        Field("vat_rate", .string),
        Field("tax", .money, nullable: false),
        Field("amount", .money, nullable: false),
        Field("amount_eur", .money, nullable: false),
        Field("tax_eur", .money),
        Field("amount_before_tax_eur", .money),
        Field("currency", .string, nullable: false),
        Field("x_invoice_updated_at", .dateTime, nullable: false),
        Field("created_at", .dateTime),
        Field("updated_at", .dateTime, nullable: false),
        Field("x_deleted", .bool, nullable: false),
        Field("x_api_version", .string, nullable: false),
    ])

    public static let moneyColumns = ["amount", "amount_before_tax", "tax"]

    /// The `invoice_lines` table: merged on `(kind, invoice_id, id)` by `updated_at`, unpartitioned.
    public static let tableDefaults = TableDefaults(
        table: "invoice_lines", orderBy: ["kind", "invoice_id", "id"], strategy: "merge", versionColumn: "updated_at",
        key: ["kind", "invoice_id", "id"], lowCardinality: ["kind", "currency", "x_api_version"])

    public var moneyUnits: [Int128] {
        [amount, amountBeforeTax, tax].map { $0.rescaledExactly(to: Lineage.moneyScale)?.units ?? 0 }
    }

    public var currency: String { invoice.currency }

    public func append(to c: inout [ColumnBuilder]) throws(ModelRowError) {
        guard InvoiceRow.kinds.contains(invoice.kind) else {
            throw ModelRowError(field: "kind", reason: "'\(invoice.kind)' is neither customer nor supplier")
        }
        guard CurrencyCode.all.contains(invoice.currency) else {
            throw ModelRowError(field: "currency", reason: "'\(invoice.currency)' is not an ISO 4217 currency")
        }
        let units = try [
            (amountBeforeTax, "amount_before_tax"), (tax, "tax"), (amount, "amount"), (amountEUR, "amount_eur"),
        ].map { (v, name) throws(ModelRowError) in try Self.units(v, field: name) }
        let optional = try [
            (quantity, "quantity"), (unitPrice, "unit_price"), (taxEUR, "tax_eur"),
            (amountBeforeTaxEUR, "amount_before_tax_eur"),
        ].map { (v, name) throws(ModelRowError) in
            try v.map { d throws(ModelRowError) in try Self.units(d, field: name) }
        }
        c[0].appendString(invoice.kind)
        c[1].appendString(invoice.id)
        c[2].appendString(id)
        c[3].append(invoice.number)
        c[4].appendNullable(date: invoice.date)
        c[5].appendBool(invoice.draft)
        c[6].appendBool(invoice.creditNote)
        c[7].append(label)
        c[8].append(details)
        c[9].append(productID)
        c[10].appendNullable(units: optional[0])
        c[11].append(unit)
        c[12].appendNullable(units: optional[1])
        c[13].appendDecimalUnits(units[0])
        c[14].append(vatRate)
        c[15].appendDecimalUnits(units[1])
        c[16].appendDecimalUnits(units[2])
        c[17].appendDecimalUnits(units[3])
        c[18].appendNullable(units: optional[2])
        c[19].appendNullable(units: optional[3])
        c[20].appendString(invoice.currency)
        c[21].appendDateTime(invoice.updatedAt)
        c[22].appendNullable(dateTime: createdAt)
        c[23].appendDateTime(updatedAt)
        c[24].appendBool(deleted)
        c[25].appendString(apiVersion)
    }
}
