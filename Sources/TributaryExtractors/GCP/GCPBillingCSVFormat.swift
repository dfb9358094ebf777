import TributaryCore
import TributaryFormats

/// The GCP billing export as CSV: BigQuery cannot extract the billing table's RECORD and REPEATED columns to CSV,
/// so a CSV comes from a flattening query (billing-exports.md §4.5). This reads the shape such a query gives:
/// the record fields as columns named by their path, `service.description` (or `service_description`, as a
/// query that aliases them with underscores names them), and the repeated fields (`credits`, `labels`,
/// `project.labels`, `system_labels`) as JSON text, `TO_JSON_STRING(credits)`. Each record is read into the
/// object the JSON Lines extract has and mapped by `GCPBillingFormat`, so that both forms load the same rows.
///
/// A flattening query that drops `credits` would load gross costs as if they were net: the column is required.
public struct GCPBillingCSVFormat: ProviderCSVFormat {
    public typealias Row = SpendRow
    public var name: String { "GCP billing export (CSV)" }

    public init() {}

    /// What the mapping needs, by path.
    public static let required = [
        "billing_account_id", "service.description", "usage_start_time", "usage_end_time", "cost", "currency",
        "credits", "invoice.month", "cost_type",
    ]

    /// Every column the source reads: the standard export's fields as a flattening query names them (the
    /// detailed export's `resource.name` too), for `raw = true` as well.
    public static let columns = [
        "billing_account_id", "service.id", "service.description", "sku.id", "sku.description",
        "usage_start_time", "usage_end_time", "project.id", "project.number", "project.name", "project.labels",
        "labels", "system_labels", "location.location", "location.country", "location.region", "location.zone",
        "resource.name", "cost", "currency", "currency_conversion_rate", "usage.amount", "usage.unit",
        "usage.amount_in_pricing_units", "usage.pricing_unit", "credits", "invoice.month", "invoice.publisher_type",
        "cost_type", "adjustment_info.id", "adjustment_info.description", "adjustment_info.mode",
        "adjustment_info.type", "export_time", "cost_at_list", "transaction_type", "seller_name",
    ]
    public static let moneyColumns = ["cost", "cost_at_list"]

    /// Columns of JSON text.
    static let jsonColumns: Set<String> = ["credits", "labels", "project.labels", "system_labels", "tags"]

    /// `service_description` → `service.description`, for every record field of `columns`.
    static let aliases: [String: String] = Dictionary(
        uniqueKeysWithValues: columns.filter { $0.contains(".") }.map {
            ($0.replacingOccurrences(of: ".", with: "_"), $0)
        })

    /// The member a header column fills: dotted names by their path, aliases by theirs, others at the top.
    static func keyPath(_ name: String) -> [String] {
        (aliases[name] ?? name).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    public func prepare(header: [String], file: String) throws(ExtractorError) -> CSVRecordMapper<SpendRow> {
        let have = Set(header.map { Self.aliases[$0] ?? $0 })
        let missing = Self.required.filter { !have.contains($0) }
        if !missing.isEmpty {
            var message = ""
            if let hint = Self.hint(header) { message += "\(hint); " }
            let names = missing.map { name in
                name.contains(".") ? "'\(name)' (or '\(name.replacingOccurrences(of: ".", with: "_"))')" : "'\(name)'"
            }
            message += "the header lacks \(names.joined(separator: ", "))"
            if missing.contains("credits"), have.contains("cost") {
                message += "; a flattening query must keep the credits, as TO_JSON_STRING(credits) AS credits"
            }
            throw ExtractorError.wrongFormat(file: file, line: 1, expected: name, message: message)
        }
        let object = CSVRecordObject(header: header, keyPath: Self.keyPath, jsonColumns: Self.jsonColumns)
        return CSVRecordMapper { fields in
            do throws(ModelRowError) {
                return object.renamed(GCPBillingFormat.map(JSONFields(try object.object(fields), at: .root)))
            } catch {
                return .reject(field: error.field, reason: error.reason)
            }
        }
    }

    /// What a header of another export looks like, when it is recognisable.
    static func hint(_ header: [String]) -> String? {
        if header.contains("BilledCost") {
            return "this looks like a FOCUS file; read it with type = \"focus\""
        }
        if header.contains(where: { $0.hasPrefix("lineItem/") || $0.hasPrefix("line_item_") }) {
            return "this looks like an AWS Cost and Usage Report; read it with type = \"aws_cur\""
        }
        if header.contains("CostInBillingCurrency") || header.contains("costInBillingCurrency") {
            return "this looks like an Azure cost details export; read it with type = \"azure_cost\""
        }
        return nil
    }
}
