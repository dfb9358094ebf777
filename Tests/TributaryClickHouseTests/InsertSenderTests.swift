import Foundation
import Testing
import TributaryCore

@testable import TributaryClickHouse

struct InsertSenderTests {
    func sender(_ transport: ScriptedTransport, maxRetries: Int = 3) -> InsertSender {
        let client = ClickHouseClient(
            endpoint: URL(string: "http://127.0.0.1:8123")!, user: "loader", password: "pw", database: nil,
            timeoutSecs: 5, transport: transport)
        return InsertSender(
            client: client, qualifiedName: "`db`.`usage`", displayName: "db.usage",
            columns: [try! ClickHouseIdentifier("a", role: "column")], settings: [("async_insert", "0")],
            runID: "run 1+2", table: "usage",
            retryPolicy: RetryPolicy(
                maxRetries: maxRetries, baseDelaySecs: 0.001, maxDelaySecs: 0.002,
                congestionBaseDelaySecs: 0.001, maxCongestionDelaySecs: 0.002))
    }

    func insert(rows: Int = 3) -> PreparedInsert {
        var manifest = InsertManifest(sequence: 7)
        let batch = makeBatch(
            Schema([Field("a", .int64)]), (0..<rows).map { [.int64(Int64($0))] }, file: "u.csv", firstLine: 10)
        manifest.add(batch, rows: 0..<rows, bytes: rows * 2)
        return manifest.sealed(body: Data("0\n1\n2\n".utf8), gzipped: true)
    }

    @Test func retriesTransientFailuresWithTheSameBodyAndANewQueryID() async throws {
        let transport = ScriptedTransport([
            .fail(.cannotConnect(detail: "refused")),
            serverError(500, "Code: 159, e.displayText() = DB::Exception: Timeout exceeded, e.what() = DB::Exception"),
            ok(),
        ])
        let outcome = try await sender(transport).send(insert())
        #expect(outcome == .init(attempts: 3, recoveredFromQueryLog: false))
        let requests = await transport.requests
        #expect(requests.count == 3)
        #expect(Set(requests.map(\.body)).count == 1)
        let ids = await (0..<3).asyncMap { await transport.parameter("query_id", ofRequest: $0) }
        #expect(ids == ["run_1_2-usage-7-1", "run_1_2-usage-7-2", "run_1_2-usage-7-3"])
        #expect(await transport.queries[0] == "INSERT INTO `db`.`usage` (`a`) FORMAT TabSeparated")
        #expect(requests[0].header("Content-Encoding") == "gzip")
        #expect(requests[0].header("X-ClickHouse-User") == "loader")
        #expect(requests[0].header("X-ClickHouse-Key") == "pw")
        #expect(!requests[0].url.absoluteString.contains("pw"))
        #expect(await transport.parameter("async_insert", ofRequest: 0) == "0")
        #expect(await transport.parameter("wait_end_of_query", ofRequest: 0) == "1")
    }

    @Test func haltsOnDeterministicErrorsWithTheServerMessageAndTheSourceLines() async {
        let transport = ScriptedTransport([
            serverError(
                404,
                "Code: 60, e.displayText() = DB::Exception: Table db.usage doesn't exist., e.what() = DB::Exception")
        ])
        let error = await clickHouseError { _ = try await sender(transport).send(insert()) }
        #expect(error?.failureClass == .permanent)
        #expect(error?.serverCode == 60)
        let expected =
            "inserting 3 rows into db.usage (from u.csv:10-12) failed: "
            + "ClickHouse error 60: Table db.usage doesn't exist."
        #expect(error?.description.hasPrefix(expected) == true)
        #expect(await transport.requests.count == 1)
    }

    @Test func givesUpAfterMaxRetries() async {
        let transport = ScriptedTransport([], fallback: .fail(.cannotConnect(detail: "refused")))
        let error = await clickHouseError { _ = try await sender(transport, maxRetries: 2).send(insert()) }
        #expect(error?.isUnreachable == true)
        #expect(
            error?.description.contains("failed after 3 attempts: cannot reach ClickHouse at http://127.0.0.1:8123")
                == true)
        #expect(await transport.requests.count == 3)
    }

    @Test func aParseErrorNamesTheSourceLineOfTheRow() async {
        let body =
            "Code: 27, e.displayText() = DB::Exception: Cannot parse input: expected \\t before: x: (at row 2)\n\n"
            + "Row 2:\n, e.what() = DB::Exception"
        let transport = ScriptedTransport([serverError(500, body)])
        let error = await clickHouseError { _ = try await sender(transport).send(insert()) }
        guard case .insertFailed(_, _, _, _, let culprit, _) = error else {
            Issue.record("not an insert failure: \(String(describing: error))")
            return
        }
        #expect(culprit == SourceLines(file: "u.csv", first: 11, last: 11))
        #expect(error?.description.hasSuffix("the row at fault is u.csv:11") == true)
    }

    @Test func aLostAnswerIsLookedUpBeforeResending() async throws {
        let transport = ScriptedTransport([
            .fail(.connectionLost(detail: "reset")),
            ok("0\n"),  // system.processes: no longer running
            ok(),  // SYSTEM FLUSH LOGS
            ok("1\n"),  // system.query_log: finished
        ])
        let outcome = try await sender(transport).send(insert())
        #expect(outcome == .init(attempts: 1, recoveredFromQueryLog: true))
        let queries = await transport.queries
        #expect(queries.count == 4)
        #expect(queries[1].contains("system.processes WHERE query_id = 'run_1_2-usage-7-1'"))
        #expect(queries[3].contains("system.query_log WHERE query_id = 'run_1_2-usage-7-1'"))
    }

    @Test func aLostAnswerThatDidNotLandIsSentAgain() async throws {
        let transport = ScriptedTransport([
            .fail(.timedOut(seconds: 5)),
            ok("0\n"), ok(), ok("0\n"),
            ok(),
        ])
        let outcome = try await sender(transport).send(insert())
        #expect(outcome == .init(attempts: 2, recoveredFromQueryLog: false))
        #expect(await transport.parameter("query_id", ofRequest: 4) == "run_1_2-usage-7-2")
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var out: [T] = []
        for e in self { out.append(await transform(e)) }
        return out
    }
}
