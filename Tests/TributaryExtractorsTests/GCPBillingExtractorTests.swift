import Foundation
import Testing
import TributaryCore
import TributaryFormats

@testable import TributaryExtractors

/// The `gcp_billing` mapping, field by field, on small inline exports; then the bad inputs.
struct GCPBillingExtractorTests {
    /// One export row in the notes' shape (billing-exports.md §4.5), with two credits.
    static let line = #"""
        {"billing_account_id":"01ABCD-234EFG-56789H","service":{"id":"C7E2-9256-1C43","description":"Vertex AI"},\#
        "sku":{"id":"0000-AAAA-1111","description":"Gemini 2.5 Flash Text Input - Predictions"},\#
        "usage_start_time":"2025-09-14 10:00:00 UTC","usage_end_time":"2025-09-14 11:00:00 UTC",\#
        "project":{"id":"acme-rag-prod","number":"123456789012","name":"Acme RAG",\#
        "labels":[{"key":"env","value":"prod"}]},"labels":[{"key":"team","value":"search"}],\#
        "system_labels":[{"key":"compute.googleapis.com/cores","value":"8"}],\#
        "location":{"location":"us-central1","country":"US","region":"us-central1","zone":null},\#
        "cost":1.872,"currency":"USD","currency_conversion_rate":1.0,\#
        "usage":{"amount":6240000,"unit":"count","amount_in_pricing_units":6.24,"pricing_unit":"1M count"},\#
        "credits":[{"name":"Free trial","amount":-1.5,"full_name":"Free trial credit","id":"12-b34",\#
        "type":"PROMOTION"},\#
        {"amount":-0.372,"type":"SUSTAINED_USAGE_DISCOUNT"}],\#
        "invoice":{"month":"202509","publisher_type":"GOOGLE"},"cost_type":"regular",\#
        "export_time":"2025-09-14 16:32:11.482 UTC","cost_at_list":2.08,"transaction_type":"GOOGLE"}
        """#

    static func rows(_ json: String) throws -> [SpendRow]? {
        let value = try JSONParser.parse(json)
        guard case .rows(let rows) = try GCPBillingFormat().map(value, at: .root, file: "t.jsonl:1") else { return nil }
        return rows
    }

    static func reject(_ json: String) throws -> (field: String?, reason: String, money: [Int128]?, currency: String)? {
        let value = try JSONParser.parse(json)
        guard case .reject(let f, let r, let m, let c) = try GCPBillingFormat().map(value, at: .root, file: "t") else {
            return nil
        }
        return (f, r, m, c)
    }

    /// `line` with `member` (a JSON member text) replacing the member of the same key.
    static func line(replacing key: String, with member: String) throws -> String {
        guard case .object(var object) = try JSONParser.parse(line) else { return line }
        let replacement = try JSONParser.parse("{\(member)}")
        var out = JSONObject()
        for (k, v) in object.members { out.append(k, k == key ? (replacement[key] ?? v) : v) }
        if object[key] == nil, let v = replacement[key] { out.append(key, v) }
        object = out
        return JSONValue.object(object).compactText
    }

    static let usage = SpendRow(
        provider: "gcp", billingAccountID: "01ABCD-234EFG-56789H", subAccountID: "acme-rag-prod",
        subAccountName: "Acme RAG", billingPeriodStart: Int32(CivilTime.days(year: 2025, month: 9, day: 1)),
        chargePeriodStart: 1_757_844_000, chargePeriodEnd: 1_757_847_600, chargeCategory: "Usage",
        chargeDescription: "Gemini 2.5 Flash Text Input - Predictions", serviceName: "Vertex AI",
        serviceCategory: "AI and Machine Learning", skuID: "0000-AAAA-1111", regionID: "us-central1",
        pricingQuantity: ExactDecimal("6.24"), consumedQuantity: ExactDecimal(6_240_000), pricingUnit: "1M count",
        consumedUnit: "count", listCost: ExactDecimal(units: 208, scale: 2),
        billedCost: ExactDecimal(units: 1872, scale: 3),
        effectiveCost: ExactDecimal(units: 1872, scale: 3), billingCurrency: "USD",
        tags: [("team", "search"), ("project:env", "prod"), ("compute.googleapis.com/cores", "8")],
        model: "gemini-2.5-flash")

    @Test func aRowIsOneUsageLineAndEachCreditALineOfItsOwn() throws {
        var promotion = Self.usage
        promotion.chargeCategory = "Credit"
        promotion.chargeDescription = "Free trial"
        promotion.pricingQuantity = nil
        promotion.consumedQuantity = nil
        promotion.pricingUnit = nil
        promotion.consumedUnit = nil
        promotion.listCost = .zero
        promotion.billedCost = ExactDecimal(units: -15, scale: 1)
        promotion.effectiveCost = ExactDecimal(units: -15, scale: 1)
        var discount = promotion
        discount.chargeDescription = "SUSTAINED_USAGE_DISCOUNT"
        discount.billedCost = ExactDecimal(units: -372, scale: 3)
        discount.effectiveCost = ExactDecimal(units: -372, scale: 3)
        let rows = try #require(try Self.rows(Self.line))
        #expect(rows == [Self.usage, promotion, discount])
        // Net as Google reconciles it: cost + SUM(credits.amount).
        #expect(rows.reduce(ExactDecimal.zero) { $0.adding($1.billedCost)! } == .zero)
    }

    @Test(arguments: [
        ("regular", "Usage"), ("Regular", "Usage"), ("tax", "Tax"), ("Tax", "Tax"), ("adjustment", "Adjustment"),
        ("rounding_error", "Adjustment"),
    ])
    func costTypesBecomeChargeCategories(costType: String, category: String) throws {
        let rows = try #require(try Self.rows(Self.line(replacing: "cost_type", with: #""cost_type":"\#(costType)""#)))
        #expect(rows.map(\.chargeCategory) == [category, "Credit", "Credit"])
    }

    @Test func anUnknownCostTypeIsARejectNamingIt() throws {
        let reject = try #require(try Self.reject(Self.line(replacing: "cost_type", with: #""cost_type":"refund""#)))
        #expect(reject.field == "$.cost_type")
        #expect(reject.reason.contains("'refund' is not a cost type"))
        // What was read still counts: cost and credits net to zero, list cost 2.08, in USD.
        #expect(reject.money == [0, 0, 2_080_000_000_000])
        #expect(reject.currency == "USD")
    }

    @Test func lateUsageBelongsToItsInvoiceMonthAndOnlyFixesOfInvoicedMonthsAreCorrections() throws {
        // Usage of 31 August on the September invoice: billed in September, not a correction.
        let late = try Self.line(replacing: "credits", with: #""credits":[]"#)
            .replacingOccurrences(of: "2025-09-14 10:00:00 UTC", with: "2025-08-31 23:00:00 UTC")
            .replacingOccurrences(of: "2025-09-14 11:00:00 UTC", with: "2025-09-01 00:00:00 UTC")
        let lateRow = try #require(try Self.rows(late)?.first)
        #expect(lateRow.billingPeriodStart == Int32(CivilTime.days(year: 2025, month: 9, day: 1)))
        #expect(lateRow.chargePeriodStart == 1_756_681_200)
        #expect(lateRow.chargeClass == nil)

        // An adjustment of August usage on the September invoice fixes an invoiced month.
        let adjustment =
            #""adjustment_info":{"id":"adj-1","description":"Price fix","mode":"COMPLETE_NEGATION","#
            + #""type":"PRICE_CORRECTION"}"#
        let fix = try Self.line(replacing: "adjustment_info", with: adjustment)
            .replacingOccurrences(of: "2025-09-14 10:00:00 UTC", with: "2025-08-20 10:00:00 UTC")
            .replacingOccurrences(of: "2025-09-14 11:00:00 UTC", with: "2025-08-20 11:00:00 UTC")
            .replacingOccurrences(of: #""cost_type":"regular""#, with: #""cost_type":"adjustment""#)
        let fixRows = try #require(try Self.rows(fix))
        #expect(fixRows.map(\.chargeCategory) == ["Adjustment", "Credit", "Credit"])
        #expect(fixRows.map(\.chargeClass) == ["Correction", "Correction", "Correction"])
        #expect(fixRows.first?.chargeDescription == "Price fix")

        // The same adjustment of September usage is within the invoice month: no Correction.
        let within = try Self.line(replacing: "adjustment_info", with: adjustment)
        #expect(try Self.rows(within)?.first?.chargeClass == nil)
    }

    @Test(
        arguments: [
            ("C7E2-9256-1C43", "Vertex AI", "Gemini 2.5 Pro Text Input (≤200k)", "gemini-2.5-pro"),
            ("C7E2-9256-1C43", "Vertex AI", "Gemini 2.0 Flash Lite Text Output - Predictions", "gemini-2.0-flash-lite"),
            ("C7E2-9256-1C43", "Vertex AI", "Gemini 2.5 Pro Text and Thinking Output (<=200k)", "gemini-2.5-pro"),
            ("AEFD-7695-64FA", "Gemini API", "Gemini 2.5 Flash Image Output", "gemini-2.5-flash"),
            ("", "Vertex AI", "Claude Sonnet 4 Input Tokens", "claude-sonnet-4"),
            ("C7E2-9256-1C43", "Vertex AI", "Vertex AI Prediction: Custom Model", nil),
            ("6F81-5844-456A", "Compute Engine", "Gemini Instance Core", nil),
        ] as [(String, String, String, String?)])
    func vertexAndGeminiSKUsNameTheirModel(serviceID: String, service: String, sku: String, model: String?) {
        #expect(GCPBillingFormat.model(serviceID: serviceID, service: service, sku: sku) == model)
    }

    @Test func labelsMayAlsoComeAsAnObject() throws {
        let line = try Self.line(replacing: "labels", with: #""labels":{"team":"search","tier":1}"#)
        let tags = try #require(try Self.rows(line)?.first?.tags)
        #expect(tags.map(\.key) == ["team", "tier", "project:env", "compute.googleapis.com/cores"])
        #expect(tags.map(\.value) == ["search", "1", "prod", "8"])
    }

    @Test func badAmountsAndShapesAreRejectsNamingTheirPath() throws {
        let cost = try #require(try Self.reject(Self.line(replacing: "cost", with: #""cost":"n/a""#)))
        #expect(cost.field == "$.cost")
        #expect(cost.reason == "'n/a' is not a decimal number")
        #expect(cost.money == [0, 0, 0])

        let credit = try #require(
            try Self.reject(
                Self.line(replacing: "credits", with: #""credits":[{"name":"x","amount":-1},{"amount":true}]"#)))
        #expect(credit.field == "$.credits[1].amount")
        #expect(credit.reason == "expected a number, found a boolean")
        // The cost and the first credit were read: 1.872 - 1.
        #expect(credit.money?.first == 872_000_000_000)

        let credits = try #require(try Self.reject(Self.line(replacing: "credits", with: #""credits":{"amount":-1}"#)))
        #expect(credits.field == "$.credits")
        #expect(credits.reason == "expected an array, found an object")

        let service = try #require(try Self.reject(Self.line(replacing: "service", with: #""service":"Vertex AI""#)))
        #expect(service.field == "$.service")
        #expect(service.reason == "expected an object, found a string")

        let month = try #require(
            try Self.reject(Self.line(replacing: "invoice", with: #""invoice":{"month":"2025-13"}"#)))
        #expect(month.field == "$.invoice.month")
    }

    @Test func anUnknownCurrencyIsARejectKeepingTheMoneyRead() throws {
        let reject = try #require(try Self.reject(Self.line(replacing: "currency", with: #""currency":"usdx""#)))
        #expect(reject.field == "$.currency")
        #expect(reject.reason == "unknown currency 'usdx' (not an ISO 4217 code)")
        #expect(reject.money == [0, 0, 2_080_000_000_000])
        #expect(reject.currency == "USDX")
    }

    @Test func aLineOfAnotherShapeStopsTheRunWithItsPath() throws {
        #expect(
            throws: ExtractorError.unexpectedJSON(
                file: "t.jsonl:1", path: "$", expected: "an object (one row of the billing export)", found: "an array")
        ) {
            _ = try GCPBillingFormat().map(try JSONParser.parse("[1]"), at: .root, file: "t.jsonl:1")
        }
        do {
            _ = try GCPBillingFormat().map(
                try JSONParser.parse(#"{"BilledCost":"1","ChargePeriodStart":"x"}"#), at: .root, file: "t.jsonl:3")
            Issue.record("a FOCUS row was mapped")
        } catch {
            #expect(String(describing: error).contains("t.jsonl:3"))
            #expect(String(describing: error).contains("read FOCUS files with type = \"focus\""))
        }
    }
}
