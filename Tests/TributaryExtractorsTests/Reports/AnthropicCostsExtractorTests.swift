import Foundation
import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats

/// `anthropic_costs`: cost report results in cents to `spend` rows in dollars, exactly.
struct AnthropicCostsExtractorTests {
    let format = AnthropicCostsFormat(organizationID: "org_kestrel", groupedByWorkspace: true)

    static func result(
        amount: String = #""552.06630""#, currency: String = #""USD""#, workspace: String = #""wrkspc_01AbCd""#
    )
        -> String
    {
        #"{"amount":\#(amount),"currency":\#(currency),"workspace_id":\#(workspace),"#
            + #""description":"Claude Sonnet 4.5 Usage - Input Tokens","cost_type":"tokens","#
            + #""model":"claude-sonnet-4-5-20250929","token_type":"uncached_input_tokens","#
            + #""service_tier":"standard","context_window":"0-200k"}"#
    }

    @Test func mapsAResultFieldByFieldInDollars() throws {
        let rows = try #require(try ReportPages.map(format, Self.result()).rows)
        #expect(
            rows == [
                SpendRow(
                    provider: "anthropic", billingAccountID: "org_kestrel", subAccountID: "wrkspc_01AbCd",
                    billingPeriodStart: Int32(CivilTime.days(year: 2025, month: 3, day: 1)),
                    chargePeriodStart: ReportPages.day, chargePeriodEnd: ReportPages.day + 86_400,
                    chargeDescription: "Claude Sonnet 4.5 Usage - Input Tokens", serviceName: "Claude API",
                    serviceCategory: "AI and Machine Learning", listCost: decimal("5.520663"),
                    billedCost: decimal("5.520663"), effectiveCost: decimal("5.520663"), billingCurrency: "USD",
                    tags: [
                        ("anthropic:cost_type", "tokens"), ("anthropic:token_type", "uncached_input_tokens"),
                        ("anthropic:service_tier", "standard"), ("anthropic:context_window", "0-200k"),
                    ],
                    model: "claude-sonnet-4-5-20250929")
            ])
    }

    struct CentsCase: Sendable, CustomTestStringConvertible {
        var cents: String
        var dollars: String
        var testDescription: String { cents }
    }

    @Test(arguments: [
        CentsCase(cents: #""123.45""#, dollars: "1.2345"), CentsCase(cents: #""123.78912""#, dollars: "1.2378912"),
        CentsCase(cents: #""0.1""#, dollars: "0.001"), CentsCase(cents: #""1500""#, dollars: "15"),
        CentsCase(cents: #""-250""#, dollars: "-2.5"), CentsCase(cents: "1400", dollars: "14"),
        CentsCase(cents: #""1.2345678901E+2""#, dollars: "1.2345678901"),
    ])
    func dividesCentsByAHundredExactly(_ c: CentsCase) throws {
        let row = try #require(try ReportPages.map(format, Self.result(amount: c.cents)).rows?.first)
        #expect(row.billedCost == decimal(c.dollars))
    }

    @Test func centsWithMoreThanTenDecimalsAreRejectedNotRounded() throws {
        let rejection = try #require(try ReportPages.map(format, Self.result(amount: #""0.00000000001""#)).rejection)
        #expect(rejection.field == "$.data[0].results[0].amount")
        #expect(rejection.reason.contains("more than 12 decimals"))
    }

    @Test func aNullWorkspaceIsTheDefaultWorkspaceWhenGroupedByWorkspace() throws {
        let grouped = try #require(try ReportPages.map(format, Self.result(workspace: "null")).rows?.first)
        #expect(grouped.subAccountID == nil && grouped.subAccountName == "Default Workspace")
        let ungroupedFormat = AnthropicCostsFormat(organizationID: "org_kestrel", groupedByWorkspace: false)
        let ungrouped = try #require(try ReportPages.map(ungroupedFormat, Self.result(workspace: "null")).rows?.first)
        #expect(ungrouped.subAccountID == nil && ungrouped.subAccountName == nil, "a total over every workspace")
    }

    @Test func aNonNumericAmountIsARejectNamingFileRecordAndField() async throws {
        let page = ReportPages.anthropic([
            (ReportPages.day, [Self.result()]),
            (ReportPages.day + 86_400, [Self.result(), Self.result(amount: #""12,50""#)]),
        ])
        let out = try await ReportPages.extractSaved(format, ["cost_report.json": page])
        #expect(out.error == nil && out.rows == 2)
        let reject = try #require(out.rejects.first)
        #expect(reject.file == "pages/cost_report.json" && reject.line == 3)
        #expect(reject.field == "$.data[1].results[1].amount")
        #expect(reject.reason == "'12,50' is not a decimal number")
        #expect(reject.raw.first?.1 == "2025-03-05 00:00:00", "the bucket it came from")
    }

    @Test func anUnknownCurrencyIsARejectWithItsMoney() throws {
        let rejection = try #require(try ReportPages.map(format, Self.result(currency: #""US$""#)).rejection)
        #expect(rejection.field == "$.data[0].results[0].currency")
        #expect(rejection.reason == "unknown currency 'US$' (not an ISO 4217 code)")
        let units = try #require(decimal("5.520663").rescaledExactly(to: Lineage.moneyScale)).units
        #expect(rejection.money == [units, units, units] && rejection.currency == "US$")
    }

    @Test func aPageOfAnotherShapeStopsTheRunWithFileAndPath() async throws {
        let cases: [(page: String, path: String, expected: String)] = [
            (
                ReportPages.anthropic([(ReportPages.day, [Self.result(amount: "[1]")])]), "$.data[0].results[0].amount",
                "a number or null"
            ),
            (
                ReportPages.anthropic([(ReportPages.day, [#"{"uncached_input_tokens":5,"output_tokens":1}"#])]),
                "$.data[0].results[0].amount",
                "a cost in cents (usage report pages are read with type = \"anthropic_usage\")"
            ),
            (
                #"{"data":[{"starting_at":"yesterday","ending_at":"2025-03-05T00:00:00Z","#
                    + #""results":[]}],"has_more":false,"next_page":null}"#,
                "$.data[0].starting_at", "an RFC 3339 time"
            ),
            (#"{"data":[],"has_more":true,"next_page":7}"#, "$.next_page", "a cursor string or null"),
        ]
        for c in cases {
            let out = try await ReportPages.extractSaved(format, ["p.json": c.page])
            guard case .unexpectedJSON(let file, let path, let expected, _)? = out.error as? ExtractorError else {
                Issue.record("expected unexpectedJSON for \(c.path), got \(String(describing: out.error))")
                continue
            }
            #expect(file == "pages/p.json" && path == c.path && expected == c.expected)
        }
    }
}
