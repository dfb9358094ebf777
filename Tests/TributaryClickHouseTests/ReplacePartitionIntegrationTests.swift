import Foundation
import Testing
import TributaryCore

@testable import TributaryClickHouse

/// `strategy = "replace_partition"` against the real server: re-runs replace, restated months replace only
/// themselves, and a failure before the swap leaves the table as it was.
struct ReplacePartitionIntegrationTests {
    static let schema = Schema([
        Field("source", .string, nullable: false), Field("day", .date, nullable: false),
        Field("id", .int64, nullable: false), Field("cost", .money),
    ])

    static func rows(_ source: String, _ month: String, count: Int, cost: String, firstID: Int = 0) -> [[Value]] {
        (0..<count).map { i in
            [
                .string(source), date("\(month)-\(String(format: "%02d", i % 28 + 1))"), .int64(Int64(firstID + i)),
                decimal(cost),
            ]
        }
    }

    /// January and February, interleaved, in two batches.
    static let twoMonths: [[Value]] = zip(
        rows("aws", "2025-01", count: 50, cost: "1.5"), rows("aws", "2025-02", count: 50, cost: "2.25", firstID: 1000)
    )
    .flatMap { [$0, $1] }

    func configuration(_ url: URL, _ database: String, partitionBy: String = "toYYYYMM(day)")
        -> ClickHouseLoader.Configuration
    {
        ClickHouseLoader.Configuration(
            url: url, database: database, table: "usage", orderBy: ["id"], partitionBy: partitionBy,
            strategy: .replacePartition, maxRetries: 1, retryBaseDelaySecs: 0.05, retryMaxDelaySecs: 0.1)
    }

    /// Run ids are unique per test: query ids (which include them) are unique across the whole server.
    @discardableResult
    func load(
        _ rows: [[Value]], _ config: ClickHouseLoader.Configuration, runID: String,
        transport: any HTTPTransport = URLSessionTransport(),
        beforeCommit: @Sendable () async throws -> Void = {}
    ) async throws -> (LoadReceipt, [String]) {
        let loader = ClickHouseLoader(configuration: config, runID: runID, transport: transport)
        try await loader.prepare(schema: Self.schema)
        let half = rows.count / 2
        let receipt = try await loader.session {
            try await loader.write(makeBatch(Self.schema, Array(rows[..<half]), file: "a.csv"))
            try await loader.write(makeBatch(Self.schema, Array(rows[half...]), file: "b.csv"))
            try await beforeCommit()
            return try await loader.commit()
        }
        return (receipt, await loader.replacedPartitions)
    }

    /// `month  rows  sum(cost)` per month, and per source when asked.
    func summary(_ client: ClickHouseClient, _ database: String, bySource: Bool = false) async throws -> String {
        let key = bySource ? "source, toYYYYMM(day)" : "toYYYYMM(day)"
        return try await client.query(
            "SELECT \(key), count(), sum(cost) FROM \(database).usage GROUP BY \(key) ORDER BY \(key) "
                + "FORMAT TabSeparated")
    }

    func stagingTables(_ client: ClickHouseClient, _ database: String) async throws -> String {
        try await client.query(
            "SELECT name FROM system.tables WHERE database = '\(database)' AND name != 'usage' FORMAT TabSeparated")
    }

    @Test func aRerunReplacesInsteadOfAppending() async throws {
        try await TestServer.withDatabase { database, client, url in
            let config = configuration(url, database)
            let (first, swapped) = try await load(Self.twoMonths, config, runID: "\(database)_run1")
            #expect(first.rows == 100)
            // Interleaved input still gives one insert per partition.
            #expect(first.inserts == 2)
            #expect(swapped == ["202501", "202502"])
            let expected = "202501\t50\t75.000000000000\n202502\t50\t112.500000000000\n"
            #expect(try await summary(client, database) == expected)

            try await load(Self.twoMonths, config, runID: "\(database)_run2")
            #expect(try await summary(client, database) == expected)
            #expect(try await stagingTables(client, database) == "")
        }
    }

    @Test func aRestatedMonthReplacesOnlyThatMonth() async throws {
        try await TestServer.withDatabase { database, client, url in
            let config = configuration(url, database)
            try await load(Self.twoMonths, config, runID: "\(database)_run1")
            let (_, swapped) = try await load(
                Self.rows("aws", "2025-02", count: 30, cost: "3", firstID: 5000), config, runID: "\(database)_run2")
            #expect(swapped == ["202502"])
            #expect(
                try await summary(client, database) == "202501\t50\t75.000000000000\n202502\t30\t90.000000000000\n")
        }
    }

    /// Answers a ClickHouse error to every request whose SQL contains `marker`; passes the rest on.
    struct FailingTransport: HTTPTransport {
        let marker: String
        let inner = URLSessionTransport()

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            if String(decoding: request.body, as: UTF8.self).contains(marker) {
                return HTTPResponse(
                    status: 500, headers: ["X-ClickHouse-Exception-Code": "48"],
                    body: Data("Code: 48, e.displayText() = DB::Exception: injected failure\n".utf8))
            }
            return try await inner.send(request)
        }
    }

    @Test func aFailedSwapLeavesTheTableAsItWas() async throws {
        try await TestServer.withDatabase { database, client, url in
            let config = configuration(url, database)
            try await load(Self.twoMonths, config, runID: "\(database)_run1")
            let before = try await summary(client, database)

            let error = await clickHouseError {
                try await load(
                    Self.rows("aws", "2025-01", count: 7, cost: "9"), config, runID: "\(database)_run2",
                    transport: FailingTransport(marker: "REPLACE PARTITION"))
            }
            #expect(error?.description.contains("REPLACE PARTITION 202501") == true)
            #expect(error?.description.contains("injected failure") == true)
            #expect(try await summary(client, database) == before)
            #expect(try await stagingTables(client, database) == "")
        }
    }

    @Test func aStagingTableDroppedMidRunStopsTheSwap() async throws {
        try await TestServer.withDatabase { database, client, url in
            let config = configuration(url, database)
            try await load(Self.twoMonths, config, runID: "\(database)_run1")
            let before = try await summary(client, database)

            let error = await clickHouseError {
                try await load(
                    Self.rows("aws", "2025-02", count: 7, cost: "9"), config, runID: "\(database)_run2",
                    beforeCommit: { _ = try await client.query("DROP TABLE \(database).usage__stage_\(database)_run2") }
                )
            }
            #expect(error?.serverCode == 60)
            #expect(try await summary(client, database) == before)
        }
    }

    @Test func leftoverStagingTablesDoNotBreakARun() async throws {
        try await TestServer.withDatabase { database, client, url in
            let config = configuration(url, database)
            try await load(Self.twoMonths, config, runID: "\(database)_run1")
            // A killed run of another id, and one of this very id, both with rows in them.
            for name in ["usage__stage_killed", "usage__stage_\(database)_run2"] {
                _ = try await client.query("CREATE TABLE \(database).\(name) AS \(database).usage")
                _ = try await client.query("INSERT INTO \(database).\(name) SELECT * FROM \(database).usage")
            }
            let (receipt, _) = try await load(Self.twoMonths, config, runID: "\(database)_run2")
            #expect(receipt.rows == 100)
            #expect(
                try await summary(client, database) == "202501\t50\t75.000000000000\n202502\t50\t112.500000000000\n")
            #expect(try await stagingTables(client, database) == "")
        }
    }

    @Test func aTableWithAnotherPartitionKeyIsRefused() async throws {
        try await TestServer.withDatabase { database, client, url in
            _ = try await client.query(
                "CREATE TABLE \(database).usage (source String, day Date, id Int64, cost Nullable(Decimal(38, 12))) "
                    + "ENGINE = MergeTree PARTITION BY toDate(day) ORDER BY id")
            let error = await clickHouseError {
                try await load(Self.twoMonths, configuration(url, database), runID: "\(database)_run1")
            }
            #expect(
                error?.description.hasPrefix(
                    "sink key `partition_by`: \(database).usage is partitioned by `toDate(day)`, not `toYYYYMM(day)`")
                    == true)
            #expect(try await stagingTables(client, database) == "")
        }
    }

    @Test func aTuplePartitionReplacesOneSourceMonth() async throws {
        try await TestServer.withDatabase { database, client, url in
            let config = configuration(url, database, partitionBy: "(source, toYYYYMM(day))")
            let both =
                Self.rows("aws", "2025-01", count: 10, cost: "1") + Self.rows("o'k", "2025-01", count: 10, cost: "2")
                + Self.rows("aws", "2025-02", count: 10, cost: "4")
            let (first, swapped) = try await load(both, config, runID: "\(database)_run1")
            #expect(first.inserts == 3)
            #expect(swapped == ["('aws', 202501)", "('o\\'k', 202501)", "('aws', 202502)"])

            let (_, again) = try await load(
                Self.rows("o'k", "2025-01", count: 4, cost: "5"), config, runID: "\(database)_run2")
            #expect(again == ["('o\\'k', 202501)"])
            #expect(
                try await summary(client, database, bySource: true)
                    == "aws\t202501\t10\t10.000000000000\naws\t202502\t10\t40.000000000000\n"
                    + "o\\'k\t202501\t4\t20.000000000000\n")
            let partitions = try await client.query(
                "SELECT DISTINCT partition FROM system.parts WHERE database = '\(database)' AND table = 'usage' "
                    + "AND active ORDER BY partition FORMAT TabSeparated")
            #expect(partitions == "(\\'aws\\',202501)\n(\\'aws\\',202502)\n(\\'o\\\\\\'k\\',202501)\n")
        }
    }
}
