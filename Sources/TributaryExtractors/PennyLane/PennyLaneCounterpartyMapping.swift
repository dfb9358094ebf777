import TributaryCore
import TributaryFormats

/// A PennyLane customer or supplier (v1 or v2) as a row of `counterparties` (notes A.2, A.3).
///
/// v2 customers are companies or individuals (`customer_type`), with `billing_address`; suppliers have a
/// `postal_address` and a SIRET (`establishment_no`). v1 records are keyed by `source_id`. An individual
/// without a `name` is named from `first_name` and `last_name`.
enum PennyLaneCounterpartyMapping {
    static func counterparty(_ f: JSONFields, kind: String, version: PennyLaneAPIVersion) throws(ModelRowError)
        -> CounterpartyRow
    {
        var id = try f.id("id")
        if version == .v1, let sourceID = try f.text("source_id") { id = sourceID }
        var address = try f.object("billing_address")
        if kind == "supplier", let postal = try f.object("postal_address") { address = postal }
        var name = try f.text("name")
        if name == nil {
            let first = try f.text("first_name")
            let last = try f.text("last_name")
            let parts = [first, last].compactMap { $0 }
            name = parts.isEmpty ? nil : parts.joined(separator: " ")
        }
        return CounterpartyRow(
            kind: kind, id: id, name: name, customerType: try f.text("customer_type"),
            registrationNumber: try f.firstText("reg_no", "establishment_no"), vatNumber: try f.text("vat_number"),
            emails: try f.strings("emails"), city: try address?.text("city"),
            postalCode: try address?.text("postal_code"), country: try address?.text("country_alpha2"),
            paymentConditions: try f.text("payment_conditions"),
            externalReference: try f.text(version == .v2 ? "external_reference" : "source_id"),
            ledgerAccountID: try f.referenceID("ledger_account"), createdAt: try f.optionalTimestamp("created_at"),
            updatedAt: try f.timestamp("updated_at"), apiVersion: version.rawValue)
    }
}
