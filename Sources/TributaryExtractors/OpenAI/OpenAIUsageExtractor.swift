import TributaryCore
import TributaryFormats

/// The `openai_usage` source: the OpenAI organisation Usage API (`GET /v1/organization/usage/<endpoint>`), into
/// `llm_usage`, one row per result: a group-by combination of a bucket (billing-exports.md §1.1–1.4).
///
/// A page may come from any endpoint of `OpenAIUsageEndpoint`; its results say which (`object`). Group keys map
/// to their columns (`project_id` → `sub_account_id`), a result grouped by `batch` and marked `true` has the
/// `batch` service tier, and OpenAI's `default` tier is `standard`, as `llm_usage` spells it.
///
/// `input_tokens` is *uncached* input here, consistently across the API's change of meaning (§1.4): results of
/// the current schema give `input_uncached_tokens`, or it is `input_tokens` (all modalities, cached and cache
/// writes included) less `input_cached_tokens` and `input_cache_write_tokens`; results saved before the
/// 2026-07-15 sync, which have none of the fields it added, count text in `input_tokens` (cached included) and
/// audio apart in `input_audio_tokens`, so uncached input is `input_tokens − input_cached_tokens +
/// input_audio_tokens` (that schema does not say how much audio was cached, so all of it counts as uncached).
public struct OpenAIUsageFormat: ReportPageFormat {
    public typealias Row = UsageRow
    /// `billing_account_id`: the organisation, which the results do not repeat.
    public let organizationID: String

    public init(organizationID: String) {
        self.organizationID = organizationID
    }

    public var name: String { "OpenAI usage" }
    public var envelope: ReportEnvelope { .openAI }

    /// Fields the 2026-07-15 sync added: a result with any of them is of the current schema.
    static let currentSchemaFields = [
        "input_uncached_tokens", "input_cache_write_tokens", "input_text_tokens", "output_text_tokens",
        "input_cached_text_tokens", "input_image_tokens", "input_cached_image_tokens", "output_image_tokens",
        "input_cached_audio_tokens",
    ]

    public func map(_ result: JSONValue, in bucket: ReportBucket, at path: JSONPath) throws(JSONShapeError)
        -> MappedRecord<UsageRow>
    {
        let object = try JSONShape.object(result, at: path)
        let objectPath = path.appending(key: "object")
        let discriminator = try JSONShape.string(object["object"], at: objectPath)
        guard let endpoint = OpenAIUsageEndpoint(resultObject: discriminator) else {
            let known = OpenAIUsageEndpoint.allCases.map(\.resultObject).joined(separator: ", ")
            if let why = OpenAIUsageEndpoint.unfit.first(where: { $0.resultObject == discriminator })?.why {
                throw JSONShapeError(
                    at: objectPath, expected: "a usage result llm_usage can hold (\(why))", value: object["object"])
            }
            let hint =
                discriminator == OpenAICostsFormat.resultObject ? "; costs are read with type = \"openai_costs\"" : ""
            throw JSONShapeError(at: objectPath, expected: "one of \(known)\(hint)", value: object["object"])
        }
        try JSONShape.members(result, at: path, endpoint.kinds, required: endpoint.required)
        try JSONShape.ungrouped(
            result, at: path, endpoint.ungrouped, why: "llm_usage has no column for it; pull without that group_by")
        return .catching { () throws(ModelRowError) in [try row(endpoint, JSONFields(result, at: path), bucket)] }
    }

    func row(_ endpoint: OpenAIUsageEndpoint, _ f: JSONFields, _ bucket: ReportBucket) throws(ModelRowError)
        -> UsageRow
    {
        var row = UsageRow(
            provider: "openai", billingAccountID: organizationID, subAccountID: try f.string("project_id"),
            apiKeyID: try f.string("api_key_id"), userID: try f.string("user_id"), periodStart: bucket.start,
            periodEnd: bucket.end, model: try f.string("model") ?? endpoint.unnamedModel,
            serviceTier: try Self.serviceTier(f))
        switch endpoint {
        case .completions:
            (row.inputTokens, row.cachedInputTokens, row.cacheWriteTokens) = try Self.input(f)
            row.outputTokens = try f.count("output_tokens") ?? 0
            row.requests = try f.count("num_model_requests") ?? 0
        case .embeddings, .moderations:
            row.inputTokens = try f.count("input_tokens") ?? 0
            row.requests = try f.count("num_model_requests") ?? 0
        case .images, .audioSpeeches, .audioTranscriptions:
            row.requests = try f.count("num_model_requests") ?? 0
        case .codeInterpreterSessions:
            row.requests = try f.count("num_sessions") ?? 0
        }
        return row
    }

    /// `batch: true` is the batch tier; `default` is `standard`.
    static func serviceTier(_ f: JSONFields) throws(ModelRowError) -> String? {
        if f.member("batch")?.boolValue == true { return "batch" }
        guard let tier = try f.string("service_tier") else { return nil }
        return tier == "default" ? "standard" : tier
    }

    /// (uncached input, cached input, cache writes) of a completions result, in either schema.
    static func input(_ f: JSONFields) throws(ModelRowError) -> (UInt64, UInt64, UInt64) {
        let total = try f.count("input_tokens") ?? 0
        let cached = try f.count("input_cached_tokens") ?? 0
        let writes = try f.count("input_cache_write_tokens") ?? 0
        if let uncached = try f.count("input_uncached_tokens") { return (uncached, cached, writes) }
        let current = currentSchemaFields.contains { f.member($0) != nil }
        let audio = current ? 0 : try f.count("input_audio_tokens") ?? 0
        let (withAudio, overflow) = total.addingReportingOverflow(audio)
        guard !overflow, withAudio >= cached, withAudio - cached >= writes else {
            throw ModelRowError(
                field: f.fieldPath("input_tokens"),
                reason: "\(total) input tokens are fewer than the \(cached) cached and \(writes) cache-write tokens "
                    + "they include")
        }
        return (withAudio - cached - writes, cached, writes)
    }
}

/// The `openai_usage` source's endpoints, keys and limits (billing-exports.md §1.2).
public enum OpenAIUsageExtractor {
    /// `llm_usage`'s natural key for a usage bucket: the bucket and every group key the rows can carry.
    public static let key = [
        "provider", "billing_account_id", "sub_account_id", "api_key_id", "user_id", "model", "service_tier",
        "period_start", "period_end",
    ]
    public static let tableDefaults = UsageRow.tableDefaults(key: key)
    public static let defaultGroupBy = ["project_id", "api_key_id", "model", "batch", "service_tier"]
    public static let bucketWidths = ["1d", "1h", "1m"]

    /// Buckets per page for a bucket width.
    public static func limits(_ width: String) -> ClosedRange<Int> {
        switch width {
        case "1m": 1...1440
        case "1h": 1...168
        default: 1...31
        }
    }

    /// Saved responses of any of the endpoints.
    public static func pages(
        organizationID: String, sourceID: String, paths: [String], baseDirectory: String, batchRows: Int
    ) throws(ExtractorError) -> JSONPagesExtractor<OpenAIUsageFormat> {
        try JSONPagesExtractor(
            format: OpenAIUsageFormat(organizationID: organizationID), sourceID: sourceID, paths: paths,
            baseDirectory: baseDirectory, batchRows: batchRows, tableDefaults: tableDefaults)
    }

    /// A live pull of `endpoints`, each asked for the `group_by` values it has.
    public static func live(
        organizationID: String, endpoints: [OpenAIUsageEndpoint], settings: LivePullSettings
    ) throws(ExtractorError) -> ReportAPIExtractor<OpenAIUsageFormat> {
        guard !endpoints.isEmpty else {
            throw .invalidConfiguration(key: "endpoints", message: "give at least one endpoint")
        }
        let width = try settings.checkedBucketWidth(allowed: bucketWidths)
        let allowed = OpenAIUsageEndpoint.completions.groupBy
        let groupBy = try settings.checkedGroupBy(
            allowed: allowed, defaults: defaultGroupBy, why: "the others have no column in llm_usage")
        let limit = try settings.checkedLimit(limits(width))
        let calls = endpoints.map { endpoint in
            ReportEndpoint(
                path: endpoint.path,
                query: OpenAIAdminAPI.query(
                    bucketWidth: width, groupBy: groupBy.filter(endpoint.groupBy.contains), limit: limit))
        }
        return try OpenAIAdminAPI.extractor(
            OpenAIUsageFormat(organizationID: organizationID), endpoints: calls, settings: settings,
            tableDefaults: tableDefaults)
    }
}
