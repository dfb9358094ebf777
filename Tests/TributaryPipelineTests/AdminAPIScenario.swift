import Foundation
import Testing
import TributaryCore
import TributaryTestSupport

/// A live pull of one admin report source by the built `tributary`, against a loopback server playing the API,
/// loading a scratch database: the pipeline, its state and rejects in a temporary folder, the admin key in the
/// environment. The server answers the report's path from a script (the n-th request gets the n-th response).
struct AdminAPIScenario {
    enum Source: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case openAICosts = "openai_costs"
        case openAIUsage = "openai_usage"
        case anthropicCosts = "anthropic_costs"
        case anthropicUsage = "anthropic_usage"

        var testDescription: String { rawValue }
        var isOpenAI: Bool { self == .openAICosts || self == .openAIUsage }
        var isCosts: Bool { self == .openAICosts || self == .anthropicCosts }
        var table: String { isCosts ? "spend" : "llm_usage" }
        var variable: String { isOpenAI ? "OPENAI_ADMIN_KEY" : "ANTHROPIC_ADMIN_KEY" }
        var startParameter: String { isOpenAI ? "start_time" : "starting_at" }
        /// Below the server's root; OpenAI's base URL ends in `/v1`, Anthropic's paths start with it.
        var basePath: String { isOpenAI ? "/v1" : "" }
        var path: String {
            switch self {
            case .openAICosts: "/v1/organization/costs"
            case .openAIUsage: "/v1/organization/usage/completions"
            case .anthropicCosts: "/v1/organizations/cost_report"
            case .anthropicUsage: "/v1/organizations/usage_report/messages"
            }
        }

        /// How the start parameter writes `seconds`.
        func time(_ seconds: Int64) -> String {
            guard !isOpenAI else { return String(seconds) }
            return CivilTime.formatDateTime(epochSeconds: seconds).replacingOccurrences(of: " ", with: "T") + "Z"
        }

        /// One result of the report.
        var result: String {
            switch self {
            case .openAICosts:
                #"{"object":"organization.costs.result","amount":{"value":1.25,"currency":"usd"},"#
                    + #""line_item":"gpt-4.1, input","project_id":"proj_1","api_key_id":null}"#
            case .openAIUsage:
                #"{"object":"organization.usage.completions.result","input_tokens":100,"input_cached_tokens":40,"#
                    + #""output_tokens":10,"num_model_requests":2,"project_id":"proj_1","model":"gpt-4.1"}"#
            case .anthropicCosts:
                #"{"amount":"125","currency":"USD","workspace_id":"wrkspc_1","description":"Claude Usage","#
                    + #""model":"claude-x","token_type":"output_tokens"}"#
            case .anthropicUsage:
                #"{"model":"claude-x","workspace_id":"wrkspc_1","api_key_id":null,"service_tier":"standard","#
                    + #""uncached_input_tokens":60,"cache_read_input_tokens":40,"output_tokens":10}"#
            }
        }

        /// A page with one bucket starting at `start`, holding one result.
        func page(_ start: Int64, next: String?) -> String {
            let cursor = next.map { "\"\($0)\"" } ?? "null"
            let more = next != nil
            if isOpenAI {
                return
                    #"{"object":"page","data":[{"object":"bucket","start_time":\#(start),"end_time":\#(start + 86_400),"#
                    + #""results":[\#(result)]}],"has_more":\#(more),"next_page":\#(cursor)}"#
            }
            return #"{"data":[{"starting_at":"\#(time(start))","ending_at":"\#(time(start + 86_400))","#
                + #""results":[\#(result)]}],"has_more":\#(more),"next_page":\#(cursor)}"#
        }
    }

    static let secret = "sk-admin-e2e-SECRET-0123456789abcdef"
    /// 2025-01-10, -11, -12: the buckets the three scripted pages hold.
    static let days: [Int64] = [1_736_467_200, 1_736_553_600, 1_736_640_000]
    /// `start_date` of the pipeline: 2024-12-01.
    static let startDate: Int64 = 1_733_011_200

    let source: Source
    let work: TempDir
    let database: String
    let script: ResponseScript
    let server: LoopbackHTTPServer
    let pipeline: URL

    init(_ source: Source, lookbackDays: Int = 3) throws {
        self.source = source
        work = try TempDir()
        database = TestClickHouse.scratchDatabase("live_\(source.rawValue)")
        script = ResponseScript([:], fallback: .notFound)
        server = try LoopbackHTTPServer(script: script)
        let endpoints = source == .openAIUsage ? "endpoints = [\"completions\"]" : ""
        pipeline = try work.write(
            "live.toml",
            """
            version = 1

            [pipeline]
            name = "live"
            state_dir = "state"

            [source]
            id = "live"
            type = "\(source.rawValue)"
            organization_id = "org-live"
            base_url = "\(server.baseURL.absoluteString)\(source.basePath)"
            start_date = 2024-12-01
            lookback_days = \(lookbackDays)
            max_retries = 2
            retry_delay_secs = 0.01
            max_retry_delay_secs = 0.05
            timeout_secs = 10
            \(endpoints)

            [sink]
            type = "clickhouse"
            url = "${CLICKHOUSE_URL}"
            database = "\(database)"

            """)
    }

    /// The three pages, chained by cursors.
    var pages: [ScriptedResponse] {
        [
            .json(source.page(Self.days[0], next: "page_2+/=")), .json(source.page(Self.days[1], next: "page_3")),
            .json(source.page(Self.days[2], next: nil)),
        ]
    }

    func serve(_ responses: [ScriptedResponse]) { script.on(source.path, responses) }

    /// `tributary run live.toml` with the admin key and the test ClickHouse.
    func run(_ arguments: [String] = []) async throws -> CommandResult {
        try await runTributary(
            ["run", pipeline.path, "--no-progress"] + arguments,
            environment: ["CLICKHOUSE_URL": try TestClickHouse.url(), source.variable: Self.secret], in: work.url)
    }

    /// Rows of the source's table as a reader sees them.
    func rows() async throws -> String {
        let final = source.isCosts ? "" : " FINAL"
        return try await TestClickHouse.query("SELECT count() FROM \(database).\(source.table)\(final) FORMAT TSV")
    }

    /// The requests the server received for the report, in order.
    var requests: [RecordedRequest] { server.requests(to: source.path) }

    func cleanup() {
        server.stop()
        work.cleanup()
    }
}
