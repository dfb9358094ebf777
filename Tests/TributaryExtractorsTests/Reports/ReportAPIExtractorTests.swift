import Foundation
import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats
import TributaryTestSupport

/// Live pulls against the loopback server: the window each run asks for, the queries and headers of each
/// provider, paging to the end, the watermark a pull ends with, and a page of another shape.
struct ReportAPIExtractorTests {
    static let jan1: Int64 = 1_735_689_600
    static let day: Int64 = 86_400
    static let secret = "sk-admin-test-0123456789abcdef"

    /// A server answering `path` with `pages` keyed by the `page` cursor ("" for the first).
    static func server(_ routes: [String: [String: String]]) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            guard let pages = routes[request.path], let body = pages[request.queryValue("page") ?? ""] else {
                return .notFound
            }
            return .json(body)
        }
    }

    static func cost(_ value: String) -> String {
        #"{"object":"organization.costs.result","amount":{"value":\#(value),"#
            + #""currency":"usd"},"line_item":"gpt-4.1, input","project_id":"proj_1"}"#
    }

    static func settings(_ base: URL, variable: String = "OPENAI_ADMIN_KEY", now: Int64 = jan1 + 4 * day)
        -> LivePullSettings
    {
        LivePullSettings(
            sourceID: "live", baseURL: base, startSeconds: jan1, groupBy: nil, limit: 7,
            client: APIClient.Configuration(retry: APIRetryPolicy(maxRetries: 0), timeoutSecs: 10),
            environment: [variable: secret], now: { now })
    }

    /// Reads `reader` to its end: the batches, the lineage files, and the error that stopped it.
    static func drain(_ reader: inout any CheckpointedReader) async -> (batches: [RecordBatch], error: (any Error)?) {
        var batches: [RecordBatch] = []
        do {
            while let event = try await reader.next() { if case .batch(let b, _) = event { batches.append(b) } }
            return (batches, nil)
        } catch {
            return (batches, error)
        }
    }

    @Test func openAICostsArePagedToTheEndWithTheWindowAndGroupBy() async throws {
        let server = try Self.server([
            "/v1/organization/costs": [
                "": ReportPages.openAI([(Self.jan1, [Self.cost("1.5")])], hasMore: true, next: "page_A+/="),
                "page_A+/=": ReportPages.openAI(
                    [(Self.jan1 + Self.day, [Self.cost("2.25")])], hasMore: true, next: "page_B"),
                "page_B": ReportPages.openAI([
                    (Self.jan1 + 2 * Self.day, [Self.cost("3"), Self.cost("0.125")]), (Self.jan1 + 3 * Self.day, []),
                ]),
            ]
        ])
        defer { server.stop() }
        let extractor = try OpenAICostsExtractor.live(
            organizationID: "org-1", settings: Self.settings(server.url("/v1")))
        var reader = try extractor.open(ExtractRequest())
        #expect(reader.checkpoint == nil, "no checkpoint before the end")
        let (batches, error) = await Self.drain(&reader)
        #expect(error == nil, "\(String(describing: error))")
        #expect(batches.map(\.count) == [1, 1, 2])
        #expect(
            batches.flatMap { b in (0..<b.count).map { b.column(named: "billed_cost")?.value(at: $0) } }
                == ["1.5", "2.25", "3", "0.125"].map { .decimal(decimal($0)) })
        let files = batches.map(\.lineage.file)
        #expect(
            files[0].hasSuffix(
                "/v1/organization/costs?start_time=1735689600&end_time=1736035200&bucket_width=1d"
                    + "&group_by=project_id&group_by=line_item&limit=7"
            ))
        #expect(files[1].hasSuffix("&page=page_A%2B%2F%3D"))
        #expect(!files.joined().contains(Self.secret))
        let requests = server.requests
        #expect(requests.map { $0.queryValue("page") } == [nil, "page_A+/=", "page_B"])
        for r in requests {
            #expect(r.queryValue("start_time") == "1735689600" && r.queryValue("end_time") == "1736035200")
            #expect(r.queryValues("group_by") == ["project_id", "line_item"])
            #expect(r.header("Authorization") == "Bearer \(Self.secret)")
        }
        // The latest bucket read (an empty one counts), with the configured look-back: 3 days for OpenAI.
        #expect(
            reader.checkpoint
                == .watermark(
                    Watermark(maxSeen: ExactTimestamp(seconds: Self.jan1 + 3 * Self.day), lookbackSeconds: 3 * Self.day)
                ))
    }

    @Test func theWindowResumesFromTheWatermarkLessItsLookBack() throws {
        var settings = Self.settings(URL(fileURLWithPath: "/"))
        settings.baseURL = URL(string: "https://api.openai.example/v1")
        settings.lookbackDays = 2
        let extractor = try OpenAICostsExtractor.live(organizationID: "org-1", settings: settings)
        let saved = Watermark(
            maxSeen: ExactTimestamp(seconds: Self.jan1 + 10 * Self.day), lookbackSeconds: 7 * Self.day)
        let now = Self.jan1 + 4 * Self.day
        #expect(extractor.window(for: ExtractRequest()) == ClosedOpenSeconds(from: Self.jan1, to: now))
        #expect(
            extractor.window(for: ExtractRequest(checkpoint: .watermark(saved)))
                == ClosedOpenSeconds(from: Self.jan1 + 3 * Self.day, to: now),
            "the look-back saved with the watermark, which the runner widened partitions by")
        #expect(
            extractor.window(for: ExtractRequest(checkpoint: .watermark(saved), restateFrom: Self.jan1 + Self.day))
                .from == Self.jan1 + Self.day, "a partition being replaced is read whole")
        let chunk = ClosedOpenSeconds(from: Self.jan1 - 31 * Self.day, to: Self.jan1)
        #expect(extractor.window(for: ExtractRequest(window: chunk)) == chunk)
    }

    @Test func anthropicSendsItsHeadersBracketArraysAndRFC3339() async throws {
        let usage =
            #"{"model":"claude-x","workspace_id":null,"api_key_id":null,"service_tier":"standard","#
                + #""uncached_input_tokens":10,"cache_read_input_tokens":2,"#
                + #""cache_creation":{"ephemeral_5m_input_tokens":1,"#
                + #""ephemeral_1h_input_tokens":0},"output_tokens":3}"#
        let server = try Self.server([
            "/v1/organizations/usage_report/messages": [
                "": ReportPages.anthropic([(Self.jan1, [usage])], hasMore: true, next: "page_2"),
                "page_2": ReportPages.anthropic([(Self.jan1 + Self.day, [usage])]),
            ]
        ])
        defer { server.stop() }
        let extractor = try AnthropicUsageExtractor.live(
            organizationID: "org_1", settings: Self.settings(server.baseURL, variable: "ANTHROPIC_ADMIN_KEY"))
        var reader = try extractor.open(ExtractRequest())
        let (batches, error) = await Self.drain(&reader)
        #expect(error == nil, "\(String(describing: error))")
        #expect(batches.map(\.count) == [1, 1])
        let first = try #require(server.requests.first)
        #expect(first.header("x-api-key") == Self.secret && first.header("anthropic-version") == "2023-06-01")
        #expect(first.header("Authorization") == nil)
        #expect(first.queryValue("starting_at") == "2025-01-01T00:00:00Z")
        #expect(first.queryValue("ending_at") == "2025-01-05T00:00:00Z")
        #expect(first.queryValues("group_by[]") == ["workspace_id", "api_key_id", "model", "service_tier"])
        #expect(server.requests.map { $0.queryValue("page") } == [nil, "page_2"])
        #expect(
            reader.checkpoint
                == .watermark(
                    Watermark(maxSeen: ExactTimestamp(seconds: Self.jan1 + Self.day), lookbackSeconds: 2 * Self.day)))
    }

    @Test func severalEndpointsEndAtTheEarliestOfTheirLatestBuckets() async throws {
        let embedding =
            #"{"object":"organization.usage.embeddings.result","input_tokens":5,"num_model_requests":1,"model":"e"}"#
        let completion =
            #"{"object":"organization.usage.completions.result","input_tokens":5,"#
                + #""output_tokens":1,"num_model_requests":1,"model":"c"}"#
        let server = try Self.server([
            "/v1/organization/usage/completions": ["": ReportPages.openAI([(Self.jan1 + 3 * Self.day, [completion])])],
            "/v1/organization/usage/embeddings": ["": ReportPages.openAI([(Self.jan1 + Self.day, [embedding])])],
        ])
        defer { server.stop() }
        let extractor = try OpenAIUsageExtractor.live(
            organizationID: "org-1", endpoints: [.completions, .embeddings], settings: Self.settings(server.url("/v1")))
        var reader = try extractor.open(ExtractRequest())
        let (batches, error) = await Self.drain(&reader)
        #expect(error == nil && batches.count == 2)
        guard case .watermark(let w)? = reader.checkpoint else {
            Issue.record("no watermark")
            return
        }
        #expect(w.maxSeen.seconds == Self.jan1 + Self.day)
        let byPath = Dictionary(grouping: server.requests, by: \.path)
        #expect(
            byPath["/v1/organization/usage/completions"]?.first?.queryValues("group_by")
                == ["project_id", "api_key_id", "model", "batch", "service_tier"])
        #expect(
            byPath["/v1/organization/usage/embeddings"]?.first?.queryValues("group_by")
                == ["project_id", "api_key_id", "model"], "only the keys the endpoint has")
    }

    @Test func aPageOfAnotherShapeNamesTheURLAndThePath() async throws {
        let server = try Self.server([
            "/v1/organization/costs": ["": ReportPages.openAI([(Self.jan1, [Self.cost("1"), Self.cost(#"{"x":1}"#)])])]
        ])
        defer { server.stop() }
        let extractor = try OpenAICostsExtractor.live(
            organizationID: "org-1", settings: Self.settings(server.url("/v1")))
        var reader = try extractor.open(ExtractRequest())
        let (batches, error) = await Self.drain(&reader)
        #expect(batches.isEmpty, "the page is not half-loaded")
        guard case .unexpectedShape(let url, let path, let expected, let found)? = error as? APIError else {
            Issue.record("expected unexpectedShape, got \(String(describing: error))")
            return
        }
        #expect(url.contains("/v1/organization/costs?start_time=1735689600") && !url.contains(Self.secret))
        #expect(path.description == "$.data[0].results[1].amount.value")
        #expect(expected == "a number or null" && found == "an object")
        #expect(reader.checkpoint == nil)
    }

    @Test func aMissingKeyFailsWhenThePullStartsNamingTheVariable() throws {
        var settings = Self.settings(URL(fileURLWithPath: "/"))
        settings.baseURL = URL(string: "https://api.openai.example/v1")
        settings.environment = [:]
        let extractor = try OpenAICostsExtractor.live(organizationID: "org-1", settings: settings)
        #expect(throws: APIError.missingCredential(variable: "OPENAI_ADMIN_KEY")) {
            try extractor.open(ExtractRequest())
        }
    }

    @Test func aWindowThatIsAlreadyOverAsksNothingAndKeepsTheWatermark() async throws {
        let server = try Self.server([:])
        defer { server.stop() }
        let extractor = try OpenAICostsExtractor.live(
            organizationID: "org-1", settings: Self.settings(server.url("/v1"), now: Self.jan1))
        let saved = Watermark(maxSeen: ExactTimestamp(seconds: Self.jan1 - Self.day), lookbackSeconds: 0)
        var reader = try extractor.open(ExtractRequest(checkpoint: .watermark(saved)))
        let (batches, error) = await Self.drain(&reader)
        #expect(error == nil && batches.isEmpty && server.requests.isEmpty)
        #expect(reader.checkpoint == .watermark(Watermark(maxSeen: saved.maxSeen, lookbackSeconds: 3 * Self.day)))
    }

    struct ConfigurationCase: Sendable, CustomTestStringConvertible {
        var name: String
        var change: @Sendable (inout LivePullSettings) -> Void
        var key: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        ConfigurationCase(name: "hourly costs", change: { $0.bucketWidth = "1h" }, key: "bucket_width"),
        ConfigurationCase(name: "group by model", change: { $0.groupBy = ["model"] }, key: "group_by"),
        ConfigurationCase(name: "group twice", change: { $0.groupBy = ["project_id", "project_id"] }, key: "group_by"),
        ConfigurationCase(name: "limit", change: { $0.limit = 181 }, key: "limit"),
        ConfigurationCase(name: "no host", change: { $0.baseURL = URL(string: "file:///tmp") }, key: "base_url"),
    ])
    func aWrongSettingNamesItsKey(_ c: ConfigurationCase) {
        var settings = Self.settings(URL(fileURLWithPath: "/"))
        settings.baseURL = URL(string: "https://api.openai.example/v1")
        c.change(&settings)
        #expect {
            _ = try OpenAICostsExtractor.live(organizationID: "org-1", settings: settings)
        } throws: { error in
            guard case .invalidConfiguration(let key, _)? = error as? ExtractorError else { return false }
            return key == c.key
        }
    }
}
