import TributaryCore
import TributaryFormats

extension GatewayLogFormat {
    /// The observation types that carry model usage; the others (`SPAN`, `EVENT`, …) time the steps around a
    /// call and are skipped on purpose, as is a row the export still has with `is_deleted` set.
    static let langfuseUsageTypes: Set<String> = ["GENERATION", "EMBEDDING"]

    /// A Langfuse observation (`observations` table). `usage_details` (or `provided_usage_details` when the
    /// effective map is absent) has arbitrary keys: `input` and `output`, and e.g. `cache_read_input_tokens`,
    /// `input_cached_tokens`, `cache_creation_input_tokens`, `output_reasoning_tokens`. Like Langfuse's own view,
    /// every key holding `input` counts as input and every key holding `output` as output; keys naming a cache
    /// read (`cache_read`, `cached`) or write (`cache_creation`, `cache_write`) go to those columns instead, so
    /// that input is uncached; `total` is Langfuse's sum and is not read. `total_cost` is USD. Observations have
    /// no HTTP status; the project is the billing account.
    static func langfuse(_ f: JSONFields, cost: inout ExactDecimal?) throws(ModelRowError) -> [UsageRow] {
        let type = try f.requiredString("type").uppercased()
        guard langfuseUsageTypes.contains(type) else { return [] }
        if let deleted = try f.string("is_deleted"), deleted == "1" || deleted == "true" { return [] }
        cost = try f.decimal("total_cost")
        let id = try f.requiredString("id")
        let start = try requiredMilliseconds(f, "start_time")
        let end = try milliseconds(f, "end_time")
        var model = try text(f, "provided_model_name")
        if model == nil { model = try text(f, "model") }
        guard let model else { throw ModelRowError(field: f.fieldPath("provided_model_name"), reason: "missing value") }
        var usage = try f.nestedFields("usage_details")
        if f.member("usage_details") == nil { usage = try f.nestedFields("provided_usage_details") }
        var input: UInt64 = 0
        var output: UInt64 = 0
        var cached: UInt64 = 0
        var written: UInt64 = 0
        for key in usage.value.objectValue?.keys ?? [] where key != "total" {
            guard let n = try usage.count(key) else { continue }
            let name = key.lowercased()
            let (sum, overflow): (UInt64, Bool)
            if name.contains("cache_read") || name.contains("cached") {
                (sum, overflow) = cached.addingReportingOverflow(n)
                cached = sum
            } else if name.contains("cache_creation") || name.contains("cache_write") {
                (sum, overflow) = written.addingReportingOverflow(n)
                written = sum
            } else if name.contains("input") {
                (sum, overflow) = input.addingReportingOverflow(n)
                input = sum
            } else if name.contains("output") {
                (sum, overflow) = output.addingReportingOverflow(n)
                output = sum
            } else {
                continue
            }
            if overflow { throw ModelRowError(field: usage.fieldPath(key), reason: "the token counts overflow") }
        }
        var latency: UInt64?
        if let end {
            guard end >= start else {
                throw ModelRowError(field: f.fieldPath("end_time"), reason: "the observation ends before it starts")
            }
            latency = UInt64(end - start)
        }
        return [
            UsageRow(
                provider: Self.provider(ofModel: model), billingAccountID: try text(f, "project_id") ?? "",
                periodStart: seconds(start), periodEnd: seconds(end ?? start), model: model, inputTokens: input,
                outputTokens: output, cachedInputTokens: cached, cacheWriteTokens: written, requests: 1,
                latencyMS: latency, loggedCost: cost, requestID: id)
        ]
    }
}
