import TributaryCore
import TributaryExtractors

/// LLM gateway request logs.
extension SourceKind {
    /// `gateway_logs`: keys `paths` (required), `batch_rows`, `raw` (needs `flavor`), `format` (`"auto"`,
    /// `"csv"`, `"jsonl"`), `flavor` (`"auto"`, the default: each file's header or record's members decide;
    /// `"litellm"`, `"helicone"`, `"langfuse"`).
    static let gatewayLogs = providerFiles(
        type: "gateway_logs",
        summary: "LLM gateway request logs (LiteLLM spend logs, Helicone, Langfuse; JSON Lines or CSV), into llm_usage",
        example: """
            [source]
            type = "gateway_logs"
            paths = ["logs/litellm/*.jsonl", "logs/helicone/*.csv"]
            """,
        source: { r, raw in
            let flavors = Dictionary(uniqueKeysWithValues: GatewayFlavor.allCases.map { ($0.rawValue, $0) })
            guard let flavor = choice(r, "flavor", flavors) else { return nil }
            if raw, flavor == nil {
                r.issue(
                    "raw",
                    "raw = true loads one flavor's native columns: set flavor = \"litellm\", \"helicone\" or "
                        + "\"langfuse\"")
            }
            return ProviderFileSource(
                make: { o throws(ExtractorError) in
                    try GatewayLogsExtractor.make(
                        sourceID: o.sourceID, paths: o.paths, baseDirectory: o.baseDirectory, batchRows: o.batchRows,
                        shape: o.shape, flavor: flavor)
                },
                nativeColumns: flavor?.nativeColumns, nativeMoney: flavor?.nativeMoney ?? [])
        })
}
