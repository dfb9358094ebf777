import Foundation
import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats

/// `openai_usage`: each endpoint's results to `llm_usage` rows, uncached input across the schema change, and what
/// does not fit.
struct OpenAIUsageExtractorTests {
    let format = OpenAIUsageFormat(organizationID: "org-kestrel")

    func row(_ text: String) throws -> UsageRow { try #require(try ReportPages.map(format, text).rows?.first) }

    func usage(
        model: String = "gpt-4.1-mini-2025-04-14", input: UInt64 = 0, output: UInt64 = 0, cached: UInt64 = 0,
        writes: UInt64 = 0, requests: UInt64 = 0, project: String? = nil, key: String? = nil, user: String? = nil,
        tier: String? = nil
    ) -> UsageRow {
        UsageRow(
            provider: "openai", billingAccountID: "org-kestrel", subAccountID: project, apiKeyID: key, userID: user,
            periodStart: ReportPages.day, periodEnd: ReportPages.day + 86_400, model: model, serviceTier: tier,
            inputTokens: input, outputTokens: output, cachedInputTokens: cached, cacheWriteTokens: writes,
            requests: requests)
    }

    @Test func mapsACompletionsResultOfTheCurrentSchemaFieldByField() throws {
        let text =
            #"{"object":"organization.usage.completions.result","input_tokens":30500000,"#
                + #""input_cached_tokens":12000000,"input_cache_write_tokens":500000,"#
                + #""input_uncached_tokens":18000000,"input_text_tokens":30500000,"#
                + #""input_audio_tokens":0,"output_tokens":3050000,"num_model_requests":18211,"#
                + #""project_id":"proj_aB3x","user_id":"user_1","api_key_id":"key_1","#
                + #""model":"gpt-4.1-mini-2025-04-14","batch":false,"service_tier":"default"}"#
        #expect(
            try row(text)
                == usage(
                    input: 18_000_000, output: 3_050_000, cached: 12_000_000, writes: 500_000, requests: 18211,
                    project: "proj_aB3x", key: "key_1", user: "user_1", tier: "standard"))
    }

    @Test func derivesUncachedInputWhenTheCurrentSchemaOmitsIt() throws {
        let text =
            #"{"object":"organization.usage.completions.result","input_tokens":1000,"#
                + #""input_cached_tokens":300,"input_cache_write_tokens":100,"input_text_tokens":1000,"#
                + #""output_tokens":50,"num_model_requests":2,"model":"gpt-4.1"}"#
        #expect(try row(text) == usage(model: "gpt-4.1", input: 600, output: 50, cached: 300, writes: 100, requests: 2))
    }

    @Test func readsTheOldSchemaWithAudioApart() throws {
        // Before the 2026-07-15 sync: `input_tokens` is text with cached text; audio input is its own count.
        let text =
            #"{"object":"organization.usage.completions.result","input_tokens":1000,"#
                + #""input_cached_tokens":400,"input_audio_tokens":250,"output_tokens":80,"#
                + #""output_audio_tokens":5,"num_model_requests":3,"project_id":null,"#
                + #""user_id":null,"api_key_id":null,"model":"gpt-4o-audio-preview","batch":null}"#
        #expect(try row(text) == usage(model: "gpt-4o-audio-preview", input: 850, output: 80, cached: 400, requests: 3))
    }

    @Test func theAudioOfTheCurrentSchemaIsAlreadyInInputTokens() throws {
        let text =
            #"{"object":"organization.usage.completions.result","input_tokens":1000,"#
                + #""input_cached_tokens":400,"input_audio_tokens":250,"input_cached_audio_tokens":50,"#
                + #""output_tokens":80,"num_model_requests":3,"model":"gpt-4o"}"#
        #expect(try row(text).inputTokens == 600)
    }

    @Test func batchIsAServiceTierAndAnUngroupedModelIsNamedByItsEndpoint() throws {
        let text =
            #"{"object":"organization.usage.completions.result","input_tokens":10,"#
                + #""output_tokens":1,"num_model_requests":1,"model":null,"batch":true,"service_tier":"default"}"#
        let r = try row(text)
        #expect(r.serviceTier == "batch")
        #expect(r.model == "[completions]")
    }

    struct EndpointCase: Sendable, CustomTestStringConvertible {
        var result: String
        var expected: UsageRow
        var testDescription: String { expected.model }
    }

    static var endpointCases: [EndpointCase] {
        let t = OpenAIUsageExtractorTests()
        return [
            EndpointCase(
                result:
                    #"{"object":"organization.usage.embeddings.result","input_tokens":60000000,"#
                        + #""num_model_requests":6000,"project_id":"proj_dp","model":"text-embedding-3-small"}"#,
                expected: t.usage(
                    model: "text-embedding-3-small", input: 60_000_000, requests: 6000, project: "proj_dp")),
            EndpointCase(
                result:
                    #"{"object":"organization.usage.moderations.result","input_tokens":1200,"#
                        + #""num_model_requests":4,"model":"omni-moderation-latest"}"#,
                expected: t.usage(model: "omni-moderation-latest", input: 1200, requests: 4)),
            EndpointCase(
                result:
                    #"{"object":"organization.usage.images.result","images":12,"#
                        + #""num_model_requests":5,"model":"gpt-image-1","source":null,"size":null}"#,
                expected: t.usage(model: "gpt-image-1", requests: 5)),
            EndpointCase(
                result:
                    #"{"object":"organization.usage.audio_speeches.result","characters":4500,"#
                        + #""num_model_requests":9,"model":"tts-1"}"#,
                expected: t.usage(model: "tts-1", requests: 9)),
            EndpointCase(
                result:
                    #"{"object":"organization.usage.audio_transcriptions.result","#
                        + #""seconds":600,"num_model_requests":2,"model":"whisper-1"}"#,
                expected: t.usage(model: "whisper-1", requests: 2)),
            EndpointCase(
                result:
                    #"{"object":"organization.usage.code_interpreter_sessions.result","#
                        + #""num_sessions":7,"project_id":"proj_ws"}"#,
                expected: t.usage(model: "[code_interpreter_sessions]", requests: 7, project: "proj_ws")),
        ]
    }

    @Test(arguments: endpointCases)
    func mapsEveryEndpointThatFits(_ c: EndpointCase) throws {
        #expect(try row(c.result) == c.expected)
    }

    @Test func cachedTokensBeyondTheInputAreARejectNamingTheField() throws {
        let text =
            #"{"object":"organization.usage.completions.result","input_tokens":100,"#
                + #""input_cached_tokens":300,"input_text_tokens":100,"output_tokens":1,"#
                + #""num_model_requests":1,"model":"gpt-4.1"}"#
        let rejection = try #require(try ReportPages.map(format, text).rejection)
        #expect(rejection.field == "$.data[0].results[0].input_tokens")
        #expect(rejection.reason.contains("fewer than the 300 cached"))
    }

    @Test func aNonNumericOrNegativeCountIsAReject() async throws {
        let bad =
            #"{"object":"organization.usage.completions.result","input_tokens":"lots","#
                + #""output_tokens":1,"num_model_requests":1,"model":"gpt-4.1"}"#
        let negative =
            #"{"object":"organization.usage.embeddings.result","input_tokens":-5,"num_model_requests":1,"model":"e"}"#
        let page = ReportPages.openAI([(ReportPages.day, [bad]), (ReportPages.day + 86_400, [negative])])
        let out = try await ReportPages.extractSaved(format, ["usage.json": page])
        #expect(out.error == nil)
        #expect(out.rejects.map(\.field) == ["$.data[0].results[0].input_tokens", "$.data[1].results[0].input_tokens"])
        #expect(out.rejects.map(\.line) == [1, 2])
        #expect(
            out.rejects.map(\.reason) == ["'lots' is not a decimal number", "'-5' is not a whole non-negative count"])
    }

    struct UnfitCase: Sendable, CustomTestStringConvertible {
        var result: String
        var path: String
        var expectedContains: String
        var testDescription: String { path + " " + expectedContains }
    }

    @Test(arguments: [
        UnfitCase(
            result: #"{"object":"organization.usage.vector_stores.result","usage_bytes":1024,"project_id":"p"}"#,
            path: "$.data[0].results[0].object", expectedContains: "bytes stored"),
        UnfitCase(
            result: #"{"object":"organization.usage.web_searches.result","num_requests":3,"model":"gpt-4.1"}"#,
            path: "$.data[0].results[0].object", expectedContains: "tool calls"),
        UnfitCase(
            result:
                #"{"object":"organization.usage.images.result","images":1,"num_model_requests":1,"size":"1024x1024"}"#,
            path: "$.data[0].results[0].size", expectedContains: "no column"),
        UnfitCase(
            result: #"{"object":"organization.costs.result","amount":{"value":1,"currency":"usd"}}"#,
            path: "$.data[0].results[0].object", expectedContains: "type = \"openai_costs\""),
        UnfitCase(
            result: #"{"object":"organization.usage.completions.result","input_tokens":1,"num_model_requests":1}"#,
            path: "$.data[0].results[0].output_tokens", expectedContains: "a number"),
        UnfitCase(
            result:
                #"{"object":"organization.usage.completions.result","input_tokens":1,"#
                    + #""output_tokens":1,"num_model_requests":1,"batch":"no"}"#,
            path: "$.data[0].results[0].batch", expectedContains: "a boolean or null"),
    ])
    func aResultThatDoesNotFitStopsTheRunWithItsPath(_ c: UnfitCase) throws {
        #expect {
            _ = try ReportPages.map(format, c.result)
        } throws: { error in
            guard let shape = error as? JSONShapeError else { return false }
            return shape.path.description == c.path && shape.expected.contains(c.expectedContains)
        }
    }
}
