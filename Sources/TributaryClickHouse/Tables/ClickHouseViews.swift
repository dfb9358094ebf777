import Foundation
import TributaryCore

/// Keeps a set of views in the sink's database as their definitions say, for dashboards.
///
/// A view is created when it is missing, and replaced (dropped and created again) when its definition changed
/// since it was created: `_tributary_views` remembers each view's definition hash. A view whose tables are not
/// all there yet (the cost-per-model view needs both `spend` and `llm_usage`) is left for a later run. Views are
/// best effort, like the run history: a failure is reported, never fatal to the load.
public struct ClickHouseViews: Sendable {
    /// One view: its name, the tables it reads, and its `SELECT` with `{db}` for the database.
    public struct Definition: Sendable, Equatable {
        public var name: String
        public var tables: [String]
        public var select: String

        public init(name: String, tables: [String], select: String) {
            self.name = name
            self.tables = tables
            self.select = select
        }
    }

    public static let tableName = "_tributary_views"

    let client: ClickHouseClient
    let database: ClickHouseIdentifier

    public init(configuration: ClickHouseLoader.Configuration, transport: any HTTPTransport = URLSessionTransport())
        throws(ClickHouseError)
    {
        database = try ClickHouseIdentifier(configuration.database, role: "database")
        client = configuration.makeClient(
            timeoutSecs: min(configuration.timeoutSecs, ClickHouseRunHistory.maxTimeoutSecs * 3), transport: transport)
    }

    /// Creates or replaces `views` as needed; returns the names of those created or replaced.
    @discardableResult
    public func ensure(_ views: [Definition]) async throws -> [String] {
        guard !views.isEmpty else { return [] }
        let registry = ClickHouseIdentifier.qualified(database, try ClickHouseIdentifier(Self.tableName, role: "table"))
        _ = try await client.query(
            "CREATE TABLE IF NOT EXISTS \(registry) (name String, definition_hash String, created_at DateTime('UTC')) "
                + "ENGINE = ReplacingMergeTree(created_at) ORDER BY name")
        let tables = Set(
            TabSeparatedDecoder.rows(
                try await client.query(
                    "SELECT name FROM system.tables WHERE database = \(database.literal) FORMAT TabSeparated")
            ).compactMap { $0.first ?? nil })
        var known: [String: String] = [:]
        for row in TabSeparatedDecoder.rows(
            try await client.query("SELECT name, argMax(definition_hash, created_at) FROM \(registry) GROUP BY name FORMAT TabSeparated"))
        where row.count == 2 {
            if let name = row[0], let hash = row[1] { known[name] = hash }
        }
        // On 18.16 a view over LowCardinality columns needs the setting their table needed.
        let settings = try await ClickHouseServerInfo.probe(client).ddlSettings(lowCardinality: true)
        var changed: [String] = []
        for view in views where view.tables.allSatisfy(tables.contains) {
            let name = try ClickHouseIdentifier(view.name, role: "table")
            let sql = view.select.replacingOccurrences(of: "{db}", with: database.quoted)
            let hash = String(XXHash64.hash(Array(sql.utf8)), radix: 16)
            if tables.contains(view.name), known[view.name] == hash { continue }
            let qualified = ClickHouseIdentifier.qualified(database, name)
            _ = try await client.query("DROP TABLE IF EXISTS \(qualified)")
            _ = try await client.query("CREATE VIEW \(qualified) AS \(sql)", settings: settings)
            _ = try await client.query(
                "INSERT INTO \(registry) (name, definition_hash, created_at) FORMAT TabSeparated\n"
                    + "\(view.name)\t\(hash)\t\(CivilTime.formatDateTime(epochSeconds: Int64(Date().timeIntervalSince1970)))\n")
            changed.append(view.name)
        }
        return changed
    }
}
