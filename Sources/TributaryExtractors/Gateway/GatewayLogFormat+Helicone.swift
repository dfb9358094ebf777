import TributaryCore
import TributaryFormats

extension GatewayLogFormat {
    /// A Helicone request: a `request_response_rmt` row (ClickHouse names), or a REST request object, whose
    /// names are read where the table's are missing (`response_model`, `delay_ms`, `request_user_id`,
    /// `costUSD`). `cost` is USD × 1e9 as an integer (`COST_PRECISION_MULTIPLIER`) and is divided exactly;
    /// `costUSD` is dollars. `prompt_tokens` includes `prompt_cache_read_tokens` and `prompt_cache_write_tokens`
    /// (the notes' worked example prices it so). A request without a response has a negative or zero `status`
    /// in some exports: no HTTP status, NULL.
    static func helicone(_ f: JSONFields, cost: inout ExactDecimal?) throws(ModelRowError) -> [UsageRow] {
        if let billionths = try f.decimal("cost") {
            guard billionths.scale + 9 <= ExactDecimal.maxScale else {
                throw ModelRowError(field: f.fieldPath("cost"), reason: "'\(billionths)' has too many decimals")
            }
            cost = ExactDecimal(units: billionths.units, scale: billionths.scale + 9)
        } else {
            cost = try f.decimal("costUSD")
        }
        let id = try f.requiredString("request_id")
        let start = try requiredMilliseconds(f, "request_created_at")
        var latency = try f.count("latency")
        if latency == nil { latency = try f.count("delay_ms") }
        var end = try milliseconds(f, "response_created_at")
        if end == nil, let latency, let ms = Int64(exactly: latency) { end = start + ms }
        var model = try text(f, "model")
        if model == nil { model = try text(f, "response_model") }
        if model == nil { model = try text(f, "request_model") }
        guard let model else { throw ModelRowError(field: f.fieldPath("model"), reason: "missing value") }
        let prompt = try f.count("prompt_tokens") ?? 0
        let read = try f.count("prompt_cache_read_tokens") ?? 0
        let written = try f.count("prompt_cache_write_tokens") ?? 0
        let input = try uncached(prompt, cached: read, written: written, field: f.fieldPath("prompt_tokens"))
        var status: UInt64?
        if let text = try f.string("status") {
            guard let code = Int64(text) else {
                throw ModelRowError(field: f.fieldPath("status"), reason: "'\(text)' is not an HTTP status")
            }
            status = code > 0 ? UInt64(code) : nil
        }
        var user = try text(f, "user_id")
        if user == nil { user = try text(f, "request_user_id") }
        return [
            UsageRow(
                provider: try text(f, "provider")?.lowercased() ?? Self.provider(ofModel: model),
                billingAccountID: try text(f, "organization_id") ?? "", apiKeyID: try text(f, "proxy_key_id"),
                userID: user, periodStart: seconds(start), periodEnd: seconds(end ?? start), model: model,
                inputTokens: input, outputTokens: try f.count("completion_tokens") ?? 0, cachedInputTokens: read,
                cacheWriteTokens: written, requests: 1, latencyMS: latency, statusCode: status, loggedCost: cost,
                requestID: id)
        ]
    }
}
