import Foundation
import Testing
import TributaryExtractors

@testable import TributaryPipeline

/// The admin report sources' keys: which mode a source runs in, and each mistake reported at its key.
struct AdminReportSourceConfigTests {
    static func pipeline(_ source: String) -> String {
        """
        version = 1
        [pipeline]
        name = "reports"
        [source]
        \(source)
        [sink]
        type = "clickhouse"
        url = "http://127.0.0.1:8123"
        """
    }

    @Test func pathsMeanSavedResponsesAndTheirAbsenceALivePull() throws {
        let saved = try compile(Self.pipeline(#"type = "openai_costs"\#norganization_id = "o"\#npaths = ["pages"]"#))
            .get()
        #expect(saved.extractor is JSONPagesExtractor<OpenAICostsFormat>)
        #expect(saved.sink.summary == "clickhouse tributary.spend")
        let live = try compile(
            Self.pipeline(#"type = "anthropic_usage"\#norganization_id = "o"\#nstart_date = 2025-01-01"#)
        ).get()
        let extractor = try #require(live.extractor as? ReportAPIExtractor<AnthropicUsageFormat>)
        #expect(extractor.configuration.baseURL.absoluteString == "https://api.anthropic.com")
        #expect(extractor.configuration.startSeconds == 1_735_689_600)
        #expect(extractor.configuration.lookbackSeconds == 2 * 86_400)
        #expect(live.sink.summary == "clickhouse tributary.llm_usage")
        let usage = try compile(
            Self.pipeline(
                #"type = "openai_usage"\#norganization_id = "o"\#nstart_date = "2025-02-01"\#nlookback_days = 5"#
                    + #"\#nendpoints = ["embeddings", "completions"]\#nbase_url = "http://127.0.0.1:9/v1""#)
        ).get()
        let openAI = try #require(usage.extractor as? ReportAPIExtractor<OpenAIUsageFormat>)
        #expect(
            openAI.configuration.endpoints.map(\.path) == [
                "/organization/usage/embeddings", "/organization/usage/completions",
            ])
        #expect(openAI.configuration.lookbackSeconds == 5 * 86_400)
        #expect(openAI.configuration.startSeconds == 1_738_368_000)
    }

    struct Mistake: Sendable, CustomTestStringConvertible {
        var source: String
        var key: String
        var message: String
        var testDescription: String { message }
    }

    @Test(arguments: [
        Mistake(
            source: #"type = "openai_costs"\#norganization_id = "o"\#npaths = ["p"]\#nlookback_days = 3"#,
            key: "source.lookback_days", message: "'lookback_days' is for live pulls"),
        Mistake(
            source:
                #"type = "openai_costs"\#norganization_id = "o"\#nmode = "live"\#npaths = ["p"]\#nstart_date = 2025-01-01"#,
            key: "source.paths", message: "a live pull reads the API, not files"),
        Mistake(
            source: #"type = "openai_costs"\#norganization_id = "o""#, key: "source.start_date",
            message: "missing required key 'start_date'"),
        Mistake(
            source: #"type = "openai_costs"\#npaths = ["p"]"#, key: "source.organization_id",
            message: "missing required key 'organization_id'"),
        Mistake(
            source: #"type = "openai_usage"\#nstart_date = 2025-01-01\#nlookback_days = 1\#nendpoints = ["images"]"#,
            key: "source.organization_id", message: "missing required key 'organization_id'"),
        Mistake(
            source: #"type = "openai_costs"\#norganization_id = "o"\#nstart_date = 2025-01-01\#ngroup_by = ["model"]"#,
            key: "source.group_by", message: "'model' is not a group_by of this source"),
        Mistake(
            source:
                #"type = "openai_usage"\#norganization_id = "o"\#nstart_date = 2025-01-01\#nendpoints = ["vector_stores"]"#,
            key: "source.endpoints", message: "'vector_stores' cannot be loaded: vector store usage is bytes stored"),
        Mistake(
            source:
                #"type = "anthropic_usage"\#norganization_id = "o"\#nstart_date = 2025-01-01\#ngroup_by = ["context_window"]"#,
            key: "source.group_by", message: "the others have no column in llm_usage"),
        Mistake(
            source: #"type = "anthropic_costs"\#norganization_id = "o"\#nstart_date = "January""#,
            key: "source.start_date", message: "expected a date (2025-01-01), found string"),
        Mistake(
            source: #"type = "anthropic_costs"\#norganization_id = "o"\#nstart_date = 2025-01-01\#nmode = "stream""#,
            key: "source.mode", message: "expected \"saved\" or \"live\", not 'stream'"),
        Mistake(
            source: #"type = "anthropic_costs"\#norganization_id = "o"\#nstart_date = 2025-01-01\#nlimit = 32"#,
            key: "source.limit", message: "32 buckets per page is out of range 1…31"),
        Mistake(
            source: #"type = "anthropic_costs"\#norganization_id = "o"\#nstart_date = 2025-01-01\#nlook_back = 2"#,
            key: "source.look_back", message: "unknown key 'look_back'"),
    ])
    func aMistakeIsReportedAtItsKey(_ m: Mistake) throws {
        guard case .failure(let error) = compile(Self.pipeline(m.source)) else {
            Issue.record("compiled: \(m.source)")
            return
        }
        #expect(error.issues.contains { $0.keyPath == m.key && $0.message.contains(m.message) }, "\(error)")
        // (The sink then lacks the table the source would have given it, and says so.)
        #expect(error.issues.filter { $0.keyPath.hasPrefix("source") }.count == 1, "one mistake, one message: \(error)")
    }

    @Test func savedCostResponsesSayHowTheyWereGrouped() throws {
        let p = try compile(
            Self.pipeline(
                #"type = "anthropic_costs"\#norganization_id = "o"\#npaths = ["p"]\#ngroup_by = ["description"]"#)
        ).get()
        let extractor = try #require(p.extractor as? JSONPagesExtractor<AnthropicCostsFormat>)
        #expect(extractor.format.groupedByWorkspace == false)
    }
}
