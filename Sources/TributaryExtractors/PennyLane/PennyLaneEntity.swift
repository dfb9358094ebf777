/// What a `pennylane` source reads (`entity = "…"`): one API resource, and the table its records land in.
///
/// Customer and supplier invoices both land in `invoices` (with `kind`), their lines in `invoice_lines`,
/// customers and suppliers in `counterparties`, bank lines in `bank_transactions`. Lines have no listing of
/// their own: they are read with their invoices (v2: each invoice's `invoice_lines` sub-resource, or a saved
/// page's `included.invoice_lines`; v1: each invoice's `line_items`), and follow their invoices' changelog.
public enum PennyLaneEntity: String, Sendable, CaseIterable {
    case customerInvoices = "customer_invoices"
    case supplierInvoices = "supplier_invoices"
    case invoiceLines = "invoice_lines"
    case supplierInvoiceLines = "supplier_invoice_lines"
    case customers
    case suppliers
    case transactions

    /// The resource listed, fetched by id and followed by `/changelogs/<resource>`.
    public var resource: String {
        switch self {
        case .customerInvoices, .invoiceLines: "customer_invoices"
        case .supplierInvoices, .supplierInvoiceLines: "supplier_invoices"
        case .customers: "customers"
        case .suppliers: "suppliers"
        case .transactions: "transactions"
        }
    }

    /// `customer` or `supplier`, for the entities whose table has a `kind`.
    public var kind: String? {
        switch self {
        case .customerInvoices, .invoiceLines, .customers: "customer"
        case .supplierInvoices, .supplierInvoiceLines, .suppliers: "supplier"
        case .transactions: nil
        }
    }

    /// Whether the records are an invoice's lines rather than the listed items themselves.
    public var readsLines: Bool { self == .invoiceLines || self == .supplierInvoiceLines }

    /// The array of a v1 list page (`{total_pages, current_page, invoices: […]}`, notes A.2); nil where v1 has
    /// no such listing (bank transactions were not found in any v1 client).
    public var v1ItemsKey: String? {
        switch self {
        case .customerInvoices, .invoiceLines, .supplierInvoices, .supplierInvoiceLines: "invoices"
        case .customers: "customers"
        case .suppliers: "suppliers"
        case .transactions: nil
        }
    }

    /// Whether the v2 listing filters on `date` (a backfill window): invoices and bank transactions do.
    public var filtersOnDate: Bool { self != .customers && self != .suppliers }

    /// What one item is called in messages: `customer invoice 1000102`.
    public var noun: String {
        switch self {
        case .customerInvoices, .invoiceLines: "customer invoice"
        case .supplierInvoices, .supplierInvoiceLines: "supplier invoice"
        case .customers: "customer"
        case .suppliers: "supplier"
        case .transactions: "transaction"
        }
    }

    /// The `entity` values, for messages.
    public static var names: String { allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }
}
