/// Which LLM gateway or observability tool wrote a request log (billing-exports.md §7): each names its columns
/// its own way, counts cached tokens its own way and writes its cost in its own unit.
public enum GatewayFlavor: String, Sendable, Equatable, CaseIterable {
    /// LiteLLM proxy's `LiteLLM_SpendLogs` table: `request_id`, camelCase `startTime`/`endTime`, `spend` in USD.
    case liteLLM = "litellm"
    /// Helicone's `request_response_rmt` table (or its REST request objects): `request_created_at`, `cost` in
    /// USD × 1e9.
    case helicone
    /// Langfuse's `observations` table: `start_time`, `usage_details` map, `total_cost` in USD.
    case langfuse

    /// How messages name a record of this flavor.
    public var title: String {
        switch self {
        case .liteLLM: "LiteLLM spend log"
        case .helicone: "Helicone request"
        case .langfuse: "Langfuse observation"
        }
    }

    /// The flavor whose own column names `keys` (a record's members or a CSV header) has, or nil.
    public static func detect(keys: some Sequence<String>) -> GatewayFlavor? {
        let names = Set(keys)
        if names.contains("request_created_at") { return .helicone }
        if names.contains("usage_details") || names.contains("provided_model_name") || names.contains("trace_id") {
            return .langfuse
        }
        if names.contains("startTime") || (names.contains("spend") && names.contains("request_id")) { return .liteLLM }
        return nil
    }

    /// The columns a CSV export of this flavor must have; each entry lists the names one column goes by.
    public var requiredColumns: [[String]] {
        switch self {
        case .liteLLM: [["request_id"], ["startTime"], ["endTime"], ["model"]]
        case .helicone: [["request_id"], ["request_created_at"], ["model", "response_model", "request_model"]]
        case .langfuse: [["id"], ["type"], ["start_time"], ["provided_model_name", "model"]]
        }
    }

    /// Columns whose CSV cells hold JSON text (an object or an array).
    var jsonColumns: Set<String> {
        switch self {
        case .liteLLM: ["metadata", "request_tags"]
        case .helicone: []
        case .langfuse: ["usage_details", "provided_usage_details", "cost_details", "provided_cost_details"]
        }
    }

    /// The columns `raw = true` loads: what the mapping reads, and the columns beside it that attribute a
    /// request (tags, sessions, traces).
    public var nativeColumns: [String] {
        switch self {
        case .liteLLM:
            [
                "request_id", "call_type", "api_key", "spend", "total_tokens", "prompt_tokens", "completion_tokens",
                "startTime", "endTime", "request_duration_ms", "completionStartTime", "model", "model_id",
                "model_group", "custom_llm_provider", "api_base", "user", "end_user", "team_id", "organization_id",
                "metadata", "cache_hit", "cache_key", "request_tags", "session_id", "status",
            ]
        case .helicone:
            [
                "request_id", "request_created_at", "response_id", "response_created_at", "latency",
                "time_to_first_token", "status", "prompt_tokens", "completion_tokens", "prompt_cache_write_tokens",
                "prompt_cache_read_tokens", "model", "provider", "user_id", "organization_id", "proxy_key_id",
                "properties", "target_url", "country_code", "cost", "updated_at",
            ]
        case .langfuse:
            [
                "id", "trace_id", "project_id", "parent_observation_id", "type", "start_time", "end_time",
                "completion_start_time", "name", "level", "status_message", "environment", "provided_model_name",
                "internal_model_id", "usage_details", "cost_details", "total_cost", "is_deleted",
            ]
        }
    }

    /// The native money columns, in USD. Helicone's `cost` is not among them: it counts billionths of a dollar,
    /// and the run's books would add it to dollars.
    public var nativeMoney: [String] {
        switch self {
        case .liteLLM: ["spend"]
        case .helicone: []
        case .langfuse: ["total_cost"]
        }
    }
}
