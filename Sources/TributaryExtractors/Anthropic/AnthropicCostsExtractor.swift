import Foundation
import TributaryCore
import TributaryFormats

/// The `anthropic_costs` source: the Anthropic Admin API cost report (`GET /v1/organizations/cost_report`), into
/// `spend`, one row per result: a (workspace, description) of a daily bucket (billing-exports.md §2.2).
///
/// `amount` is a decimal string in cents, the lowest unit of `currency` (`"123.45"` is $1.2345): it is divided by
/// 100 exactly, by moving the decimal point, never through a float (open-source tools shipped 100× bugs here,
/// §2.5). Billed, effective and list cost are that amount. A report grouped by `workspace_id` gives null for the
/// Default Workspace: its rows are named `Default Workspace` (`sub_account_name`, with no id) rather than taken
/// for ungrouped totals (§2.5), which they are only when the pull is not grouped by workspace. The model is
/// `x_model`, the description the charge description, and the other dimensions are tags (`anthropic:cost_type`,
/// `anthropic:token_type`, `anthropic:service_tier`, `anthropic:context_window`, `anthropic:inference_geo`), so
/// that the rows of one model stay told apart. Priority Tier costs never appear in this report (§2.2): a spend
/// total from it is incomplete for Priority customers.
public struct AnthropicCostsFormat: ReportPageFormat {
    public typealias Row = SpendRow
    /// `billing_account_id`: the organisation, which the report does not repeat.
    public let organizationID: String
    /// Whether the pages were pulled with `group_by[]=workspace_id`, so that a null workspace is the Default one.
    public let groupedByWorkspace: Bool

    public init(organizationID: String, groupedByWorkspace: Bool) {
        self.organizationID = organizationID
        self.groupedByWorkspace = groupedByWorkspace
    }

    public var name: String { "Anthropic cost report" }
    public var envelope: ReportEnvelope { .anthropic }

    public static let serviceName = "Claude API"
    public static let defaultWorkspace = "Default Workspace"
    static let tagged = ["cost_type", "token_type", "service_tier", "context_window", "inference_geo"]

    static let kinds: [(key: String, kind: JSONShape.Kind)] =
        [
            ("amount", .number), ("currency", .string), ("workspace_id", .string), ("description", .string),
            ("model", .string),
        ] + tagged.map { ($0, .string) }

    public func map(_ result: JSONValue, in bucket: ReportBucket, at path: JSONPath) throws(JSONShapeError)
        -> MappedRecord<SpendRow>
    {
        _ = try JSONShape.object(result, at: path)
        if result["uncached_input_tokens"] != nil || result["output_tokens"] != nil {
            throw JSONShapeError(
                at: path.appending(key: "amount"),
                expected: "a cost in cents (usage report pages are read with type = \"anthropic_usage\")",
                value: result["amount"])
        }
        try JSONShape.members(result, at: path, Self.kinds, required: ["amount", "currency"])
        let f = JSONFields(result, at: path)
        return .cost(
            amount: { () throws(ModelRowError) in try Self.dollars(cents: f) }, amountField: f.fieldPath("amount"),
            currency: result["currency"]?.stringValue, currencyField: f.fieldPath("currency")
        ) { amount, currency throws(ModelRowError) in
            let workspace = try f.string("workspace_id")
            var tags: [(key: String, value: String)] = []
            for key in Self.tagged { if let value = try f.string(key) { tags.append(("anthropic:\(key)", value)) } }
            return SpendRow(
                provider: "anthropic", billingAccountID: organizationID, subAccountID: workspace,
                subAccountName: workspace == nil && groupedByWorkspace ? Self.defaultWorkspace : nil,
                billingPeriodStart: FieldParser.monthStart(of: bucket.start), chargePeriodStart: bucket.start,
                chargePeriodEnd: bucket.end, chargeDescription: try f.string("description"),
                serviceName: Self.serviceName, serviceCategory: "AI and Machine Learning", listCost: amount,
                billedCost: amount, effectiveCost: amount, billingCurrency: currency, tags: tags,
                model: try f.string("model"))
        }
    }

    /// `amount` in cents as dollars: the same digits with the point two places further left.
    static func dollars(cents f: JSONFields) throws(ModelRowError) -> ExactDecimal {
        let cents = try f.requiredDecimal("amount")
        guard cents.scale + 2 <= ExactDecimal.maxScale else {
            throw ModelRowError(field: f.fieldPath("amount"), reason: "\(cents) cents has too many decimals")
        }
        return ExactDecimal(units: cents.units, scale: cents.scale + 2)
    }
}

/// The `anthropic_costs` source's endpoint, group-by keys and limits (billing-exports.md §2.2).
public enum AnthropicCostsExtractor {
    public static let path = "/v1/organizations/cost_report"
    public static let groupBy = ["workspace_id", "description"]
    /// `description` is what gives a model, a token type and a tier.
    public static let defaultGroupBy = ["workspace_id", "description"]
    /// Buckets per page: 1–31, default 7; daily buckets only.
    public static let limits = 1...31
    public static let bucketWidths = ["1d"]

    /// Saved responses of the endpoint, pulled with `groupBy`.
    public static func pages(
        organizationID: String, groupBy: [String], sourceID: String, paths: [String], baseDirectory: String,
        batchRows: Int
    ) throws(ExtractorError) -> JSONPagesExtractor<AnthropicCostsFormat> {
        try JSONPagesExtractor(
            format: AnthropicCostsFormat(
                organizationID: organizationID, groupedByWorkspace: groupBy.contains("workspace_id")),
            sourceID: sourceID, paths: paths, baseDirectory: baseDirectory, batchRows: batchRows,
            tableDefaults: SpendRow.tableDefaults)
    }

    /// A live pull of the cost report.
    public static func live(organizationID: String, settings: LivePullSettings) throws(ExtractorError)
        -> ReportAPIExtractor<AnthropicCostsFormat>
    {
        let width = try settings.checkedBucketWidth(allowed: bucketWidths)
        let groupBy = try settings.checkedGroupBy(allowed: Self.groupBy, defaults: defaultGroupBy)
        let limit = try settings.checkedLimit(limits)
        let format = AnthropicCostsFormat(
            organizationID: organizationID, groupedByWorkspace: groupBy.contains("workspace_id"))
        return try AnthropicAdminAPI.extractor(
            format,
            endpoints: [
                ReportEndpoint(
                    path: path, query: AnthropicAdminAPI.query(bucketWidth: width, groupBy: groupBy, limit: limit))
            ],
            settings: settings, tableDefaults: SpendRow.tableDefaults)
    }
}
