import TributaryCore
import TributaryFormats

extension GatewayLogFormat {
    /// A `LiteLLM_SpendLogs` row. The table has no cache columns: the cached and cache-write tokens are read from
    /// `metadata.usage_object` (`cache_read_input_tokens`, `cache_creation_input_tokens`, or OpenAI's
    /// `prompt_tokens_details.cached_tokens`), or from top-level columns of those names when an export adds them;
    /// `prompt_tokens`, in OpenAI's convention that LiteLLM follows, includes them.
    ///
    /// `status` is `success` or `failure`, not an HTTP status: success is 200, a failure the error code LiteLLM
    /// keeps in `metadata.error_information.error_code` when it is a number, else unknown. The organization is
    /// the billing account (empty when the proxy has none), the team the sub account.
    static func liteLLM(_ f: JSONFields, cost: inout ExactDecimal?) throws(ModelRowError) -> [UsageRow] {
        cost = try f.decimal("spend")
        let id = try f.requiredString("request_id")
        let start = try requiredMilliseconds(f, "startTime")
        let end = try requiredMilliseconds(f, "endTime")
        let model = try f.requiredString("model")
        let prompt = try f.count("prompt_tokens") ?? 0
        let completion = try f.count("completion_tokens") ?? 0
        let metadata = try f.nestedFields("metadata")
        let usage = try metadata.nestedFields("usage_object")
        let details = try usage.nestedFields("prompt_tokens_details")
        var cached = try usage.count("cache_read_input_tokens")
        if cached == nil { cached = try details.count("cached_tokens") }
        if cached == nil { cached = try f.count("cache_read_input_tokens") }
        var written = try usage.count("cache_creation_input_tokens")
        if written == nil { written = try f.count("cache_creation_input_tokens") }
        let input = try uncached(
            prompt, cached: cached ?? 0, written: written ?? 0, field: f.fieldPath("prompt_tokens"))
        var latency = try f.count("request_duration_ms")
        if latency == nil {
            guard end >= start else {
                throw ModelRowError(field: f.fieldPath("endTime"), reason: "the request ends before it starts")
            }
            latency = UInt64(end - start)
        }
        var status: UInt64?
        switch try f.string("status")?.lowercased() {
        case "success": status = 200
        case nil: status = nil
        default:
            let error = try metadata.nestedFields("error_information")
            status = (try? error.string("error_code")).flatMap { $0.flatMap { UInt64($0) } }
        }
        let provider = try text(f, "custom_llm_provider")?.lowercased() ?? Self.provider(ofModel: model)
        return [
            UsageRow(
                provider: provider, billingAccountID: try text(f, "organization_id") ?? "",
                subAccountID: try text(f, "team_id"), apiKeyID: try text(f, "api_key"), userID: try text(f, "user"),
                periodStart: seconds(start), periodEnd: seconds(end), model: model,
                inputTokens: input, outputTokens: completion, cachedInputTokens: cached ?? 0,
                cacheWriteTokens: written ?? 0, requests: 1, latencyMS: latency, statusCode: status,
                loggedCost: cost, requestID: id)
        ]
    }
}
