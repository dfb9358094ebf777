import Foundation
import TributaryCore

/// Writes one row per committed slice into `_tributary_loads` in the sink's database: which run loaded which
/// partition (or backfill chunk, or file) of which table, with how many rows, and for a replaced partition a
/// checksum of what it now holds, so that a dashboard or a person can see when each month was last restated.
///
/// Best effort like the run history: capped timeouts, no retries, and the load stands whatever happens here.
/// The table is a `ReplacingMergeTree(committed_at)` keyed by `(pipeline, table, kind, slice, run_id)`.
public struct ClickHouseLoadHistory: Sendable {
    public static let tableName = "_tributary_loads"

    let client: ClickHouseClient
    let database: ClickHouseIdentifier
    let table: ClickHouseIdentifier
    let target: ClickHouseIdentifier
    let partitionKey: PartitionKey?

    public init(
        configuration: ClickHouseLoader.Configuration, transport: any HTTPTransport = URLSessionTransport()
    ) throws(ClickHouseError) {
        database = try ClickHouseIdentifier(configuration.database, role: "database")
        table = try ClickHouseIdentifier(Self.tableName, role: "table")
        target = try ClickHouseIdentifier(configuration.table, role: "table")
        partitionKey = configuration.strategy == .replacePartition ? configuration.partitionKey : nil
        client = configuration.makeClient(
            timeoutSecs: min(configuration.timeoutSecs, ClickHouseRunHistory.maxTimeoutSecs), transport: transport)
    }

    public var qualifiedName: String { ClickHouseIdentifier.qualified(database, table) }

    public var createStatement: String {
        """
        CREATE TABLE IF NOT EXISTS \(qualifiedName) (run_id String, pipeline String, mode String, source String, \
        `table` String, kind String, slice String, rows UInt64, checksum Nullable(UInt64), \
        committed_at DateTime('UTC')) ENGINE = ReplacingMergeTree(committed_at) PARTITION BY toYYYYMM(committed_at) \
        ORDER BY (pipeline, `table`, kind, slice, run_id)
        """
    }

    /// Records `rows`, computing each replaced partition's checksum from what the table holds now.
    public func record(_ rows: [LoadRecord], columns: [String], committedAt: Int64) async throws {
        guard !rows.isEmpty else { return }
        _ = try await client.query("CREATE DATABASE IF NOT EXISTS \(database.quoted)")
        _ = try await client.query(createStatement)
        var lines = ""
        for row in rows {
            var checksum = "\\N"
            if row.kind == .partition, let key = partitionKey {
                checksum = try await partitionChecksum(row.slice, key: key, columns: columns)
            }
            let fields = [
                row.runID, row.pipeline, row.mode, row.source, target.name, row.kind.rawValue, row.slice,
            ].map { RunRecordRow.escaped($0) }
            lines += (fields + [String(max(0, row.rows)), checksum, CivilTime.formatDateTime(epochSeconds: committedAt)])
                .joined(separator: "\t") + "\n"
        }
        let names = "run_id, pipeline, mode, source, `table`, kind, slice, rows, checksum, committed_at"
        _ = try await client.query("INSERT INTO \(qualifiedName) (\(names)) FORMAT TabSeparated\n" + lines)
    }

    /// Whether the history records a load of `pipeline` into the target table: state that says a pipeline loaded
    /// files into a table whose database was dropped and recreated (by another pipeline into the same table) is
    /// not to be trusted, and the table alone cannot tell.
    public func holdsLoads(of pipeline: String) async throws -> Bool {
        let exists = try await client.query(
            "SELECT count() FROM system.tables WHERE database = \(database.literal) AND name = \(table.literal) "
                + "FORMAT TabSeparated")
        guard exists.trimmingCharacters(in: .whitespacesAndNewlines) != "0" else { return false }
        let count = try await client.query(
            "SELECT count() FROM \(qualifiedName) WHERE pipeline = '\(RunRecordRow.escaped(pipeline, quote: true))' "
                + "AND `table` = \(target.literal) FORMAT TabSeparated")
        return count.trimmingCharacters(in: .whitespacesAndNewlines) != "0"
    }

    /// An order-independent checksum of a partition's rows: the sum (mod 2^64) of each row's CityHash64 over
    /// its text as this server prints it. Equal content gives an equal sum on the same server; a row lost or
    /// doubled changes it.
    func partitionChecksum(_ partition: String, key: PartitionKey, columns: [String]) async throws -> String {
        var quoted: [String] = []
        for name in columns { quoted.append(try ClickHouseIdentifier(name, role: "column").quoted) }
        let text = try await client.query(
            "SELECT sum(cityHash64(toString(tuple(\(quoted.joined(separator: ", ")))))) FROM "
                + "\(ClickHouseIdentifier.qualified(database, target)) WHERE \(key.expression) = \(partition) "
                + "FORMAT TabSeparated")
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return UInt64(value) == nil ? "\\N" : value
    }
}
