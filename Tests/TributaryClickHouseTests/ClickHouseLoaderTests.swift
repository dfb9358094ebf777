import Foundation
import Synchronization
import Testing
import TributaryCore

@testable import TributaryClickHouse

/// The loader against a scripted server: batching into inserts, the concurrent pipeline, refusals.
struct ClickHouseLoaderTests {
    let schema = Schema([Field("a", .int64, nullable: false), Field("b", .string)])

    /// Answers to `prepare`: version, settings, CREATE DATABASE, CREATE TABLE, system.columns.
    func prepareScript(columns: String = "a\tInt64\nb\tNullable(String)\n") -> [ScriptedTransport.Step] {
        [ok("18.16.1\tUTC\n"), ok("date_time_input_format\nlog_queries\n"), ok(), ok(), ok(columns)]
    }

    func batch(_ start: Int, _ count: Int, file: String = "in.csv") -> RecordBatch {
        makeBatch(
            schema, (start..<(start + count)).map { [.int64(Int64($0)), $0 % 3 == 0 ? .null : .string("r\($0)")] },
            file: file, firstLine: start + 2)
    }

    func loader(_ transport: ScriptedTransport, compression: ClickHouseLoader.Configuration.Compression = .gzip)
        -> ClickHouseLoader
    {
        ClickHouseLoader(
            configuration: .init(table: "t", compression: compression, maxInsertRows: 4000, maxRetries: 0),
            runID: "run", transport: transport)
    }

    @Test(arguments: [false, true])
    func batchesAreCutIntoInsertsOfMaxRows(concurrent: Bool) async throws {
        let transport = ScriptedTransport(prepareScript())
        let loader = loader(transport)
        try await loader.prepare(schema: schema)
        let work = {
            for i in 0..<3 { try await loader.write(batch(i * 5000, 5000)) }
            return try await loader.commit()
        }
        let receipt = concurrent ? try await loader.withConcurrentInserts(work) : try await work()
        #expect(receipt.rows == 15000)
        #expect(receipt.inserts == 4)
        let requests = await transport.requests
        #expect(requests.count == 9)
        var lines: [String] = []
        for (k, request) in requests.dropFirst(5).enumerated() {
            #expect(await transport.parameter("query_id", ofRequest: 5 + k) == "run-t-\(k + 1)-1")
            #expect(await transport.parameter("log_queries", ofRequest: 5 + k) == "1")
            #expect(await transport.parameter("date_time_input_format", ofRequest: 5 + k) == "best_effort")
            #expect(await transport.parameter("async_insert", ofRequest: 5 + k) == nil)
            let text = String(decoding: try gunzip(request.body), as: UTF8.self)
            let rows = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(rows.count == (k < 3 ? 4000 : 3000))
            lines += rows.map(String.init)
        }
        #expect(receipt.bytesSent == requests.dropFirst(5).reduce(0) { $0 + $1.body.count })
        #expect(lines.count == 15000)
        #expect(lines[0] == "0\t\\N")
        #expect(lines[14999] == "14999\tr14999")
        #expect(lines.map { Int($0.prefix { $0 != "\t" }) } == Array(0..<15000))
        #expect(await loader.preparedStatements.count == 2)
    }

    @Test func plainBodiesWithoutCompression() async throws {
        let transport = ScriptedTransport(prepareScript())
        let loader = loader(transport, compression: .none)
        try await loader.prepare(schema: schema)
        try await loader.write(batch(0, 2))
        _ = try await loader.commit()
        let request = await transport.requests[5]
        #expect(request.header("Content-Encoding") == nil)
        #expect(String(decoding: request.body, as: UTF8.self) == "0\t\\N\n1\tr1\n")
    }

    @Test func aFailedInsertEndsTheConcurrentPipeline() async throws {
        let transport = ScriptedTransport(
            prepareScript() + [
                ok(),
                serverError(500, "Code: 53, e.displayText() = DB::Exception: Type mismatch, e.what() = DB::Exception"),
            ])
        let loader = loader(transport)
        try await loader.prepare(schema: schema)
        let error = await clickHouseError {
            _ = try await loader.withConcurrentInserts {
                for i in 0..<10 { try await loader.write(batch(i * 3000, 3000)) }
                return try await loader.commit()
            }
        }
        #expect(error?.serverCode == 53)
        #expect(error?.description.contains("inserting 4000 rows into tributary.t (from in.csv:4002-8001)") == true)
        #expect(await transport.requests.count == 7)
        let again = await clickHouseError { _ = try await loader.commit() }
        #expect(again?.serverCode == 53)
    }

    @Test func aNullForARequiredColumnIsRefusedBeforeSending() async throws {
        let transport = ScriptedTransport(prepareScript(columns: "a\tInt64\nb\tString\n"))
        let loader = loader(transport)
        try await loader.prepare(schema: schema)
        let error = await clickHouseError { try await loader.write(batch(1, 5)) }
        #expect(
            error
                == .nullInRequiredColumn(
                    column: "b", table: "tributary.t", row: SourceLines(file: "in.csv", first: 5, last: 5)))
        #expect(
            error?.description.hasPrefix("in.csv:5: `b` is empty, but tributary.t declares it non-Nullable") == true)
        #expect(await transport.requests.count == 5)
    }

    @Test func batchesMustMatchThePreparedSchema() async throws {
        let transport = ScriptedTransport(prepareScript())
        let loader = loader(transport)
        let early = await clickHouseError { try await loader.write(batch(0, 1)) }
        #expect(early == .notPrepared(table: "t"))
        try await loader.prepare(schema: schema)
        let other = makeBatch(
            Schema([Field("a", .string, nullable: false), Field("b", .string)]), [[.string("x"), .null]])
        let error = await clickHouseError { try await loader.write(other) }
        #expect(error == .schemaChanged(table: "tributary.t", detail: "`a` holds string, not int64"))
    }

    @Test func settingsFollowWhatTheServerKnows() async throws {
        let transport = ScriptedTransport([
            ok("26.3.1.1\tUTC\n"), ok("async_insert\ninput_format_null_as_default\nlog_queries\n"), ok(), ok(),
            ok("a\tInt64\nb\tNullable(String)\n"),
        ])
        let loader = loader(transport)
        try await loader.prepare(schema: schema)
        #expect(await loader.serverInfo?.version == ClickHouseVersion([26, 3, 1, 1]))
        try await loader.write(batch(0, 1))
        _ = try await loader.commit()
        #expect(await transport.parameter("async_insert", ofRequest: 5) == "0")
        #expect(await transport.parameter("input_format_null_as_default", ofRequest: 5) == "0")
        #expect(await transport.parameter("date_time_input_format", ofRequest: 5) == nil)
    }
}

/// Answers the prepare probes at once, then takes a minute over every insert, counting the inserts that ran to
/// the end of their minute (a cancelled one does not).
final class SlowInserts: HTTPTransport, Sendable {
    let quick: ScriptedTransport
    let finished = Mutex(0)

    init(quick: ScriptedTransport) { self.quick = quick }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.header("Content-Encoding") == "gzip" {
            try await Task.sleep(for: .seconds(60))
            finished.withLock { $0 += 1 }
            return HTTPResponse(status: 200)
        }
        return try await quick.send(request)
    }
}

struct ClickHouseLoaderCancellationTests {
    @Test func cancellingTheRunEndsEveryStage() async throws {
        let schema = Schema([Field("a", .int64, nullable: false), Field("b", .string)])
        let quick = ScriptedTransport([ok("18.16.1\tUTC\n"), ok(""), ok(), ok(), ok("a\tInt64\nb\tNullable(String)\n")])
        let slow = SlowInserts(quick: quick)
        let loader = ClickHouseLoader(
            configuration: .init(table: "t", maxInsertRows: 100), runID: "cancel", transport: slow)
        try await loader.prepare(schema: schema)
        let batch = makeBatch(schema, (0..<1000).map { [.int64(Int64($0)), .null] })
        let run = Task {
            try await loader.withConcurrentInserts {
                for _ in 0..<100 { try await loader.write(batch) }
                return try await loader.commit()
            }
        }
        try await Task.sleep(for: .milliseconds(200))
        run.cancel()
        let result = await run.result
        // The insert in flight was cancelled, not waited for: no insert took its minute. (Wall time says the same
        // on a quiet machine, about 0.2 s, but a test runner busy with other tests can stall any task for long.)
        #expect(slow.finished.withLock { $0 } == 0)
        #expect(throws: CancellationError.self) { try result.get() }
    }
}

struct ClickHouseLoaderRangeTests {
    let schema = Schema([Field("day", .date), Field("at", .dateTime)])

    func prepared() async throws -> (ClickHouseLoader, ScriptedTransport) {
        let transport = ScriptedTransport([
            ok("18.16.1\tUTC\n"), ok(""), ok(), ok(), ok("day\tNullable(Date)\nat\tNullable(DateTime('UTC'))\n"),
        ])
        let loader = ClickHouseLoader(configuration: .init(table: "t"), runID: "r", transport: transport)
        try await loader.prepare(schema: schema)
        return (loader, transport)
    }

    @Test func datesClickHouseCannotHoldAreRefusedWithTheirLine() async throws {
        let (loader, transport) = try await prepared()
        let early = makeBatch(schema, [[date("2025-01-01"), .null], [.null, dateTime("1969-12-31T23:59:59Z")]])
        let error = await clickHouseError { try await loader.write(early) }
        #expect(
            error?.description
                == "test.csv:3: `at` is 1969-12-31 23:59:59, outside what tributary.t can store "
                + "(1970-01-01 00:00:00 to 2105-12-31 23:59:59); ClickHouse would keep another value instead, "
                + "so reject such rows in a transform")
        let late = makeBatch(schema, [[date("2149-06-06"), .null]])
        let second = await clickHouseError { try await loader.write(late) }
        #expect(
            second
                == .outOfRange(
                    column: "day", table: "tributary.t", row: SourceLines(file: "test.csv", first: 2, last: 2),
                    value: "2149-06-06", range: "1970-01-01 to 2105-12-31"))
        #expect(await transport.requests.count == 5)
    }

    @Test func theBoundsThemselvesAreFine() async throws {
        let (loader, transport) = try await prepared()
        try await loader.write(
            makeBatch(
                schema,
                [
                    [date("1970-01-01"), dateTime("1970-01-01T00:00:00Z")],
                    [date("2105-12-31"), dateTime("2105-12-31T23:59:59Z")], [.null, .null],
                ]))
        #expect(try await loader.commit().rows == 3)
        #expect(await transport.requests.count == 6)
    }
}
