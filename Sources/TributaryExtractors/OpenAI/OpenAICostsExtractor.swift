import Foundation
import TributaryCore
import TributaryFormats

/// The `openai_costs` source: the OpenAI organisation Costs API (`GET /v1/organization/costs`), into `spend`, one
/// row per result: a (project, line item, API key) of a daily bucket (billing-exports.md §1.5).
///
/// `amount.value` is a JSON number in dollars, kept as its exact text; `amount.currency` is lower case (`usd` →
/// `USD`). Billed, effective and list cost are the amount (the API knows no discounts). The charge period is the
/// bucket, the billing period the month it starts in. `line_item` is the charge description, and the model is
/// read from it where the notes say it sits: before `", "` in `"gpt-4o-2024-08-06, input"`, or the whole label
/// when it is a bare model id (`"gpt-4o"`); a label of words (`"web search tool calls"`) names no model. The API
/// key of a result grouped by `api_key_id` is the tag `openai:api_key_id`. Costs are never marked final: the
/// API has no invoice id.
public struct OpenAICostsFormat: ReportPageFormat {
    public typealias Row = SpendRow
    /// `billing_account_id`: the organisation, which the API's results do not repeat.
    public let organizationID: String

    public init(organizationID: String) {
        self.organizationID = organizationID
    }

    public var name: String { "OpenAI costs" }
    public var envelope: ReportEnvelope { .openAI }

    public static let resultObject = "organization.costs.result"
    public static let serviceName = "OpenAI API"

    static let kinds: [(key: String, kind: JSONShape.Kind)] = [
        ("object", .string), ("amount", .object), ("amount.value", .number), ("amount.currency", .string),
        ("line_item", .string), ("project_id", .string), ("api_key_id", .string), ("quantity", .number),
        ("quantity_unit", .string),
    ]

    /// `quantity_unit` (added 2026-08) in FOCUS's unit spelling; other units as the API writes them.
    static let units: [String: String] = [
        "tokens": "Tokens", "1000_tokens": "1000 Tokens", "duration_seconds": "Seconds",
        "duration_minutes": "Minutes", "duration_hours": "Hours", "gibibyte_hours": "GiB-Hours", "images": "Images",
        "characters": "Characters",
    ]

    public func map(_ result: JSONValue, in bucket: ReportBucket, at path: JSONPath) throws(JSONShapeError)
        -> MappedRecord<SpendRow>
    {
        _ = try JSONShape.object(result, at: path)
        try JSONShape.constant(
            result["object"], at: path.appending(key: "object"), Self.resultObject,
            hint: "a Costs API result; usage pages are read with type = \"openai_usage\"")
        try JSONShape.members(result, at: path, Self.kinds, required: ["amount", "amount.value", "amount.currency"])
        let f = JSONFields(result, at: path)
        let amount = f.nested("amount")
        return .cost(
            amount: { () throws(ModelRowError) in try amount.requiredDecimal("value") },
            amountField: amount.fieldPath("value"), currency: result["amount"]?["currency"]?.stringValue,
            currencyField: amount.fieldPath("currency")
        ) { amount, currency throws(ModelRowError) in
            let lineItem = try f.string("line_item")
            let quantity = try f.decimal("quantity")
            let unit = try f.string("quantity_unit").map { Self.units[$0] ?? $0 }
            var tags: [(key: String, value: String)] = []
            if let key = try f.string("api_key_id") { tags.append(("openai:api_key_id", key)) }
            return SpendRow(
                provider: "openai", billingAccountID: organizationID, subAccountID: try f.string("project_id"),
                billingPeriodStart: FieldParser.monthStart(of: bucket.start), chargePeriodStart: bucket.start,
                chargePeriodEnd: bucket.end, chargeDescription: lineItem, serviceName: Self.serviceName,
                serviceCategory: "AI and Machine Learning", pricingQuantity: quantity, consumedQuantity: quantity,
                pricingUnit: unit, consumedUnit: unit, listCost: amount, billedCost: amount, effectiveCost: amount,
                billingCurrency: currency, tags: tags, model: lineItem.flatMap(Self.model(fromLineItem:)))
        }
    }

    /// The model a line item names: the part before `", "`, or the whole label when it is one word; nil when the
    /// label is words that name no model (the vocabulary is not documented, billing-exports.md §10).
    public static func model(fromLineItem lineItem: String) -> String? {
        let label = lineItem.trimmingCharacters(in: .whitespaces)
        let head = label.range(of: ", ").map { String(label[..<$0.lowerBound]) } ?? label
        guard !head.isEmpty, !head.contains(" ") else { return nil }
        return head
    }
}

/// The `openai_costs` source's endpoint, its group-by keys and its limits (billing-exports.md §1.2).
public enum OpenAICostsExtractor {
    public static let path = "/organization/costs"
    /// Every key the endpoint groups by; `line_item` is what gives a model and a quantity.
    public static let groupBy = ["project_id", "line_item", "api_key_id"]
    public static let defaultGroupBy = ["project_id", "line_item"]
    /// Buckets per page: 1–180, the API's default 7.
    public static let limits = 1...180
    /// Costs are daily only.
    public static let bucketWidths = ["1d"]

    /// Saved responses of the endpoint.
    public static func pages(
        organizationID: String, sourceID: String, paths: [String], baseDirectory: String, batchRows: Int
    ) throws(ExtractorError) -> JSONPagesExtractor<OpenAICostsFormat> {
        try JSONPagesExtractor(
            format: OpenAICostsFormat(organizationID: organizationID), sourceID: sourceID, paths: paths,
            baseDirectory: baseDirectory, batchRows: batchRows, tableDefaults: SpendRow.tableDefaults)
    }
}
