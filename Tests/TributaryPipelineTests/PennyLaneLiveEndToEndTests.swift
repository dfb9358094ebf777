import Foundation
import Testing
import TributaryTestSupport

/// The built binary reading a live PennyLane v2 API (the loopback server, answering with the sample's pages)
/// into the real ClickHouse: a full listing, then an incremental run through the changelog that applies an
/// update and a deletion, and each failure a user must act on, with its exit code and message.
@Suite(.serialized) struct PennyLaneLiveEndToEndTests {
    static let token = "pl-dev-TEST-7f3e9a1c5b2d4e6f8a0b1c2d3e4f5a6b"
    static let sample = PennyLaneSample.pages
    static let listingPath = "/api/external/v2/customer_invoices"
    static let changelogPath = "/api/external/v2/changelogs/customer_invoices"

    /// The sample's listing pages by the cursor that asks for them ("" for the first).
    static func listing() throws -> [String: String] {
        let folder = sample.appendingPathComponent("customer_invoices")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("page-") }
            .sorted()
        var pages: [String: String] = [:]
        var cursor = ""
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            pages[cursor] = text
            let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            cursor = json["next_cursor"] as? String ?? ""
        }
        return pages
    }

    /// A pipeline in its own folder reading customer invoices from `server` into a scratch database.
    struct Scenario {
        let work: TempDir
        let database: String
        let pipeline: URL
        let environment: [String: String]

        init(_ server: LoopbackHTTPServer, token: String? = PennyLaneLiveEndToEndTests.token) throws {
            work = try TempDir()
            database = TestClickHouse.scratchDatabase("e2e_pennylane_live")
            pipeline = try work.write(
                "pennylane-live.toml",
                """
                version = 1
                [pipeline]
                name = "pennylane-live"
                state_dir = "state"
                rejects_path = "rejects/{run_id}.jsonl"
                [source]
                id = "pennylane"
                type = "pennylane"
                entity = "customer_invoices"
                base_url = "\(server.baseURL.absoluteString)"
                [sink]
                type = "clickhouse"
                url = "${CLICKHOUSE_URL}"
                database = "\(database)"
                """)
            environment = ["CLICKHOUSE_URL": try TestClickHouse.url(), "PENNYLANE_API_TOKEN": token ?? ""]
        }

        func run(_ extra: [String] = []) async throws -> CommandResult {
            let result = try await runTributary(
                ["run", pipeline.path, "--no-progress"] + extra, environment: environment, in: work.url)
            #expect(!(result.stdout + result.stderr).contains(PennyLaneLiveEndToEndTests.token), "the token leaked")
            return result
        }

        var stateFile: URL { work.url.appendingPathComponent("state/pennylane-live.state.json") }

        func scalar(_ sql: String) async throws -> String {
            try await TestClickHouse.query(sql + " FORMAT TSV").trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// The sample served live: its listing, then a changelog whose events were processed a minute ago (the
    /// draft deleted, an invoice paid), and the paid invoice by id. `changelog` overrides the changelog answer.
    static func server(changelog: ScriptedResponse? = nil, listingFirst: [ScriptedResponse] = []) throws
        -> LoopbackHTTPServer
    {
        let pages = try listing()
        let e = try PennyLaneSample.load()
        let (updated, deleted) = (e.customerInvoices.updated, e.deleted)
        let paid = try String(
            contentsOf: sample.appendingPathComponent("customer_invoices/changes/customer_invoice-\(updated).json"),
            encoding: .utf8)
        let early = ResponseQueue(listingFirst)
        return try LoopbackHTTPServer { request in
            switch request.path {
            case "/api/external/v2/customer_invoices":
                if let scripted = early.next() { return scripted }
                return pages[request.queryValue("cursor") ?? ""].map { .json($0) } ?? .notFound
            case "/api/external/v2/changelogs/customer_invoices":
                if let changelog { return changelog }
                let at = { (ago: Double) in
                    ISO8601DateFormatter.string(
                        from: Date().addingTimeInterval(-ago), timeZone: TimeZone(identifier: "UTC") ?? .current,
                        formatOptions: [.withInternetDateTime, .withFractionalSeconds])
                }
                return .json(
                    """
                    {"items": [
                      {"id": \(deleted), "operation": "delete", "processed_at": "\(at(90))"},
                      {"id": \(updated), "operation": "update", "processed_at": "\(at(60))"}
                    ], "has_more": false, "next_cursor": null}
                    """)
            case "/api/external/v2/customer_invoices/\(updated)": return .json(paid)
            default: return .notFound
            }
        }
    }

    @Test func aFullListingThenAChangelogRunAppliesTheUpdateAndTheDeletion() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let s = try Scenario(server)
        defer { s.work.cleanup() }
        let e = try PennyLaneSample.load()
        let (updated, deleted) = (e.customerInvoices.updated, e.deleted)
        let rows = "\(e.customerInvoices.rows)"

        let first = try await s.run()
        #expect(first.status == 0, "\(first.stderr)\n\(first.stdout)")
        let db = s.database
        #expect(try await s.scalar("SELECT count() FROM \(db).invoices FINAL") == rows)
        #expect(try await s.scalar("SELECT status FROM \(db).invoices FINAL WHERE id = '\(updated)'") == "upcoming")
        #expect(
            try await s.scalar("SELECT draft, x_deleted FROM \(db).invoices FINAL WHERE id = '\(deleted)'")
                == "1\t0", "the draft is there until the changelog says it was deleted")
        #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer \(Self.token)" })
        #expect(server.requests(to: Self.listingPath).allSatisfy { $0.queryValue("sort") == "id" })
        let state = try String(contentsOf: s.stateFile, encoding: .utf8)
        #expect(state.range(of: #""kind": ?"watermark""#, options: .regularExpression) != nil, "\(state)")
        #expect(server.requests(to: Self.changelogPath).isEmpty)

        let second = try await s.run()
        #expect(second.status == 0, "\(second.stderr)\n\(second.stdout)")
        let asked = try #require(server.requests(to: Self.changelogPath).first)
        #expect(asked.queryValue("start_date") != nil && asked.queryValue("cursor") == nil)
        #expect(
            try await s.scalar(
                """
                SELECT status, paid, toString(assumeNotNull(remaining_amount))
                FROM \(db).invoices FINAL WHERE id = '\(updated)'
                """) == "paid\t1\t0.000000000000")
        #expect(try await s.scalar("SELECT x_deleted FROM \(db).invoices FINAL WHERE id = '\(deleted)'") == "1")
        // The views see what the sample's README says, computed with the changes applied.
        #expect(
            try await PennyLaneSample.view(
                "SELECT currency, open_invoices, toString(outstanding), oldest_deadline FROM \(db).finance_receivables")
                == PennyLaneSample.tsv("receivables", ["currency", "open_invoices", "outstanding", "oldest_deadline"]))
        let month = "substring(toString(month), 1, 7)"
        #expect(
            try await PennyLaneSample.view(
                "SELECT \(month), toString(revenue_before_tax) FROM \(db).finance_revenue_monthly")
                == PennyLaneSample.tsv("revenue_monthly", ["month", "revenue_before_tax"]))

        // The same events read again change nothing.
        let third = try await s.run()
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try await s.scalar("SELECT count() FROM \(db).invoices FINAL") == rows)
        #expect(try await s.scalar("SELECT x_deleted FROM \(db).invoices FINAL WHERE id = '\(deleted)'") == "1")
    }

    @Test func aRateLimitAndAServerErrorAreWaitedOutAndTheRunSucceeds() async throws {
        let server = try Self.server(listingFirst: [
            .text("Rate limit exceeded. Please retry in 1 seconds.", status: 429, headers: [("retry-after", "1")]),
            .json(#"{"error":"Internal Server Error","status":500}"#, status: 500),
        ])
        defer { server.stop() }
        let s = try Scenario(server)
        defer { s.work.cleanup() }
        let started = Date()
        let result = try await s.run()
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
        #expect(Date().timeIntervalSince(started) >= 1, "the retry-after second was waited")
        let rows = try PennyLaneSample.load().customerInvoices.rows
        #expect(try await s.scalar("SELECT count() FROM \(s.database).invoices FINAL") == "\(rows)")
        let firstPages = server.requests(to: Self.listingPath).filter { $0.queryValue("cursor") == nil }
        #expect(firstPages.count == 3, "the first page asked three times: 429, 500, then the page")
    }

    @Test func anUnauthorizedOrMissingTokenExitsOneNamingTheVariable() async throws {
        // The server echoes the token it was sent, as some APIs do: it must still never be printed.
        let server = try LoopbackHTTPServer { request in
            let sent = request.header("Authorization") ?? ""
            return .json(#"{"error":"Invalid or expired token: \#(sent)","status":401}"#, status: 401)
        }
        defer { server.stop() }
        let s = try Scenario(server)
        defer { s.work.cleanup() }
        let refused = try await s.run()
        #expect(refused.status == 1, "\(refused.stderr)\n\(refused.stdout)")
        let said = refused.stderr + refused.stdout
        #expect(said.contains("the credential in PENNYLANE_API_TOKEN is missing, wrong or expired"), "\(said)")

        let missing = try Scenario(server, token: nil)
        defer { missing.work.cleanup() }
        let before = server.requests.count
        let unset = try await missing.run()
        #expect(unset.status == 1, "\(unset.stderr)")
        let unsetSaid = unset.stderr + unset.stdout
        #expect(unsetSaid.contains("the environment variable PENNYLANE_API_TOKEN is not set or is empty"))
        #expect(server.requests.count == before, "nothing is asked without a token")
    }

    @Test func aChangelogTooOldForTheRetentionAsksForAFullRefreshWhichThenWorks() async throws {
        let refusing = ScriptedResponse.json(
            #"{"error":"unprocessable_entity","message":"start_date must be within the last 4 weeks"}"#, status: 422)
        let server = try Self.server(changelog: refusing)
        defer { server.stop() }
        let s = try Scenario(server)
        defer { s.work.cleanup() }
        #expect(try await s.run().status == 0)

        // The API refuses the start date: the message says what to run.
        let refused = try await s.run()
        #expect(refused.status == 1, "\(refused.stderr)\n\(refused.stdout)")
        let advice = "run `tributary run \(s.pipeline.path) --full-refresh` to list everything again"
        #expect((refused.stderr + refused.stdout).contains(advice), "\(refused.stderr)")

        // A watermark older than four weeks is refused before anything is asked.
        let state = try String(contentsOf: s.stateFile, encoding: .utf8)
        let old = Int(Date().timeIntervalSince1970) - 40 * 86400
        let aged = state.replacingOccurrences(
            of: #""max_seen": ?\{"seconds": ?[0-9]+"#, with: "\"max_seen\":{\"seconds\":\(old)",
            options: .regularExpression)
        #expect(aged != state)
        try aged.write(to: s.stateFile, atomically: true, encoding: .utf8)
        let asked = server.requests.count
        let expired = try await s.run()
        #expect(expired.status == 1)
        #expect((expired.stderr + expired.stdout).contains("PennyLane keeps changelogs for 4 weeks only"))
        #expect((expired.stderr + expired.stdout).contains("--full-refresh"))
        #expect(server.requests.count == asked)

        let refreshed = try await s.run(["--full-refresh"])
        #expect(refreshed.status == 0, "\(refreshed.stderr)")
        #expect(!(try String(contentsOf: s.stateFile, encoding: .utf8)).contains("\"seconds\":\(old)"))
    }
}

/// Responses handed out once each, in order, to whichever request comes first.
final class ResponseQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var responses: [ScriptedResponse]

    init(_ responses: [ScriptedResponse]) { self.responses = responses }

    func next() -> ScriptedResponse? {
        lock.withLock { responses.isEmpty ? nil : responses.removeFirst() }
    }
}
