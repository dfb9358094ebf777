import Foundation
import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats
import TributaryTestSupport

/// The client through the real loopback server and `URLSessionTransport`: headers, encoding, retries, errors.
struct APIClientTests {
    static let emptyPage = #"{"object":"page","data":[],"has_more":false,"next_page":null}"#

    @Test func sendsTheBearerHeaderAndReturnsTheRedactedURL() async throws {
        let server = try LoopbackHTTPServer { _ in .json(Self.emptyPage) }
        defer { server.stop() }
        let client = makeClient()
        let (json, url) = try await client.get(server.url("/v1/organization/costs"), query: [("start_time", "1")])
        #expect(json["has_more"] == .bool(false))
        #expect(url.absoluteString == server.url("/v1/organization/costs?start_time=1").absoluteString)
        let request = try #require(server.requests.first)
        #expect(request.header("Authorization") == "Bearer \(secretToken)")
        #expect(request.header("Accept") == "application/json")
        #expect(request.method == "GET")
    }

    @Test func sendsAnthropicsKeyHeaderAndVersion() async throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"data":[],"has_more":false,"next_page":null}"#) }
        defer { server.stop() }
        let credential = APICredential(
            variable: "ANTHROPIC_ADMIN_KEY", secret: "sk-ant-admin01-xyz", scheme: .header("x-api-key"),
            extraHeaders: [("anthropic-version", "2023-06-01")])
        let client = makeClient(credential: credential, headers: [("X-Use-2026-API-Changes", "true")])
        _ = try await client.get(server.url("/v1/organizations/cost_report"))
        let request = try #require(server.requests.first)
        #expect(request.header("x-api-key") == "sk-ant-admin01-xyz")
        #expect(request.header("anthropic-version") == "2023-06-01")
        #expect(request.header("X-Use-2026-API-Changes") == "true")
        #expect(request.header("Authorization") == nil)
    }

    @Test func percentEncodesCursorsFiltersAndBracketedNames() async throws {
        let server = try LoopbackHTTPServer { _ in .json(Self.emptyPage) }
        defer { server.stop() }
        let cursor = "page_AAAAAGdGxdEi+JdKO/AAAAAGcqsYA=="
        let filter = #"[{"field":"date","operator":"gteq","value":"2024-01-01"}]"#
        _ = try await makeClient().get(
            server.url("/v1/x"), query: [("page", cursor), ("filter", filter), ("group_by[]", "model"), ("q", "a b")])
        let request = try #require(server.requests.first)
        #expect(request.queryValue("page") == cursor)
        #expect(request.queryValue("filter") == filter)
        #expect(request.queryValue("group_by[]") == "model")
        #expect(request.queryValue("q") == "a b")
        #expect(request.target.contains("page_AAAAAGdGxdEi%2BJdKO%2FAAAAAGcqsYA%3D%3D"))
    }

    @Test func secretQueryValuesAreSentButNeverShown() async throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"files":[]}"#) }
        defer { server.stop() }
        let (_, url) = try await makeClient(credential: nil).get(
            server.url("/drive/v3/files"), query: [("key", "AIzaSyPublicKey"), ("pageSize", "10")])
        #expect(server.requests.first?.queryValue("key") == "AIzaSyPublicKey")
        #expect(url.absoluteString.hasSuffix("/drive/v3/files?key=redacted&pageSize=10"))
    }

    /// Behaviour, not a benchmark: the client really sleeps for the server's `Retry-After: 1`.
    @Test func waitsAsRetryAfterSaysThenSucceeds() async throws {
        let script = ResponseScript([
            "/v1/organization/costs": [.tooManyRequests(retryAfter: "1"), .json(Self.emptyPage)]
        ])
        let server = try LoopbackHTTPServer(script: script)
        defer { server.stop() }
        let client = makeClient(clock: SystemAPIClock())
        let started = ContinuousClock.now
        let (json, _) = try await client.get(server.url("/v1/organization/costs"))
        let elapsed = ContinuousClock.now - started
        #expect(json["object"] == .string("page"))
        #expect(elapsed >= .milliseconds(900))
        #expect(server.requests.count == 2)
    }

    @Test func aWaitLongerThanTheCapFailsTemporarilyAtOnce() async throws {
        let server = try LoopbackHTTPServer { _ in .tooManyRequests(retryAfter: "3600") }
        defer { server.stop() }
        let clock = TestClock()
        let error = await #expect(throws: APIError.self) {
            _ = try await makeClient(clock: clock).get(server.url("/api/external/v2/customers"))
        }
        guard case .waitTooLong(_, 429, 3600, 5)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(error?.isTemporary == true)
        #expect(clock.sleeps.isEmpty)
        #expect(server.requests.count == 1)
    }

    @Test func aServerErrorThenSuccess() async throws {
        let script = ResponseScript(["/v1/x": [.json(#"{"error":{"message":"boom"}}"#, status: 500), .json("{}")]])
        let server = try LoopbackHTTPServer(script: script)
        defer { server.stop() }
        let clock = TestClock()
        let (json, _) = try await makeClient(clock: clock).get(server.url("/v1/x"))
        #expect(json == .object(JSONObject()))
        #expect(clock.sleeps == [0.01])
        #expect(server.requests.count == 2)
    }

    @Test func serverErrorsForeverGiveUpTemporarilyAfterTheRetries() async throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"error":{"message":"overloaded"}}"#, status: 503) }
        defer { server.stop() }
        let clock = TestClock()
        let error = await #expect(throws: APIError.self) {
            _ = try await makeClient(retry: exactRetry(maxRetries: 3), clock: clock).get(server.url("/v1/x"))
        }
        #expect(
            error
                == .unavailable(url: server.url("/v1/x").absoluteString, status: 503, attempts: 4, detail: "overloaded")
        )
        #expect(error?.isTemporary == true)
        #expect(clock.sleeps == [0.01, 0.02, 0.04])
        #expect(server.requests.count == 4)
    }

    @Test func aDroppedConnectionIsRetried() async throws {
        let script = ResponseScript(["/v1/x": [.droppedConnection, .json(#"{"ok":1}"#)]])
        let server = try LoopbackHTTPServer(script: script)
        defer { server.stop() }
        let clock = TestClock()
        let (json, _) = try await makeClient(clock: clock).get(server.url("/v1/x"))
        #expect(json["ok"] == .number("1"))
        #expect(clock.sleeps.count == 1)
    }

    @Test func nobodyListeningIsTemporary() async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        let url = server.url("/v1/x")
        server.stop()
        let error = await #expect(throws: APIError.self) {
            _ = try await makeClient(retry: exactRetry(maxRetries: 1)).get(url)
        }
        guard case .unavailable(_, nil, 2, _)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(error?.isTemporary == true)
    }

    /// With `WWW-Authenticate`, URLSession on Linux loses the body of a 401 (see URLSessionTransport); without it
    /// the body's message comes through. Either way: the variable is named, the token never shown.
    @Test(arguments: [false, true])
    func unauthorizedNamesTheVariableAndNeverTheToken(challenge: Bool) async throws {
        let body = #"{"error":{"message":"Incorrect API key provided: sk-admin-****b1a0 (\#(secretToken))"}}"#
        let server = try LoopbackHTTPServer { _ in
            .json(body, status: 401, headers: challenge ? [("WWW-Authenticate", #"Bearer realm="api""#)] : [])
        }
        defer { server.stop() }
        let error = await #expect(throws: APIError.self) {
            _ = try await makeClient().get(server.url("/v1/organization/costs"), query: [("limit", "7")])
        }
        let e = try #require(error)
        guard case .unauthorized(_, 401, "OPENAI_ADMIN_KEY", let message) = e else {
            Issue.record("unexpected \(e)")
            return
        }
        if !challenge { #expect(message == "Incorrect API key provided: ••• (•••)") }
        #expect(e.description.contains("OPENAI_ADMIN_KEY"))
        #expect(!e.isTemporary)
        let everything = allRenderings(e)
        #expect(!everything.contains(secretToken))
        #expect(!everything.contains("b1a0"))
        #expect(server.requests.count == 1)
    }

    @Test func aMissingScopeIsAnAuthFailureToo() async throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"error":"Forbidden","status":403}"#, status: 403) }
        defer { server.stop() }
        let error = await #expect(throws: APIError.self) {
            _ = try await makeClient(credential: bearer("PENNYLANE_TOKEN")).get(server.url("/api/external/v2/x"))
        }
        #expect(
            error
                == .unauthorized(
                    url: server.url("/api/external/v2/x").absoluteString, status: 403,
                    variable: "PENNYLANE_TOKEN", message: "Forbidden"))
    }

    /// PennyLane's changelog answers a too-old start_date with 422; the source reads the status and asks for a
    /// full refresh.
    @Test func rejectionsCarryTheStatusAndTheAPIsMessage() async throws {
        let server = try LoopbackHTTPServer { _ in
            .json(#"{"error":"unprocessable_entity","message":"start_date must be within 4 weeks"}"#, status: 422)
        }
        defer { server.stop() }
        let error = await #expect(throws: APIError.self) {
            _ = try await makeClient().get(
                server.url("/api/external/v2/changelogs/customer_invoices"),
                query: [("start_date", "2020-01-01T00:00:00Z")])
        }
        #expect(error?.status == 422)
        #expect(error?.apiMessage == "start_date must be within 4 weeks")
        #expect(error?.isTemporary == false)
        #expect(server.requests.count == 1)
    }

    @Test func aBodyThatIsNotJSONIsAnError() async throws {
        let server = try LoopbackHTTPServer { _ in .text("<html>maintenance</html>", status: 200) }
        defer { server.stop() }
        let error = await #expect(throws: APIError.self) { _ = try await makeClient().get(server.url("/x")) }
        guard case .invalidJSON(let url, let message)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(url == server.url("/x").absoluteString)
        #expect(message == "1:1: expected a JSON value, found '<'")
    }

    /// What a costs source does with each result: a mistyped amount is named by its JSON path.
    @Test func aPageOfTheWrongShapeNamesTheJSONPath() async throws {
        let bucket = #"{"results":[{"amount":{"value":1.5,"currency":"usd"}}]}"#
        let bad = #"{"results":[{"amount":{"value":"12.40","currency":"usd"}}]}"#
        let body = #"{"object":"page","data":[\#(bucket),\#(bucket),\#(bucket),\#(bad)],"has_more":false}"#
        let server = try LoopbackHTTPServer { _ in .json(body) }
        defer { server.stop() }
        var pager = makeClient().pager(server.url("/v1/organization/costs"), CursorPaginator.openAI(query: []))
        let page = try #require(try await pager.nextPage())
        #expect(page.byteCount == body.utf8.count)
        let error = #expect(throws: APIError.self) {
            for (i, bucket) in try page.array(at: .member("data")).enumerated() {
                let results = JSONPath([.key("data"), .index(i), .key("results")])
                for j in bucket["results"]?.arrayValue?.indices ?? 0..<0 {
                    _ = try page.number(
                        at: results.appending(index: j).appending(key: "amount").appending(key: "value"))
                }
            }
        }
        #expect(
            error?.description == "\(server.url("/v1/organization/costs").absoluteString): "
                + "$.data[3].results[0].amount.value: expected a number, found a string; the response does not have "
                + "the documented shape")
    }

    @Test func theRateLimiterSpacesRequests() async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        defer { server.stop() }
        let clock = TestClock()
        let client = makeClient(rateLimit: RateLimiter(requests: 2, per: 1), clock: clock)
        for _ in 0..<3 { _ = try await client.get(server.url("/x")) }
        #expect(clock.sleeps == [0.5, 0.5])
    }

    @Test func aSpentServerBudgetHoldsTheNextRequestUntilTheReset() async throws {
        let clock = TestClock()
        let reset = String(Int(clock.now().timeIntervalSince1970) + 3)
        let server = try LoopbackHTTPServer { _ in
            .json("{}", headers: [("ratelimit-limit", "25"), ("ratelimit-remaining", "0"), ("ratelimit-reset", reset)])
        }
        defer { server.stop() }
        let client = makeClient(rateLimit: .pennyLaneV2, clock: clock)
        _ = try await client.get(server.url("/x"))
        _ = try await client.get(server.url("/x"))
        #expect(clock.sleeps.count == 1)
        #expect(abs((clock.sleeps.first ?? 0) - 3) < 1e-6)
    }
}
