import TributaryCore

/// One row of the `counterparties` table: a customer or a supplier of the books, the names and places the
/// invoices only point at (v2 invoices carry `customer {id, url}`, not the name).
///
/// Customers and suppliers share one table with a `kind`, as invoices do, so that a report joins
/// `invoices.counterparty_id` to `counterparties.id` on `(kind, id)` whichever side of the books it is on.
/// v1 keys customers and suppliers by `source_id` (notes, A.2), which v2 calls `external_reference`, and its
/// records carry no v2 id: the v1 rows are keyed by `source_id`, and v1 and v2 rows of one company do not merge.
public struct CounterpartyRow: ModelRow, Equatable {
    /// `customer` or `supplier`.
    public var kind: String
    public var id: String
    public var name: String?
    /// `company` or `individual` (customers only).
    public var customerType: String?
    /// SIREN (`reg_no`) for a company customer, SIRET (`establishment_no`) for a supplier.
    public var registrationNumber: String?
    public var vatNumber: String?
    public var emails: [String]
    public var city: String?
    public var postalCode: String?
    public var country: String?
    /// Customers' `payment_conditions` (`30_days`, …).
    public var paymentConditions: String?
    public var externalReference: String?
    public var ledgerAccountID: String?
    public var createdAt: Int64?
    public var updatedAt: Int64
    public var deleted: Bool
    public var apiVersion: String

    public init(
        kind: String, id: String, name: String? = nil, customerType: String? = nil, registrationNumber: String? = nil,
        vatNumber: String? = nil, emails: [String] = [], city: String? = nil, postalCode: String? = nil,
        country: String? = nil, paymentConditions: String? = nil, externalReference: String? = nil,
        ledgerAccountID: String? = nil, createdAt: Int64? = nil, updatedAt: Int64, deleted: Bool = false,
        apiVersion: String
    ) {
        self.kind = kind
        self.id = id
        self.name = name
        self.customerType = customerType
        self.registrationNumber = registrationNumber
        self.vatNumber = vatNumber
        self.emails = emails
        self.city = city
        self.postalCode = postalCode
        self.country = country
        self.paymentConditions = paymentConditions
        self.externalReference = externalReference
        self.ledgerAccountID = ledgerAccountID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deleted = deleted
        self.apiVersion = apiVersion
    }

    /// The row that marks `id` deleted at `deletedAt`.
    public static func tombstone(kind: String, id: String, deletedAt: Int64, apiVersion: String) -> CounterpartyRow {
        CounterpartyRow(kind: kind, id: id, updatedAt: deletedAt, deleted: true, apiVersion: apiVersion)
    }

    public static let schema = Schema([
        Field("kind", .string, nullable: false),
        Field("id", .string, nullable: false),
        Field("name", .string),
        Field("customer_type", .string),
        Field("registration_number", .string),
        Field("vat_number", .string),
        Field("emails", .stringArray),
        Field("city", .string),
        Field("postal_code", .string),
        Field("country_alpha2", .string),
        Field("payment_conditions", .string),
        Field("x_external_reference", .string),
        Field("x_ledger_account_id", .string),
        Field("created_at", .dateTime),
        Field("updated_at", .dateTime, nullable: false),
        Field("x_deleted", .bool, nullable: false),
        Field("x_api_version", .string, nullable: false),
    ])

    public static let moneyColumns: [String] = []

    /// The `counterparties` table: merged on `(kind, id)` by `updated_at`.
    public static let tableDefaults = TableDefaults(
        table: "counterparties", orderBy: ["kind", "id"], strategy: "merge", versionColumn: "updated_at",
        key: ["kind", "id"], lowCardinality: ["kind", "x_api_version"])

    public var moneyUnits: [Int128] { [] }

    /// No money: the reconciliation counts rows only.
    public var currency: String { "" }

    public func append(to c: inout [ColumnBuilder]) throws(ModelRowError) {
        guard InvoiceRow.kinds.contains(kind) else {
            throw ModelRowError(field: "kind", reason: "'\(kind)' is neither customer nor supplier")
        }
        c[0].appendString(kind)
        c[1].appendString(id)
        c[2].append(name)
        c[3].append(customerType)
        c[4].append(registrationNumber)
        c[5].append(vatNumber)
        c[6].appendStrings(emails)
        c[7].append(city)
        c[8].append(postalCode)
        c[9].append(country)
        c[10].append(paymentConditions)
        c[11].append(externalReference)
        c[12].append(ledgerAccountID)
        c[13].appendNullable(dateTime: createdAt)
        c[14].appendDateTime(updatedAt)
        c[15].appendBool(deleted)
        c[16].appendString(apiVersion)
    }
}
