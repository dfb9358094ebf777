import Foundation
import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats

/// `openai_costs`: one Costs API result to one `spend` row, field by field, and what a bad page becomes.
struct OpenAICostsExtractorTests {
    let format = OpenAICostsFormat(organizationID: "org-kestrel")

    static func result(value: String = "12.4031", currency: String = #""usd""#, extra: String = "") -> String {
        #"{"object":"organization.costs.result","amount":{"value":\#(value),"#
            + #""currency":\#(currency)},"line_item":"gpt-4.1-mini, input","project_id":"proj_aB3x","#
            + #""api_key_id":null,"quantity":30500000,"quantity_unit":"tokens"\#(extra)}"#
    }

    @Test func mapsAResultFieldByField() throws {
        let rows = try #require(try ReportPages.map(format, Self.result()).rows)
        let march = Int32(CivilTime.days(year: 2025, month: 3, day: 1))
        #expect(
            rows == [
                SpendRow(
                    provider: "openai", billingAccountID: "org-kestrel", subAccountID: "proj_aB3x",
                    billingPeriodStart: march, chargePeriodStart: ReportPages.day,
                    chargePeriodEnd: ReportPages.day + 86_400, chargeDescription: "gpt-4.1-mini, input",
                    serviceName: "OpenAI API", serviceCategory: "AI and Machine Learning",
                    pricingQuantity: decimal("30500000"), consumedQuantity: decimal("30500000"), pricingUnit: "Tokens",
                    consumedUnit: "Tokens", listCost: decimal("12.4031"), billedCost: decimal("12.4031"),
                    effectiveCost: decimal("12.4031"), billingCurrency: "USD", model: "gpt-4.1-mini",
                    dataStatus: "estimated")
            ])
    }

    @Test func keepsTheAmountsExactTextAndTheAPIKeyAsATag() throws {
        let text = Self.result(value: "1.2403100000001E+1").replacingOccurrences(
            of: #""api_key_id":null"#, with: #""api_key_id":"key_abc""#)
        let row = try #require(try ReportPages.map(format, text).rows?.first)
        #expect(row.billedCost == decimal("12.403100000001"))
        #expect(row.tags.map(\.key) == ["openai:api_key_id"])
        #expect(row.tags.map(\.value) == ["key_abc"])
    }

    @Test func aResultNotGroupedByLineItemHasNoModelOrQuantity() throws {
        let text =
            #"{"object":"organization.costs.result","amount":{"value":0.06,"#
                + #""currency":"usd"},"line_item":null,"project_id":null}"#
        let row = try #require(try ReportPages.map(format, text).rows?.first)
        #expect(row.chargeDescription == nil && row.model == nil && row.subAccountID == nil)
        #expect(row.pricingQuantity == nil && row.pricingUnit == nil)
        #expect(row.billedCost == decimal("0.06"))
    }

    struct LineItemCase: Sendable, CustomTestStringConvertible {
        var lineItem: String
        var model: String?
        var testDescription: String { lineItem }
    }

    @Test(arguments: [
        LineItemCase(lineItem: "gpt-4o-2024-08-06, input", model: "gpt-4o-2024-08-06"),
        LineItemCase(lineItem: "gpt-5-nano, input_tokens", model: "gpt-5-nano"),
        LineItemCase(lineItem: "gpt-4o", model: "gpt-4o"),
        LineItemCase(lineItem: "o3, cached input", model: "o3"),
        LineItemCase(lineItem: "web search tool calls", model: nil),
        LineItemCase(lineItem: "Assistants API | file search, storage", model: nil),
        LineItemCase(lineItem: "", model: nil),
    ])
    func readsTheModelFromTheLineItem(_ c: LineItemCase) {
        #expect(OpenAICostsFormat.model(fromLineItem: c.lineItem) == c.model)
    }

    @Test func aNonNumericCostIsARejectNamingFileRecordAndField() async throws {
        let page = ReportPages.openAI([(ReportPages.day, [Self.result(), Self.result(value: #""n/a""#)])])
        let out = try await ReportPages.extractSaved(format, ["p1.json": page])
        #expect(out.error == nil)
        #expect(out.rows == 1)
        let reject = try #require(out.rejects.first)
        #expect(out.rejects.count == 1)
        #expect(reject.file == "pages/p1.json")
        #expect(reject.line == 2, "the second record of the page")
        #expect(reject.field == "$.data[0].results[1].amount.value")
        #expect(reject.reason == "'n/a' is not a decimal number")
        #expect(reject.money == [0, 0, 0], "nothing was read as money")
        #expect(reject.raw.map(\.0) == ["bucket_start", "bucket_end", "record"])
        #expect(reject.raw.last?.1?.contains(#""value":"n/a""#) == true)
    }

    @Test func anUnknownCurrencyIsARejectThatKeepsItsMoney() throws {
        let rejection = try #require(try ReportPages.map(format, Self.result(currency: #""usx""#)).rejection)
        #expect(rejection.field == "$.data[0].results[0].amount.currency")
        #expect(rejection.reason == "unknown currency 'usx' (not an ISO 4217 code)")
        let units = try #require(decimal("12.4031").rescaledExactly(to: Lineage.moneyScale)).units
        #expect(rejection.money == [units, units, units])
        #expect(rejection.currency == "USX")
    }

    @Test func anAmountWithMoreDecimalsThanTheTableKeepsIsRejectedNotRounded() throws {
        let rejection = try #require(try ReportPages.map(format, Self.result(value: "0.0000000000001")).rejection)
        #expect(rejection.field == "$.data[0].results[0].amount.value")
        #expect(rejection.reason.contains("more than 12 decimals"))
    }

    struct ShapeCase: Sendable, CustomTestStringConvertible {
        var name: String
        var page: String
        var path: String
        var expected: String
        var testDescription: String { name }
    }

    static let shapeCases: [ShapeCase] = [
        ShapeCase(
            name: "amount.value is an object",
            page: ReportPages.openAI([(ReportPages.day, [result(), result(value: #"{"usd":1}"#)])]),
            path: "$.data[0].results[1].amount.value", expected: "a number or null"),
        ShapeCase(
            name: "no amount",
            page: ReportPages.openAI([(ReportPages.day, [#"{"object":"organization.costs.result"}"#])]),
            path: "$.data[0].results[0].amount", expected: "an object"),
        ShapeCase(
            name: "a usage result",
            page: ReportPages.openAI([
                (ReportPages.day, [#"{"object":"organization.usage.completions.result","input_tokens":1}"#])
            ]),
            path: "$.data[0].results[0].object",
            expected:
                #""organization.costs.result" (a Costs API result; usage pages are read with type = "openai_usage")"#),
        ShapeCase(
            name: "not a page", page: #"{"object":"list","data":[],"has_more":false,"next_page":null}"#,
            path: "$.object", expected: #""page""#),
        ShapeCase(
            name: "results is not an array",
            page:
                #"{"object":"page","data":[{"object":"bucket","start_time":1,"#
                    + #""end_time":2,"results":{}}],"has_more":false,"next_page":null}"#,
            path: "$.data[0].results", expected: "an array"),
        ShapeCase(
            name: "a bucket time is text",
            page:
                #"{"object":"page","data":[{"object":"bucket","start_time":"2025-03-04","#
                    + #""end_time":2,"results":[]}],"has_more":false,"next_page":null}"#,
            path: "$.data[0].start_time", expected: "a Unix time in whole seconds"),
        ShapeCase(
            name: "has_more is missing", page: #"{"object":"page","data":[],"next_page":null}"#, path: "$.has_more",
            expected: "a boolean"),
    ]

    @Test(arguments: shapeCases)
    func aPageOfAnotherShapeStopsTheRunWithFileAndPath(_ c: ShapeCase) async throws {
        let out = try await ReportPages.extractSaved(format, ["p1.json": c.page])
        let error = try #require(out.error as? ExtractorError)
        guard case .unexpectedJSON(let file, let path, let expected, _) = error else {
            Issue.record("expected unexpectedJSON, got \(error)")
            return
        }
        #expect(file == "pages/p1.json")
        #expect(path == c.path)
        #expect(expected == c.expected)
        #expect(out.rows == 0, "a page is mapped whole or not at all")
        #expect(error.description.hasPrefix("pages/p1.json:\(c.path): error: expected \(c.expected)"))
    }

    @Test func aFileThatIsNotJSONNamesItsLine() async throws {
        let out = try await ReportPages.extractSaved(format, ["p1.json": "{\n  \"object\": \"page\",\n  oops\n}"])
        let error = try #require(out.error as? ExtractorError)
        guard case .wrongFormat(let file, let line, _, let message) = error else {
            Issue.record("expected wrongFormat, got \(error)")
            return
        }
        #expect(file == "pages/p1.json" && line == 3)
        #expect(message.hasPrefix("not valid JSON"))
    }
}
