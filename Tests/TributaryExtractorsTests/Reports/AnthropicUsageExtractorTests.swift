import Foundation
import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats

/// `anthropic_usage`: usage report results to `llm_usage` rows.
struct AnthropicUsageExtractorTests {
    let format = AnthropicUsageFormat(organizationID: "org_kestrel")

    static func result(model: String = #""claude-sonnet-4-5-20250929""#, extra: String = "") -> String {
        #"{"model":\#(model),"workspace_id":"wrkspc_01AbCd","api_key_id":"apikey_1","#
            + #""service_tier":"batch","context_window":null,"uncached_input_tokens":1840221,"#
            + #""cache_read_input_tokens":9120003,"cache_creation":{"ephemeral_5m_input_tokens":410022,"#
            + #""ephemeral_1h_input_tokens":1000},"output_tokens":233912,"#
            + #""server_tool_use":{"web_search_requests":14}\#(extra)}"#
    }

    @Test func mapsAResultFieldByField() throws {
        let rows = try #require(try ReportPages.map(format, Self.result()).rows)
        #expect(
            rows == [
                UsageRow(
                    provider: "anthropic", billingAccountID: "org_kestrel", subAccountID: "wrkspc_01AbCd",
                    apiKeyID: "apikey_1", periodStart: ReportPages.day, periodEnd: ReportPages.day + 86_400,
                    model: "claude-sonnet-4-5-20250929", serviceTier: "batch", inputTokens: 1_840_221,
                    outputTokens: 233_912, cachedInputTokens: 9_120_003, cacheWriteTokens: 411_022, requests: 0)
            ])
    }

    @Test func anUngroupedResultHasNoWorkspaceAndAPlaceholderModel() throws {
        let text =
            #"{"model":null,"workspace_id":null,"api_key_id":null,"service_tier":null,"#
                + #""uncached_input_tokens":52000,"cache_read_input_tokens":0,"#
                + #""cache_creation":{"ephemeral_5m_input_tokens":0,"#
                + #""ephemeral_1h_input_tokens":0},"output_tokens":8100,"account_id":"user_9"}"#
        let row = try #require(try ReportPages.map(format, text).rows?.first)
        #expect(row.model == "[messages]" && row.subAccountID == nil && row.serviceTier == nil)
        #expect(row.userID == "user_9" && row.inputTokens == 52000 && row.outputTokens == 8100)
    }

    @Test func aBadCountIsARejectNamingItsNestedPath() async throws {
        let bad = Self.result().replacingOccurrences(
            of: #""ephemeral_1h_input_tokens":1000"#, with: #""ephemeral_1h_input_tokens":1.5"#)
        let out = try await ReportPages.extractSaved(
            format, ["usage.json": ReportPages.anthropic([(ReportPages.day, [Self.result(), bad])])])
        #expect(out.error == nil && out.rows == 1)
        #expect(out.rejects.map(\.field) == ["$.data[0].results[1].cache_creation.ephemeral_1h_input_tokens"])
        #expect(out.rejects.map(\.reason) == ["'1.5' is not a whole non-negative count"])
    }

    @Test func aDimensionWithoutAColumnStopsTheRun() throws {
        let grouped = Self.result().replacingOccurrences(
            of: #""context_window":null"#, with: #""context_window":"200k-1M""#)
        #expect {
            _ = try ReportPages.map(format, grouped)
        } throws: { error in
            (error as? JSONShapeError)?.path.description == "$.data[0].results[0].context_window"
        }
        #expect {
            _ = try ReportPages.map(format, #"{"uncached_input_tokens":1,"cache_read_input_tokens":0}"#)
        } throws: { error in
            (error as? JSONShapeError)?.path.description == "$.data[0].results[0].output_tokens"
        }
        #expect {
            _ = try ReportPages.map(format, Self.result(extra: #","cache_creation":7"#))
        } throws: { error in
            (error as? JSONShapeError)
                == JSONShapeError(
                    path: ReportPages.path(0, 0).appending(key: "cache_creation"), expected: "an object or null",
                    found: "a number (7)")
        }
    }
}
