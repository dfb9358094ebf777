import Foundation
import TributaryCore

/// Writes one row per run into `_tributary_runs` in the sink's database, so that a dashboard can show each
/// pipeline's freshness and failures.
///
/// Recording is best effort and must not hold up a run whose server is down: the client's timeout is capped
/// at `maxTimeoutSecs` and nothing is retried. The table is a `ReplacingMergeTree(finished_at)` keyed by
/// `(pipeline, run_id)`, so a row written twice for one run collapses to the later one.
public struct ClickHouseRunHistory: Sendable {
    public static let tableName = "_tributary_runs"
    /// The longest one request may take: a history row is small, and waiting minutes for it helps nobody.
    public static let maxTimeoutSecs = 10.0

    let client: ClickHouseClient
    let database: ClickHouseIdentifier
    let table: ClickHouseIdentifier

    public init(
        configuration: ClickHouseLoader.Configuration, transport: any HTTPTransport = URLSessionTransport()
    ) throws(ClickHouseError) {
        database = try ClickHouseIdentifier(configuration.database, role: "database")
        table = try ClickHouseIdentifier(Self.tableName, role: "table")
        client = configuration.makeClient(
            timeoutSecs: min(configuration.timeoutSecs, Self.maxTimeoutSecs), transport: transport)
    }

    public var qualifiedName: String { ClickHouseIdentifier.qualified(database, table) }

    /// The DDL, 18.16-compatible: creates the database and the table when missing, and never alters them.
    public var createStatements: [String] {
        [
            "CREATE DATABASE IF NOT EXISTS \(database.quoted)",
            """
            CREATE TABLE IF NOT EXISTS \(qualifiedName) (run_id String, pipeline String, mode String, host String, \
            started_at DateTime('UTC'), finished_at DateTime('UTC'), status String, rows_read UInt64, \
            rows_loaded UInt64, rows_filtered UInt64, rows_rejected UInt64, money Nested(column String, \
            currency String, read Decimal(38, 12), loaded Decimal(38, 12), filtered Decimal(38, 12), rejected Decimal(38, 12)), \
            destination String, error Nullable(String)) ENGINE = ReplacingMergeTree(finished_at) \
            PARTITION BY toYYYYMM(started_at) ORDER BY (pipeline, run_id)
            """,
        ]
    }

    /// The INSERT with its row: the statement and the data travel together in the body, because the flattened
    /// Nested names (`money.column`) are not plain identifiers that `ClickHouseClient.insert` accepts.
    public func insertStatement(_ run: RunRecordRow) -> String {
        let columns = RunRecordRow.columns.map { "`\($0)`" }.joined(separator: ", ")
        return "INSERT INTO \(qualifiedName) (\(columns)) FORMAT TabSeparated\n" + run.tabSeparated()
    }

    /// Creates the table if missing (or adds the per-currency column a table of an earlier build lacks) and
    /// inserts `run`; one attempt per statement.
    public func record(_ run: RunRecordRow) async throws {
        for sql in createStatements { _ = try await client.query(sql) }
        let hasCurrency = try await client.query(
            "SELECT count() FROM system.columns WHERE database = \(database.literal) AND table = \(table.literal) "
                + "AND name = 'money.currency' FORMAT TabSeparated")
        if hasCurrency.trimmingCharacters(in: .whitespacesAndNewlines) == "0" {
            _ = try await client.query(
                "ALTER TABLE \(qualifiedName) ADD COLUMN `money.currency` Array(String) AFTER `money.column`")
        }
        _ = try await client.query(insertStatement(run), queryID: "\(run.runID)-history")
    }
}
