import Foundation
import TributaryClickHouse
import TributaryCore
import TributaryTransformers

extension SinkKind {
    static let clickhouse = SinkKind(
        type: "clickhouse",
        summary: "loads into a ClickHouse table over HTTP (creates and evolves it; gzip, retries, 18.16 and later)",
        example: """
            [sink]
            type = "clickhouse"
            url = "${CLICKHOUSE_URL:-http://127.0.0.1:8123}"
            password = "${CLICKHOUSE_PASSWORD:-}"
            database = "tributary"
            table = "usage"
            order_by = ["day", "model"]
            partition_by = "toYYYYMM(day)"
            """,
        make: { r, context, schema in
            var c = ClickHouseLoader.Configuration()
            let defaults = context.tableDefaults
            if let text = r.string("url", required: true) {
                if let url = URL(string: text) {
                    c.url = url
                } else {
                    r.issue("url", "'\(text)' is not a URL", at: r.valueLocation(of: "url"))
                }
            }
            if let v = r.string("database") { c.database = v }
            if let v = r.string("table", required: defaults == nil) ?? defaults?.table { c.table = v }
            if let v = r.string("user") { c.user = v }
            if let v = r.secret("password") { c.password = v.revealed }
            if let v = r.stringList("order_by", required: defaults == nil) ?? defaults?.orderBy { c.orderBy = v }
            c.partitionBy = r.string("partition_by") ?? defaults?.partitionBy
            if let v = r.string("strategy") ?? defaults?.strategy {
                if let parsed = ClickHouseLoader.Configuration.Strategy(rawValue: v) {
                    c.strategy = parsed
                } else {
                    let known = ClickHouseLoader.Configuration.Strategy.allCases.map(\.rawValue)
                    var message = "expected \"append\", \"replace_partition\" or \"merge\", not '\(v)'"
                    if let near = NearestName.suggestion(for: v, among: known) {
                        message += "; did you mean '\(near)'?"
                    }
                    r.issue("strategy", message, at: r.valueLocation(of: "strategy"))
                }
            }
            c.versionColumn = r.string("version_column") ?? (c.strategy == .merge ? defaults?.versionColumn : nil)
            // A model's column types and low-cardinality columns apply to those of its columns the rows still have.
            c.columnTypes = (defaults?.columnTypes ?? [:]).filter { schema?.field(named: $0.key) != nil }
            // The compiler added the row id column for an appending sink (PipelineCompiler.readLineage).
            if c.strategy == .append { c.rowIDColumn = LineageTransformer.rowIDColumn }
            if let v = r.stringList("low_cardinality") {
                c.lowCardinality = v
            } else if let d = defaults {
                c.lowCardinality = d.lowCardinality.filter { schema?.field(named: $0)?.type == .string }
            }
            if let v = r.string("compression") {
                if let parsed = ClickHouseLoader.Configuration.Compression(rawValue: v) {
                    c.compression = parsed
                } else {
                    r.issue(
                        "compression", "expected \"auto\", \"gzip\" or \"none\", not '\(v)'",
                        at: r.valueLocation(of: "compression"))
                }
            }
            if let v = r.int("compression_level") { c.compressionLevel = v }
            if let v = r.int("max_insert_rows") { c.maxInsertRows = v }
            if let v = r.int("max_insert_bytes") { c.maxInsertBytes = v }
            if let v = r.number("timeout_secs") { c.timeoutSecs = v }
            if let v = r.int("max_retries") { c.maxRetries = v }
            if let v = r.number("retry_base_delay_secs") { c.retryBaseDelaySecs = v }
            if let v = r.number("retry_max_delay_secs") { c.retryMaxDelaySecs = v }
            if let v = r.bool("add_missing_columns") { c.addMissingColumns = v }
            var ok = !c.table.isEmpty
            // A missing `table` was reported by the reader already.
            for problem in c.problems
            where !(c.table.isEmpty && problem == .invalidConfiguration(key: "table", problem: "required, and missing"))
            {
                ok = false
                report(problem, r)
            }
            guard ok, let schema else { return nil }
            do throws(ClickHouseError) {
                let statements = try ClickHouseLoader.plan(schema: schema, configuration: c)
                return ClickHouseSinkPlan(configuration: c, statements: statements, schema: schema)
            } catch {
                report(error, r)
                return nil
            }
        })

    static let file = SinkKind(
        type: "file",
        summary:
            "writes the rows as TabSeparated, byte for byte what the clickhouse sink would send (inspection, benchmarks)",
        example: """
            [sink]
            type = "file"
            path = "out/usage.tsv"
            """,
        make: { r, context, schema in
            guard let path = r.string("path", required: true), let schema else { return nil }
            let resolved =
                path.hasPrefix("/") ? path : (context.settings.directory as NSString).appendingPathComponent(path)
            return FileSinkPlan(path: (resolved as NSString).standardizingPath, schema: schema)
        })

    fileprivate static func report(_ error: ClickHouseError, _ r: ConfigReader) {
        switch error {
        case .invalidConfiguration(let key, let problem): r.issue(key, problem, at: r.valueLocation(of: key))
        case .unknownOrderByColumn, .nullableOrderByColumn:
            r.issue("order_by", error.description, at: r.valueLocation(of: "order_by"))
        case .invalidIdentifier(_, let role):
            let key = ["database": "database", "table": "table"][role] ?? "order_by"
            r.issue(key, error.description, at: r.valueLocation(of: key))
        default: r.issue("type", error.description)
        }
    }
}

/// The compiled `clickhouse` sink.
struct ClickHouseSinkPlan: SinkPlan {
    let configuration: ClickHouseLoader.Configuration
    let statements: [String]
    let schema: Schema

    var summary: String { "clickhouse \(configuration.database).\(configuration.table)" }
    func plannedDDL() -> [String] { statements }
    func makeLoader(runID: String) -> any Loader { ClickHouseLoader(configuration: configuration, runID: runID) }
    var replacesSlices: Bool { configuration.strategy == .replacePartition }

    /// The finest period among the key's parts over `timeColumn` (a partition lies within each part's period, so
    /// within the finest): a chunk made of whole such periods holds its partitions whole. A bare column or
    /// `toDate` cuts by day (a datetime column's partitions are finer still, and lie within a day).
    func slicePeriod(timeColumn: String) -> ChunkSize? {
        guard replacesSlices, let key = configuration.partitionKey else { return nil }
        let periods: [ChunkSize] = key.parts.filter { $0.column == timeColumn }.map {
            switch $0.function {
            case .identity, .toDate: .day
            case .toMonday: .week
            case .toYYYYMM: .month
            }
        }
        let finest: [ChunkSize] = [.day, .week, .month]
        return finest.first { periods.contains($0) }
    }
    /// One row in `_tributary_runs` of the sink's database.
    func recordRun(_ summary: RunSummary) async throws {
        try await ClickHouseRunHistory(configuration: configuration).record(summary.runRecord(mode: summary.mode))
    }

    func refreshViews() async throws -> [String] {
        let views = DashboardViews.views(forTable: configuration.table)
        guard !views.isEmpty else { return [] }
        return try await ClickHouseViews(configuration: configuration).ensure(views)
    }

    func missingLoads(of pipeline: String) async throws -> String? {
        let client = configuration.makeClient(timeoutSecs: min(configuration.timeoutSecs, 30))
        let db = try ClickHouseIdentifier(configuration.database, role: "database")
        let table = try ClickHouseIdentifier(configuration.table, role: "table")
        let exists = try await client.query(
            "SELECT count() FROM system.tables WHERE database = \(db.literal) AND name = \(table.literal) "
                + "FORMAT TabSeparated")
        guard exists.trimmingCharacters(in: .whitespacesAndNewlines) != "0" else {
            return "\(summary) does not exist (dropped?)"
        }
        guard try await ClickHouseLoadHistory(configuration: configuration).holdsLoads(of: pipeline) else {
            return "\(db.name).\(ClickHouseLoadHistory.tableName) records no load of \(pipeline) into \(table.name) "
                + "(the database was dropped and recreated?)"
        }
        return nil
    }

    /// One row per committed slice in `_tributary_loads`, with a checksum of each replaced partition.
    func recordLoads(_ loads: [LoadRecord]) async throws {
        try await ClickHouseLoadHistory(configuration: configuration).record(
            loads, columns: schema.names, committedAt: Int64(Date().timeIntervalSince1970))
    }
}

/// The compiled `file` sink.
struct FileSinkPlan: SinkPlan {
    let path: String
    let schema: Schema

    var summary: String { "file \(path) (TabSeparated)" }
    func plannedDDL() -> [String] { [] }
    func makeLoader(runID: String) -> any Loader { TabSeparatedFileLoader(path: path) }
}

extension ClickHouseError: TemporaryFailure {
    public var isTemporary: Bool { isUnreachable }
}
