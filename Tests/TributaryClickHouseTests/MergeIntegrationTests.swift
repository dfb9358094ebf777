import Foundation
import Testing
import TributaryCore

@testable import TributaryClickHouse

/// `strategy = "merge"` against the real server: the table is a ReplacingMergeTree on the version, newer versions
/// win per key under `FINAL`, older ones loaded later do not, and a table with another engine is refused.
struct MergeIntegrationTests {
    static let schema = Schema([
        Field("invoice", .string, nullable: false), Field("updated_at", .dateTime, nullable: false),
        Field("status", .string), Field("amount", .money),
    ])

    static func rows(count: Int, at time: String, status: String, amount: String) -> [[Value]] {
        (0..<count).map { i in [.string("inv-\(i)"), dateTime(time), .string(status), decimal(amount)] }
    }

    func configuration(_ url: URL, _ database: String) -> ClickHouseLoader.Configuration {
        ClickHouseLoader.Configuration(
            url: url, database: database, table: "invoices", orderBy: ["invoice"], strategy: .merge,
            maxRetries: 1, retryBaseDelaySecs: 0.05, retryMaxDelaySecs: 0.1, versionColumn: "updated_at")
    }

    @discardableResult
    func load(_ rows: [[Value]], _ config: ClickHouseLoader.Configuration, runID: String) async throws
        -> LoadReceipt
    {
        let loader = ClickHouseLoader(configuration: config, runID: runID)
        try await loader.prepare(schema: Self.schema)
        return try await loader.session {
            try await loader.write(makeBatch(Self.schema, rows))
            return try await loader.commit()
        }
    }

    /// `status  count  sum(amount)` per status under FINAL. Not grouped by the Decimal itself: 18.16 crashes
    /// (SIGSEGV in `ColumnDecimal::deserializeAndInsertFromArena`) on a GROUP BY key of Nullable(Decimal(38, 12)).
    func final(_ client: ClickHouseClient, _ database: String) async throws -> String {
        try await client.query(
            "SELECT status, count(), sum(amount) FROM \(database).invoices FINAL GROUP BY status "
                + "ORDER BY status FORMAT TabSeparated")
    }

    func count(_ client: ClickHouseClient, _ sql: String) async throws -> Int {
        Int(try await client.query(sql + " FORMAT TabSeparated").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func newerVersionsWinOneRowPerKey() async throws {
        try await TestServer.withDatabase { database, client, url in
            let config = configuration(url, database)
            try await load(
                Self.rows(count: 20, at: "2025-01-01 00:00:00", status: "open", amount: "10"), config,
                runID: "\(database)_r1")
            try await load(
                Self.rows(count: 20, at: "2025-02-01 00:00:00", status: "paid", amount: "12.5"), config,
                runID: "\(database)_r2")
            let engine = try await client.query(
                "SELECT engine_full FROM system.tables WHERE database = '\(database)' AND name = 'invoices' "
                    + "FORMAT TabSeparated")
            #expect(engine.hasPrefix("ReplacingMergeTree(updated_at) ORDER BY invoice"), "\(engine)")
            // One row per key under FINAL, with the latest values; argMax gives the same.
            #expect(try await count(client, "SELECT count() FROM \(database).invoices FINAL") == 20)
            #expect(try await final(client, database) == "paid\t20\t250.000000000000\n")
            let argMax = try await client.query(
                "SELECT latest, count() FROM (SELECT invoice, argMax(status, updated_at) AS latest "
                    + "FROM \(database).invoices GROUP BY invoice) GROUP BY latest FORMAT TabSeparated")
            #expect(argMax == "paid\t20\n")
        }
    }

    @Test func anOlderVersionLoadedLaterDoesNotWin() async throws {
        try await TestServer.withDatabase { database, client, url in
            let config = configuration(url, database)
            try await load(
                Self.rows(count: 10, at: "2025-03-01 00:00:00", status: "paid", amount: "7"), config,
                runID: "\(database)_r1")
            try await load(
                Self.rows(count: 10, at: "2025-01-01 00:00:00", status: "open", amount: "5"), config,
                runID: "\(database)_r2")
            #expect(try await final(client, database) == "paid\t10\t70.000000000000\n")
            // After a forced merge the duplicates are gone from the table itself too, and the newer row stayed.
            _ = try await client.query("OPTIMIZE TABLE \(database).invoices FINAL")
            #expect(try await count(client, "SELECT count() FROM \(database).invoices") == 10)
            #expect(
                try await count(client, "SELECT count() FROM \(database).invoices WHERE status = 'paid'") == 10)
        }
    }

    @Test func refusesATableWithAnotherEngineBeforeLoading() async throws {
        try await TestServer.withDatabase { database, client, url in
            _ = try await client.query(
                "CREATE TABLE \(database).invoices (invoice String, updated_at DateTime, status Nullable(String), "
                    + "amount Nullable(Decimal(38, 12))) ENGINE = MergeTree ORDER BY invoice")
            let config = configuration(url, database)
            let loader = ClickHouseLoader(configuration: config, runID: "\(database)_r1")
            let error = await #expect(throws: ClickHouseError.self) { try await loader.prepare(schema: Self.schema) }
            let message = error.map { "\($0)" } ?? ""
            #expect(message.contains("ENGINE = MergeTree"), "\(message)")
            #expect(message.contains("ReplacingMergeTree(updated_at)"), "\(message)")
            // A ReplacingMergeTree on another version column is refused too, naming it.
            _ = try await client.query("DROP TABLE \(database).invoices")
            _ = try await client.query(
                "CREATE TABLE \(database).invoices (invoice String, updated_at DateTime, version UInt64) "
                    + "ENGINE = ReplacingMergeTree(version) ORDER BY invoice")
            let other = await #expect(throws: ClickHouseError.self) { try await loader.prepare(schema: Self.schema) }
            #expect("\(other.map { "\($0)" } ?? "")".contains("ENGINE = ReplacingMergeTree(version)"))
            // Nothing was added or loaded.
            #expect(try await count(client, "SELECT count() FROM \(database).invoices") == 0)
            let columns = try await client.query(
                "SELECT name FROM system.columns WHERE database = '\(database)' AND table = 'invoices' "
                    + "FORMAT TabSeparated")
            #expect(columns == "invoice\nupdated_at\nversion\n")
        }
    }

    @Test func planShowsTheEngine() throws {
        let statements = try ClickHouseLoader.plan(
            schema: Self.schema,
            configuration: ClickHouseLoader.Configuration(
                table: "invoices", orderBy: ["invoice"], strategy: .merge, versionColumn: "updated_at"))
        let create = try #require(statements.last)
        #expect(create.contains("ENGINE = ReplacingMergeTree(`updated_at`)\nORDER BY (`invoice`)"), "\(create)")
    }
}
