import Foundation
import TributaryCore

/// Creates the destination table for a schema, and reconciles an existing table with it before any row is sent.
///
/// The plan half is pure (`createStatements`, `evolution`), so that `tributary plan` can print the DDL without
/// a server; `prepare` runs it: create the database and table if missing, read `system.columns`, add missing
/// columns as Nullable (waiting until the server shows them, lesson L10), and refuse a type conflict with a
/// message naming the column and both types.
public struct ClickHouseSchemaManager: Sendable {
    public let database: ClickHouseIdentifier
    public let table: ClickHouseIdentifier
    public let orderBy: [ClickHouseIdentifier]
    /// A ClickHouse expression from the pipeline file, e.g. `toYYYYMM(billing_period_start)`.
    public let partitionBy: String?
    public let lowCardinality: Set<String>
    public let addMissingColumns: Bool
    /// Set for `strategy = "merge"`: the table is a `ReplacingMergeTree(<version column>)`, so that merges keep,
    /// per `order_by` key, the row with the highest version.
    public let versionColumn: ClickHouseIdentifier?
    /// Set for `strategy = "append"` with a row id: a `ReplacingMergeTree` without a version, ordered by
    /// `order_by` and then the row id, so that a row inserted twice (a retry, a re-run) is kept once.
    public let rowIDColumn: ClickHouseIdentifier?
    /// Narrower integer types for some columns of a new table (`Configuration.columnTypes`), parsed.
    public let columnTypes: [String: ClickHouseType]

    /// The integer types a column of each logical integer type may be stored as.
    static let narrowerIntegers: [DataType: Set<String>] = [
        .uint64: ["UInt8", "UInt16", "UInt32", "UInt64"], .int64: ["Int8", "Int16", "Int32", "Int64"],
    ]

    public init(
        database: String, table: String, orderBy: [String] = [], partitionBy: String? = nil,
        lowCardinality: [String] = [], addMissingColumns: Bool = true, versionColumn: String? = nil,
        rowIDColumn: String? = nil, columnTypes: [String: String] = [:]
    ) throws(ClickHouseError) {
        var parsed: [String: ClickHouseType] = [:]
        for (name, text) in columnTypes {
            guard let type = ClickHouseType(parsing: text) else {
                throw .invalidConfiguration(key: "column_types", problem: "`\(text)` (for \(name)) is not a ClickHouse type")
            }
            parsed[name] = type
        }
        self.columnTypes = parsed
        self.database = try ClickHouseIdentifier(database, role: "database")
        self.table = try ClickHouseIdentifier(table, role: "table")
        var keys: [ClickHouseIdentifier] = []
        for name in orderBy { keys.append(try ClickHouseIdentifier(name, role: "order_by column")) }
        self.rowIDColumn = try rowIDColumn.map { name throws(ClickHouseError) in
            try ClickHouseIdentifier(name, role: "row id column")
        }
        if let id = self.rowIDColumn, !keys.contains(id) { keys.append(id) }
        self.orderBy = keys
        let partition = partitionBy?.trimmingCharacters(in: .whitespaces)
        self.partitionBy = partition?.isEmpty == false ? partition : nil
        self.lowCardinality = Set(lowCardinality)
        self.addMissingColumns = addMissingColumns
        self.versionColumn = try versionColumn.map { name throws(ClickHouseError) in
            try ClickHouseIdentifier(name, role: "version_column")
        }
    }

    /// The engine clause of a new table: `ReplacingMergeTree(`v`)` with a version column, `ReplacingMergeTree`
    /// with a row id, else `MergeTree`.
    public var engine: String {
        if let versionColumn { return "ReplacingMergeTree(\(versionColumn.quoted))" }
        return rowIDColumn == nil ? "MergeTree" : "ReplacingMergeTree"
    }

    /// Whether the table's engine collapses rows (merge, or append with a row id): an existing table must then
    /// have exactly `engine`.
    public var collapsesRows: Bool { versionColumn != nil || rowIDColumn != nil }

    /// The types a ReplacingMergeTree version may have: ClickHouse takes UInt*, Date and DateTime; Int64 is taken
    /// too (as the pipeline's integers are), and only non-Nullable columns, since a NULL version cannot be compared.
    public static let versionTypes: [DataType] = [.int64, .uint64, .date, .dateTime]

    /// `` `db`.`table` `` for SQL.
    public var qualifiedName: String { ClickHouseIdentifier.qualified(database, table) }
    /// `db.table` for messages.
    public var displayName: String { "\(database.name).\(table.name)" }

    /// The type each field gets in a new table.
    public func columnType(for field: Field) -> ClickHouseType {
        if let narrower = columnTypes[field.name] { return field.nullable ? .nullable(narrower) : narrower }
        return ClickHouseTypeMapping.clickHouseType(for: field, lowCardinality: lowCardinality.contains(field.name))
    }

    /// Checks what can be checked without a server: names, and that `order_by` names non-Nullable columns.
    public func validate(_ schema: Schema) throws(ClickHouseError) {
        for field in schema.fields { _ = try ClickHouseIdentifier(field.name, role: "column") }
        for key in orderBy {
            guard let field = schema.field(named: key.name) else {
                throw .unknownOrderByColumn(column: key.name, table: displayName, columns: schema.names)
            }
            if columnType(for: field).isNullable {
                throw .nullableOrderByColumn(column: key.name, table: displayName)
            }
        }
        for (name, type) in columnTypes {
            guard let field = schema.field(named: name), case .plain(let text) = type,
                Self.narrowerIntegers[field.type]?.contains(text) == true
            else {
                throw .invalidConfiguration(
                    key: "column_types",
                    problem: "`\(type)` for `\(name)`: only a narrower integer type of an integer column can be chosen")
            }
        }
        for name in lowCardinality where schema.field(named: name)?.type != .string {
            throw .invalidConfiguration(
                key: "low_cardinality", problem: "`\(name)` is not a string column of the pipeline's output")
        }
        if let version = versionColumn { try validateVersion(version.name, schema) }
        if let id = rowIDColumn, schema.field(named: id.name)?.type != .uint64 || schema.field(named: id.name)?.nullable != false {
            throw .invalidConfiguration(
                key: "strategy", problem: "append collapses retried rows by `\(id.name)`, a non-nullable uint64 column the rows lack")
        }
    }

    /// The version column must exist, be non-Nullable and of a type ReplacingMergeTree compares.
    private func validateVersion(_ name: String, _ schema: Schema) throws(ClickHouseError) {
        let allowed = "int64, uint64, date or datetime"
        guard let field = schema.field(named: name) else {
            throw .invalidConfiguration(
                key: "version_column",
                problem: "`\(name)` is not a column of the pipeline's output (\(schema.names.joined(separator: ", ")))")
        }
        guard Self.versionTypes.contains(field.type) else {
            throw .invalidConfiguration(
                key: "version_column", problem: "`\(name)` is \(field.type), but a version must be \(allowed)")
        }
        if columnType(for: field).isNullable {
            throw .invalidConfiguration(
                key: "version_column",
                problem: "`\(name)` is nullable; a version must be non-nullable (declare it `nullable = false`)")
        }
    }

    /// `CREATE DATABASE IF NOT EXISTS` and `CREATE TABLE IF NOT EXISTS` for `schema`.
    public func createStatements(for schema: Schema) throws(ClickHouseError) -> [String] {
        try validate(schema)
        let columns = schema.fields.map { "    `\($0.name)` \(columnType(for: $0))" }.joined(separator: ",\n")
        var create = "CREATE TABLE IF NOT EXISTS \(qualifiedName)\n(\n\(columns)\n)\nENGINE = \(engine)"
        if let partitionBy { create += "\nPARTITION BY \(partitionBy)" }
        create +=
            orderBy.isEmpty ? "\nORDER BY tuple()" : "\nORDER BY (\(orderBy.map(\.quoted).joined(separator: ", ")))"
        return ["CREATE DATABASE IF NOT EXISTS \(database.quoted)", create]
    }

    /// What an existing table needs before the pipeline's rows fit it.
    public struct Evolution: Sendable, Equatable {
        /// Columns to add, with their Nullable types, in schema order.
        public var additions: [(name: String, type: ClickHouseType)]
        /// Per schema field: whether the table keeps a NULL as NULL.
        public var acceptsNull: [Bool]

        public static func == (a: Evolution, b: Evolution) -> Bool {
            a.acceptsNull == b.acceptsNull && a.additions.map(\.name) == b.additions.map(\.name)
                && a.additions.map(\.type) == b.additions.map(\.type)
        }

        /// One `ALTER TABLE … ADD COLUMN …, ADD COLUMN …` for all additions, or nil.
        public func alterStatement(table qualifiedName: String) -> String? {
            guard !additions.isEmpty else { return nil }
            let clauses = additions.map { "ADD COLUMN `\($0.name)` \($0.type)" }.joined(separator: ", ")
            return "ALTER TABLE \(qualifiedName) \(clauses)"
        }
    }

    /// Compares the table's columns (name, type text from `system.columns`) with `schema`.
    public func evolution(schema: Schema, existing: [(name: String, type: String)], serverTimeZone: String?)
        throws(ClickHouseError) -> Evolution
    {
        var types: [String: ClickHouseType] = [:]
        for column in existing {
            types[column.name] = ClickHouseType(parsing: column.type) ?? .other(name: column.type, arguments: [])
        }
        var evolution = Evolution(additions: [], acceptsNull: [])
        for field in schema.fields {
            guard let current = types[field.name] else {
                guard addMissingColumns else {
                    throw .invalidConfiguration(
                        key: "add_missing_columns",
                        problem: "\(displayName) has no column `\(field.name)` and adding columns is switched off")
                }
                // Rows already in the table have no value for it, so it must take NULL (an array, `[]`).
                var nullable = field
                nullable.nullable = true
                evolution.additions.append((field.name, columnType(for: nullable)))
                evolution.acceptsNull.append(true)
                continue
            }
            var fit = ClickHouseTypeMapping.fit(existing: current, field: field, serverTimeZone: serverTimeZone)
            if let narrower = columnTypes[field.name], current.base == narrower { fit = .fits(acceptsNull: current.isNullable) }
            switch fit {
            case .fits(let acceptsNull):
                evolution.acceptsNull.append(acceptsNull)
            case .conflict:
                throw .typeConflict(
                    column: field.name, table: displayName,
                    existing: ClickHouseTypeMapping.describe(existing: current, serverTimeZone: serverTimeZone),
                    written: columnType(for: field).description)
            }
        }
        return evolution
    }

    /// What `prepare` found and did.
    public struct PreparedTable: Sendable, Equatable {
        /// Per schema field: whether the table keeps a NULL as NULL.
        public var acceptsNull: [Bool]
        /// The DDL that ran, in order (CREATE … IF NOT EXISTS always; ALTER when columns were added).
        public var statements: [String]
    }

    /// Creates or evolves the table on the server so that `schema`'s rows fit, or throws before any load.
    public func prepare(
        schema: Schema, client: ClickHouseClient, server: ClickHouseServerInfo, waitForColumnsSecs: Double = 30
    ) async throws -> PreparedTable {
        let statements = try createStatements(for: schema)
        let ddlSettings = server.ddlSettings(
            lowCardinality: schema.fields.contains { columnType(for: $0).containsLowCardinality })
        for sql in statements { try await run(sql, client: client, settings: ddlSettings) }
        let existing = try await columns(client)
        let evolution = try evolution(schema: schema, existing: existing, serverTimeZone: server.timeZone)
        var ran = statements
        if let alter = evolution.alterStatement(table: qualifiedName) {
            try await run(alter, client: client, settings: ddlSettings)
            ran.append(alter)
            try await waitForColumns(evolution.additions.map(\.name), client: client, timeout: waitForColumnsSecs)
        }
        return PreparedTable(acceptsNull: evolution.acceptsNull, statements: ran)
    }

    /// Runs one DDL statement; a refusal names the statement, since the server's message alone may not.
    private func run(_ sql: String, client: ClickHouseClient, settings: [(String, String)]) async throws {
        do {
            _ = try await client.query(sql, settings: settings)
        } catch let e as ClickHouseError {
            guard case .server = e else { throw e }
            throw ClickHouseError.ddlFailed(table: displayName, statement: sql, cause: e)
        }
    }

    /// The table's columns as `system.columns` lists them.
    public func columns(_ client: ClickHouseClient) async throws -> [(name: String, type: String)] {
        let sql =
            "SELECT name, type FROM system.columns WHERE database = \(database.literal) AND table = "
            + "\(table.literal) FORMAT TabSeparated"
        let text = try await client.query(sql)
        return TabSeparatedDecoder.rows(text).compactMap { row in
            guard row.count == 2, let name = row[0], let type = row[1] else { return nil }
            return (name, type)
        }
    }

    /// Polls `system.columns` until every name shows: on a cluster an ALTER reaches replicas one by one.
    func waitForColumns(_ names: [String], client: ClickHouseClient, timeout: Double) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(timeout)
        var pause = 0.05
        while true {
            let present = Set(try await columns(client).map(\.name))
            guard let missing = names.first(where: { !present.contains($0) }) else { return }
            guard clock.now < deadline else {
                throw ClickHouseError.columnDidNotAppear(column: missing, table: displayName, waitedSecs: timeout)
            }
            try await Task.sleep(for: .seconds(pause))
            pause = min(pause * 2, 1)
        }
    }
}
