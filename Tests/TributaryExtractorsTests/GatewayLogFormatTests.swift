import Foundation
import Testing
import TributaryCore
import TributaryFormats

@testable import TributaryExtractors

/// The `gateway_logs` mapping of each flavor's JSON record, field by field; then the bad records.
struct GatewayLogFormatTests {
    /// The notes' LiteLLM row (billing-exports.md §7.4): prompt_tokens 5120 include 4096 cache reads.
    static let liteLLM = #"""
        {"request_id":"chatcmpl-8f2c","call_type":"acompletion","api_key":"88dc28d0f030c55e","spend":0.0021945,\#
        "prompt_tokens":5120,"completion_tokens":410,"total_tokens":5530,"startTime":"2025-09-14T10:21:07.120Z",\#
        "endTime":"2025-09-14T10:21:09.871Z","model":"claude-sonnet-4-5-20250929","model_group":"sonnet",\#
        "custom_llm_provider":"anthropic","user":"u_123","end_user":"acme-corp","team_id":"team_search",\#
        "request_tags":["rag","prod"],"cache_hit":"False","status":"success",\#
        "metadata":{"usage_object":{"cache_read_input_tokens":4096}}}
        """#

    /// A Helicone REST-style request: the table's `cost` in billionths of a dollar.
    static let helicone = #"""
        {"request_id":"6c1d4e2a-0000-4000-8000-000000000001","request_created_at":"2025-09-14 10:21:07.120",\#
        "response_created_at":"2025-09-14 10:21:08.539","latency":1419,"status":200,"model":"gpt-4.1-mini",\#
        "provider":"OPENAI","prompt_tokens":5120,"completion_tokens":410,"prompt_cache_read_tokens":4096,\#
        "prompt_cache_write_tokens":0,"user_id":"agent-7","organization_id":"7d1f0a52","cost":1419000}
        """#

    /// The notes' Langfuse observation: `input` 1024 excludes the 4096 cached tokens.
    static let langfuse = #"""
        {"id":"obs-1","trace_id":"t-1","project_id":"proj-research","type":"GENERATION",\#
        "start_time":"2025-09-14 10:21:07.120","end_time":"2025-09-14 10:21:09.000",\#
        "provided_model_name":"gpt-4.1-mini","usage_details":{"input":"1024","input_cached_tokens":"4096",\#
        "output":"410","total":"5530"},"cost_details":{"input":0.00041},"total_cost":0.001476,"is_deleted":0}
        """#

    static func mapped(_ json: String, flavor: GatewayFlavor? = nil) throws -> MappedRecord<UsageRow> {
        try GatewayLogFormat(flavor: flavor).map(try JSONParser.parse(json), at: .root, file: "t.jsonl:1")
    }

    static func rows(_ json: String, flavor: GatewayFlavor? = nil) throws -> [UsageRow]? {
        guard case .rows(let rows) = try mapped(json, flavor: flavor) else { return nil }
        return rows
    }

    static func reject(_ json: String) throws -> (field: String?, reason: String, money: [Int128]?)? {
        guard case .reject(let field, let reason, let money, _) = try mapped(json) else { return nil }
        return (field, reason, money)
    }

    @Test func liteLLMSpendLogTakesTheCacheOutOfThePromptTokens() throws {
        let expected = UsageRow(
            provider: "anthropic", billingAccountID: "", subAccountID: "team_search", apiKeyID: "88dc28d0f030c55e",
            userID: "u_123", periodStart: 1_757_845_267, periodEnd: 1_757_845_269,
            model: "claude-sonnet-4-5-20250929", inputTokens: 1024, outputTokens: 410, cachedInputTokens: 4096,
            cacheWriteTokens: 0, requests: 1, latencyMS: 2751, statusCode: 200,
            loggedCost: ExactDecimal("0.0021945"), requestID: "chatcmpl-8f2c")
        #expect(try Self.rows(Self.liteLLM) == [expected])
    }

    @Test func liteLLMFailuresTakeTheirErrorCodeAndTheLoggedDuration() throws {
        let failed = Self.liteLLM
            .replacingOccurrences(of: #""status":"success""#, with: #""status":"failure","request_duration_ms":2000"#)
            .replacingOccurrences(
                of: #""metadata":{"usage_object":{"cache_read_input_tokens":4096}}"#,
                with: #""metadata":{"usage_object":{"prompt_tokens_details":{"cached_tokens":120}},"#
                    + #""error_information":{"error_code":"429"}}"#)
        let row = try #require(try Self.rows(failed)?.first)
        #expect(row.statusCode == 429)
        #expect(row.latencyMS == 2000)
        #expect(row.cachedInputTokens == 120)
        #expect(row.inputTokens == 5000)
    }

    @Test func heliconeCostIsBillionthsOfADollarDividedExactly() throws {
        let expected = UsageRow(
            provider: "openai", billingAccountID: "7d1f0a52", userID: "agent-7", periodStart: 1_757_845_267,
            periodEnd: 1_757_845_268, model: "gpt-4.1-mini", inputTokens: 1024, outputTokens: 410,
            cachedInputTokens: 4096, cacheWriteTokens: 0, requests: 1, latencyMS: 1419, statusCode: 200,
            loggedCost: ExactDecimal("0.001419"), requestID: "6c1d4e2a-0000-4000-8000-000000000001")
        #expect(try Self.rows(Self.helicone) == [expected])
        // A request without a response: no status, the end from the latency.
        let pending = Self.helicone.replacingOccurrences(of: #""status":200"#, with: #""status":-1"#)
            .replacingOccurrences(of: #""response_created_at":"2025-09-14 10:21:08.539","#, with: "")
            .replacingOccurrences(of: #""latency":1419"#, with: #""latency":3500"#)
        let row = try #require(try Self.rows(pending)?.first)
        #expect(row.statusCode == nil)
        #expect(row.periodEnd == 1_757_845_270)
    }

    @Test func langfuseObservationsKeepTheirCacheKeysApart() throws {
        let expected = UsageRow(
            provider: "openai", billingAccountID: "proj-research", periodStart: 1_757_845_267,
            periodEnd: 1_757_845_269, model: "gpt-4.1-mini", inputTokens: 1024, outputTokens: 410,
            cachedInputTokens: 4096, cacheWriteTokens: 0, requests: 1, latencyMS: 1880,
            loggedCost: ExactDecimal("0.001476"), requestID: "obs-1")
        #expect(try Self.rows(Self.langfuse) == [expected])
        let anthropic = Self.langfuse.replacingOccurrences(
            of: #""input_cached_tokens":"4096""#,
            with: #""cache_read_input_tokens":"4000","cache_creation_input_tokens":"96","output_reasoning_tokens":"5""#)
        let row = try #require(try Self.rows(anthropic)?.first)
        #expect(
            [row.inputTokens, row.cachedInputTokens, row.cacheWriteTokens, row.outputTokens] == [1024, 4000, 96, 415])
    }

    @Test func spansAndDeletedObservationsAreSkippedOnPurpose() throws {
        let span = Self.langfuse.replacingOccurrences(of: "GENERATION", with: "SPAN")
        #expect(try Self.rows(span) == [])
        let deleted = Self.langfuse.replacingOccurrences(of: #""is_deleted":0"#, with: #""is_deleted":1"#)
        #expect(try Self.rows(deleted) == [])
        let embedding = Self.langfuse.replacingOccurrences(of: "GENERATION", with: "EMBEDDING")
        #expect(try Self.rows(embedding)?.count == 1)
    }

    @Test(arguments: [
        ("gpt-4.1", "openai"), ("o3", "openai"), ("o3-mini", "openai"), ("o3x", "unknown"),
        ("text-embedding-3-small", "openai"), ("claude-3-5-haiku-20241022", "anthropic"),
        ("anthropic/claude-sonnet-4", "anthropic"), ("gemini-2.5-pro", "google"), ("my-model", "unknown"),
    ])
    func theProviderIsTheModelsWhenTheLogDoesNotSay(model: String, provider: String) {
        #expect(GatewayLogFormat.provider(ofModel: model) == provider)
    }

    @Test func badValuesAreRejectsNamingTheirPathWithTheCostRead() throws {
        let spend = try #require(try Self.reject(Self.liteLLM.replacingOccurrences(of: "0.0021945", with: #""lots""#)))
        #expect(spend.field == "$.spend")
        #expect(spend.reason == "'lots' is not a decimal number")

        let tokens = try #require(
            try Self.reject(
                Self.liteLLM.replacingOccurrences(of: "\"prompt_tokens\":5120", with: "\"prompt_tokens\":4000")))
        #expect(tokens.field == "$.prompt_tokens")
        #expect(tokens.reason.contains("4000 prompt tokens are fewer than the 4096 cached"))
        #expect(tokens.money == [2_194_500_000])

        let usage = try #require(
            try Self.reject(
                Self.langfuse.replacingOccurrences(
                    of: #""usage_details":{"#, with: #""usage_details":"many","x":{"#)))
        #expect(usage.field == "$.usage_details")
        #expect(usage.reason == "expected an object, found a string")

        let count = try #require(
            try Self.reject(
                Self.helicone.replacingOccurrences(of: "\"completion_tokens\":410", with: "\"completion_tokens\":4.5")))
        #expect(count.field == "$.completion_tokens")
        #expect(count.money == [1_419_000_000])
    }

    @Test func aRecordOfNoFlavorOrOfAnotherThanTheOneFixedStopsTheRun() throws {
        #expect(
            throws: ExtractorError.unexpectedJSON(
                file: "t.jsonl:1", path: "$", expected: "an object (one logged request)", found: "a string")
        ) { _ = try Self.mapped(#""hello""#) }
        #expect(
            throws: ExtractorError.unexpectedJSON(
                file: "t.jsonl:1", path: "$",
                expected: "a LiteLLM spend log (startTime), Helicone request (request_created_at) or Langfuse "
                    + "observation (usage_details)",
                found: "an object with keys id, tokens")
        ) { _ = try Self.mapped(#"{"id":"x","tokens":3}"#) }
        #expect(
            throws: ExtractorError.unexpectedJSON(
                file: "t.jsonl:1", path: "$", expected: "a Helicone request",
                found: "a LiteLLM spend log; set flavor = \"litellm\", or leave flavor out to detect it")
        ) { _ = try Self.mapped(Self.liteLLM, flavor: .helicone) }
    }
}
