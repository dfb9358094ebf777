import TributaryCore
import TributaryFormats

/// The `anthropic_usage` source: the Anthropic Admin API usage report (`GET
/// /v1/organizations/usage_report/messages`), into `llm_usage`, one row per result: a group-by combination of a
/// bucket (billing-exports.md §2.1).
///
/// Anthropic already counts input apart: `uncached_input_tokens` is `input_tokens`, `cache_read_input_tokens`
/// is cached input, and cache writes are `cache_creation.ephemeral_5m_input_tokens` plus
/// `cache_creation.ephemeral_1h_input_tokens` (one column holds both). `workspace_id` is `sub_account_id` (null
/// for the Default Workspace too: there is no id to give it), `api_key_id` and `service_tier` their columns, and
/// `account_id` (the OAuth user; `service_account_id` for a federated service account) is `user_id`.
///
/// What `llm_usage` cannot hold: the report counts no requests (`requests` is 0), and its web search count
/// (`server_tool_use.web_search_requests`) is tool calls, not model requests, so it is not loaded. A page grouped
/// by `context_window`, `inference_geo` or `speed` is refused: its rows would differ only in a dimension with no
/// column, and the keyed load would collapse them into one.
public struct AnthropicUsageFormat: ReportPageFormat {
    public typealias Row = UsageRow
    public let organizationID: String

    public init(organizationID: String) {
        self.organizationID = organizationID
    }

    public var name: String { "Anthropic usage report" }
    public var envelope: ReportEnvelope { .anthropic }

    /// The model column of a result not grouped by model.
    public static let unnamedModel = "[messages]"
    static let counts = [
        "uncached_input_tokens", "cache_read_input_tokens", "cache_creation.ephemeral_5m_input_tokens",
        "cache_creation.ephemeral_1h_input_tokens", "output_tokens", "server_tool_use.web_search_requests",
    ]
    static let kinds: [(key: String, kind: JSONShape.Kind)] =
        [("cache_creation", .object), ("server_tool_use", .object)] + counts.map { ($0, .number) }
        + ["model", "workspace_id", "api_key_id", "service_tier", "account_id", "service_account_id"].map {
            ($0, .string)
        }
    static let unfit = ["context_window", "inference_geo", "speed"]

    public func map(_ result: JSONValue, in bucket: ReportBucket, at path: JSONPath) throws(JSONShapeError)
        -> MappedRecord<UsageRow>
    {
        _ = try JSONShape.object(result, at: path)
        if result["amount"] != nil {
            throw JSONShapeError(
                at: path.appending(key: "uncached_input_tokens"),
                expected: "a token count (cost report pages are read with type = \"anthropic_costs\")",
                value: result["uncached_input_tokens"])
        }
        try JSONShape.members(
            result, at: path, Self.kinds,
            required: ["uncached_input_tokens", "cache_read_input_tokens", "output_tokens"])
        try JSONShape.ungrouped(
            result, at: path, Self.unfit, why: "llm_usage has no column for it; pull without that group_by[]")
        let f = JSONFields(result, at: path)
        return .catching { () throws(ModelRowError) in
            let cache = f.nested("cache_creation")
            let fiveMinutes = try cache.count("ephemeral_5m_input_tokens") ?? 0
            let oneHour = try cache.count("ephemeral_1h_input_tokens") ?? 0
            let (writes, overflow) = fiveMinutes.addingReportingOverflow(oneHour)
            guard !overflow else {
                throw ModelRowError(field: f.fieldPath("cache_creation"), reason: "cache writes overflow a UInt64")
            }
            let user = try f.string("account_id")
            let serviceAccount = try f.string("service_account_id")
            return [
                UsageRow(
                    provider: "anthropic", billingAccountID: organizationID, subAccountID: try f.string("workspace_id"),
                    apiKeyID: try f.string("api_key_id"),
                    userID: user ?? serviceAccount, periodStart: bucket.start,
                    periodEnd: bucket.end, model: try f.string("model") ?? Self.unnamedModel,
                    serviceTier: try f.string("service_tier"), inputTokens: try f.count("uncached_input_tokens") ?? 0,
                    outputTokens: try f.count("output_tokens") ?? 0,
                    cachedInputTokens: try f.count("cache_read_input_tokens") ?? 0, cacheWriteTokens: writes)
            ]
        }
    }
}

/// The `anthropic_usage` source's endpoint, group-by keys and limits (billing-exports.md §2.1).
public enum AnthropicUsageExtractor {
    public static let path = "/v1/organizations/usage_report/messages"
    /// The group-by keys with a column in `llm_usage`.
    public static let groupBy = ["api_key_id", "workspace_id", "model", "service_tier", "account_id"]
    public static let defaultGroupBy = ["workspace_id", "api_key_id", "model", "service_tier"]
    public static let bucketWidths = ["1d", "1h", "1m"]
    public static let tableDefaults = UsageRow.tableDefaults(key: OpenAIUsageExtractor.key)

    public static func pages(
        organizationID: String, sourceID: String, paths: [String], baseDirectory: String, batchRows: Int
    ) throws(ExtractorError) -> JSONPagesExtractor<AnthropicUsageFormat> {
        try JSONPagesExtractor(
            format: AnthropicUsageFormat(organizationID: organizationID), sourceID: sourceID, paths: paths,
            baseDirectory: baseDirectory, batchRows: batchRows, tableDefaults: tableDefaults)
    }

    public static func live(organizationID: String, settings: LivePullSettings) throws(ExtractorError)
        -> ReportAPIExtractor<AnthropicUsageFormat>
    {
        let width = try settings.checkedBucketWidth(allowed: bucketWidths)
        let groupBy = try settings.checkedGroupBy(
            allowed: Self.groupBy, defaults: defaultGroupBy, why: "the others have no column in llm_usage")
        let limit = try settings.checkedLimit(OpenAIUsageExtractor.limits(width))
        return try AnthropicAdminAPI.extractor(
            AnthropicUsageFormat(organizationID: organizationID),
            endpoints: [
                ReportEndpoint(
                    path: path, query: AnthropicAdminAPI.query(bucketWidth: width, groupBy: groupBy, limit: limit))
            ],
            settings: settings, tableDefaults: tableDefaults)
    }
}
