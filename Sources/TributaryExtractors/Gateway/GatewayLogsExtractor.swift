import TributaryCore

/// The `gateway_logs` source: per-request LLM gateway logs (LiteLLM spend logs, Helicone requests, Langfuse
/// observations) as JSON Lines or CSV, into `llm_usage`, one row per request (`GatewayLogFormat`). Each file is
/// read as its content says unless `shape` fixes it; the flavor is told by each file's header or each record's
/// members unless `flavor` fixes it, so that one source can read the logs of several gateways.
///
/// The table is appended with the request id as its key: a request logged twice (a retried log write, two
/// overlapping exports) collapses to one row when ClickHouse merges, and reads exact with `FINAL`.
public enum GatewayLogsExtractor {
    /// The table's defaults: `llm_usage`, keyed by the request id.
    public static let tableDefaults = UsageRow.tableDefaults(key: ["x_request_id"])

    public static func make(
        sourceID: String, paths: [String], baseDirectory: String, batchRows: Int = 16384, shape: FileShape? = nil,
        flavor: GatewayFlavor? = nil
    ) throws(ExtractorError) -> CSVOrJSONLinesExtractor {
        let csv = try ProviderCSVExtractor(
            format: GatewayLogCSVFormat(flavor: flavor), sourceID: sourceID, paths: paths,
            baseDirectory: baseDirectory, batchRows: batchRows, tableDefaults: tableDefaults)
        let jsonLines = try ProviderJSONLinesExtractor(
            format: GatewayLogFormat(flavor: flavor), sourceID: sourceID, paths: paths, baseDirectory: baseDirectory,
            batchRows: batchRows, tableDefaults: tableDefaults)
        return try CSVOrJSONLinesExtractor(csv: csv, jsonLines: jsonLines, shape: shape, tableDefaults: tableDefaults)
    }
}
