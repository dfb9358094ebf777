import TributaryCore
import TributaryFormats

/// Gateway request logs exported as CSV (a `COPY … TO CSV` of LiteLLM's table, Helicone's or Langfuse's
/// ClickHouse tables as CSVWithNames): the flavor is told by the header unless the source fixes it, each record
/// is read into the object the JSON Lines form has (JSON-text columns such as LiteLLM's `metadata` or Langfuse's
/// `usage_details` parsed) and mapped by `GatewayLogFormat`, so that both forms load the same rows.
public struct GatewayLogCSVFormat: ProviderCSVFormat {
    public typealias Row = UsageRow
    /// Nil: each file's header decides.
    public let flavor: GatewayFlavor?

    public init(flavor: GatewayFlavor? = nil) {
        self.flavor = flavor
    }

    public var name: String { "\(flavor?.title ?? "gateway request log") CSV" }

    public func prepare(header: [String], file: String) throws(ExtractorError) -> CSVRecordMapper<UsageRow> {
        let detected = GatewayFlavor.detect(keys: header)
        guard let flavor = flavor ?? detected else {
            var message = ""
            if let hint = GCPBillingCSVFormat.hint(header) { message += "\(hint); " }
            message +=
                "the header has none of startTime (LiteLLM), request_created_at (Helicone), usage_details or "
                + "trace_id (Langfuse)"
            throw ExtractorError.wrongFormat(file: file, line: 1, expected: "gateway request log", message: message)
        }
        let have = Set(header)
        let missing = flavor.requiredColumns.filter { names in !names.contains(where: have.contains) }
        if !missing.isEmpty {
            var message = ""
            if let detected, detected != flavor {
                message +=
                    "this looks like a \(detected.title) export; set flavor = \"\(detected.rawValue)\", or "
                    + "leave flavor out to detect it; "
            }
            let names = missing.map { names in names.map { "'\($0)'" }.joined(separator: " or ") }
            message += "the header lacks \(names.joined(separator: ", "))"
            throw ExtractorError.wrongFormat(file: file, line: 1, expected: "\(flavor.title) CSV", message: message)
        }
        let object = CSVRecordObject(header: header, keyPath: { [$0] }, jsonColumns: flavor.jsonColumns)
        return CSVRecordMapper { fields in
            do throws(ModelRowError) {
                return object.renamed(
                    GatewayLogFormat.map(JSONFields(try object.object(fields), at: .root), as: flavor))
            } catch {
                return .reject(field: error.field, reason: error.reason)
            }
        }
    }
}
