import TributaryCore

/// One row of the `llm_usage` table: tokens as used, per usage bucket or per request (../shared/formats/
/// data-model.md). Kept apart from `spend`, so that money is never counted twice; `estimated_cost` is filled by
/// the `price` transform from a model price catalog.
///
/// `inputTokens` is *uncached* input: it excludes cached and cache-write tokens, whatever the source's own
/// convention (OpenAI's `input_tokens` includes cached tokens; the mapping subtracts them).
public struct UsageRow: ModelRow, Equatable {
    public var provider: String
    public var billingAccountID: String
    /// Project or workspace.
    public var subAccountID: String?
    public var apiKeyID: String?
    public var userID: String?
    public var periodStart: Int64
    public var periodEnd: Int64
    /// As the provider names it.
    public var model: String
    /// `standard`, `batch`, `priority`, `flex`.
    public var serviceTier: String?
    public var inputTokens: UInt64
    public var outputTokens: UInt64
    public var cachedInputTokens: UInt64
    public var cacheWriteTokens: UInt64
    public var requests: UInt64
    /// Gateway logs only.
    public var latencyMS: UInt64?
    public var statusCode: UInt64?
    /// What the gateway itself logged the request cost, in USD (LiteLLM `spend`, Langfuse `total_cost`): money
    /// as read, kept beside the catalog's estimate.
    public var loggedCost: ExactDecimal?
    /// The source's own id of the request or bucket, when it has one (gateway request ids).
    public var requestID: String?

    public init(
        provider: String, billingAccountID: String, subAccountID: String? = nil, apiKeyID: String? = nil,
        userID: String? = nil, periodStart: Int64, periodEnd: Int64, model: String, serviceTier: String? = nil,
        inputTokens: UInt64 = 0, outputTokens: UInt64 = 0, cachedInputTokens: UInt64 = 0,
        cacheWriteTokens: UInt64 = 0, requests: UInt64 = 0, latencyMS: UInt64? = nil, statusCode: UInt64? = nil,
        loggedCost: ExactDecimal? = nil, requestID: String? = nil
    ) {
        self.provider = provider
        self.billingAccountID = billingAccountID
        self.subAccountID = subAccountID
        self.apiKeyID = apiKeyID
        self.userID = userID
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.model = model
        self.serviceTier = serviceTier
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.requests = requests
        self.latencyMS = latencyMS
        self.statusCode = statusCode
        self.loggedCost = loggedCost
        self.requestID = requestID
    }

    public static let schema = Schema([
        Field("provider", .string, nullable: false),
        Field("billing_account_id", .string, nullable: false),
        Field("sub_account_id", .string),
        Field("api_key_id", .string),
        Field("user_id", .string),
        Field("period_start", .dateTime, nullable: false),
        Field("period_end", .dateTime, nullable: false),
        Field("model", .string, nullable: false),
        Field("service_tier", .string),
        Field("input_tokens", .uint64, nullable: false),
        Field("output_tokens", .uint64, nullable: false),
        Field("cached_input_tokens", .uint64, nullable: false),
        Field("cache_write_tokens", .uint64, nullable: false),
        Field("requests", .uint64, nullable: false),
        Field("latency_ms", .uint64),
        Field("status_code", .uint64),
        Field("estimated_cost", .money),
        Field("x_price_version", .string),
        Field("x_logged_cost", .money),
        Field("x_request_id", .string),
    ])

    public static let moneyColumns = ["x_logged_cost"]

    /// The `llm_usage` table, appended with a row id from `key` (each source names its natural key), so that a
    /// usage bucket read again, or a request logged twice, is kept once.
    public static func tableDefaults(key: [String]) -> TableDefaults {
        TableDefaults(
            table: "llm_usage", orderBy: ["provider", "model", "period_start"],
            partitionBy: "(x_source, toYYYYMM(period_start))", strategy: "append", key: key,
            lowCardinality: ["provider", "service_tier"],
            columnTypes: ["latency_ms": "UInt32", "status_code": "UInt16"], timeColumn: "period_start")
    }

    public var moneyUnits: [Int128] { [loggedCost?.rescaledExactly(to: Lineage.moneyScale)?.units ?? 0] }

    public var currency: String { "USD" }

    public func append(to c: inout [ColumnBuilder]) throws(ModelRowError) {
        if let latencyMS, latencyMS > UInt64(UInt32.max) {
            throw ModelRowError(field: "latency_ms", reason: "\(latencyMS) ms is more than a UInt32 holds")
        }
        if let statusCode, statusCode > 999 {
            throw ModelRowError(field: "status_code", reason: "\(statusCode) is not an HTTP status")
        }
        let logged = try loggedCost.map { v throws(ModelRowError) in try Self.units(v, field: "x_logged_cost") }
        c[0].appendString(provider)
        c[1].appendString(billingAccountID)
        c[2].append(subAccountID)
        c[3].append(apiKeyID)
        c[4].append(userID)
        c[5].appendDateTime(periodStart)
        c[6].appendDateTime(periodEnd)
        c[7].appendString(model)
        c[8].append(serviceTier)
        c[9].appendUInt64(inputTokens)
        c[10].appendUInt64(outputTokens)
        c[11].appendUInt64(cachedInputTokens)
        c[12].appendUInt64(cacheWriteTokens)
        c[13].appendUInt64(requests)
        c[14].append(latencyMS)
        c[15].append(statusCode)
        c[16].appendNull()
        c[17].appendNull()
        if let logged { c[18].appendDecimalUnits(logged) } else { c[18].appendNull() }
        c[19].append(requestID)
    }
}
