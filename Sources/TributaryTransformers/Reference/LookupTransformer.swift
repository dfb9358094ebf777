import TributaryCore

/// `lookup`: enriches rows from a CSV mapping (tag, project or API key → team, cost centre): the usual way to
/// allocate cost.
///
///     [[transform]]
///     type = "lookup"
///     file = "../SampleData/lookup/projects.csv"
///     key = "sub_account_id"          # or tag = "team": match on the value of a tag
///     match = "project_id"            # the mapping's column to match (default: the key's name)
///     columns = ["team", "cost_centre"]
///
/// Each listed mapping column becomes a nullable string column of the rows. A row whose key is missing from the
/// mapping gets `default` (or NULL without one); with `on_missing = "reject"` it is a reject instead.
public struct LookupTransformer: OpenableTransformer {
    /// The mapping as read: by the matched value, the listed columns' values, in `columns` order.
    public struct Table: Sendable, Equatable {
        public var rows: [String: [String?]]
        public var version: String

        public init(rows: [String: [String?]], version: String) {
            self.rows = rows
            self.version = version
        }
    }

    /// Keys of a `lookup` stage: `file` (required), `key` or `tag` (one of them), `match`, `columns`
    /// (required), `default`, `on_missing` (`default` or `reject`).
    public struct Configuration: Sendable, Equatable {
        public enum Match: Sendable, Equatable {
            case column(String)
            case tag(String)
        }

        public var match: Match
        public var mappingColumn: String
        public var columns: [String]
        public var defaultValue: String?
        public var rejectMissing: Bool

        public init(
            match: Match, mappingColumn: String? = nil, columns: [String], defaultValue: String? = nil,
            rejectMissing: Bool = false
        ) {
            self.match = match
            switch match {
            case .column(let c): self.mappingColumn = mappingColumn ?? c
            case .tag(let t): self.mappingColumn = mappingColumn ?? t
            }
            self.columns = columns
            self.defaultValue = defaultValue
            self.rejectMissing = rejectMissing
        }
    }

    public let id: String
    public let configuration: Configuration
    public let inputSchema: Schema
    public let outputSchema: Schema
    let load: @Sendable () throws -> Table
    let table: Table?

    public init(
        id: String, configuration: Configuration, inputSchema: Schema, load: @escaping @Sendable () throws -> Table
    ) throws(TransformerError) {
        var issues: [ConfigurationIssue] = []
        switch configuration.match {
        case .column(let name):
            if inputSchema.field(named: name) == nil {
                let hint = NameSuggestion.nearest(to: name, in: inputSchema.names).map { "; did you mean '\($0)'?" } ?? ""
                issues.append(ConfigurationIssue(key: "key", message: "unknown column '\(name)'\(hint)"))
            }
        case .tag:
            if inputSchema.field(named: "tags.key")?.type != .stringArray
                || inputSchema.field(named: "tags.value")?.type != .stringArray
            {
                issues.append(ConfigurationIssue(key: "tag", message: "the rows have no tags (tags.key, tags.value)"))
            }
        }
        if configuration.columns.isEmpty {
            issues.append(ConfigurationIssue(key: "columns", message: "name the mapping's columns to add"))
        }
        for (i, name) in configuration.columns.enumerated() where inputSchema.field(named: name) != nil {
            issues.append(
                ConfigurationIssue(key: "columns[\(i)]", message: "the rows already have a column '\(name)'"))
        }
        guard issues.isEmpty else { throw .invalidConfiguration(stage: id, issues: issues) }
        self.id = id
        self.configuration = configuration
        self.inputSchema = inputSchema
        outputSchema = Schema(inputSchema.fields + configuration.columns.map { Field($0, .string) })
        self.load = load
        table = nil
    }

    private init(_ other: LookupTransformer, table: Table) {
        id = other.id
        configuration = other.configuration
        inputSchema = other.inputSchema
        outputSchema = other.outputSchema
        load = other.load
        self.table = table
    }

    public func opened() throws -> any Transformer { LookupTransformer(self, table: try load()) }

    /// The value the row is matched by.
    func key(of batch: RecordBatch, row: Int) -> String? {
        switch configuration.match {
        case .column(let name):
            switch batch.column(named: name)?.value(at: row) {
            case .string(let s)?: return s
            case nil, .null?: return nil
            case let v?: return v.description
            }
        case .tag(let tag):
            guard case .stringArray(let keys)? = batch.column(named: "tags.key")?.value(at: row),
                case .stringArray(let values)? = batch.column(named: "tags.value")?.value(at: row),
                let i = keys.firstIndex(of: tag), i < values.count
            else { return nil }
            return values[i]
        }
    }

    public func transform(_ batch: RecordBatch) throws -> TransformOutput {
        guard batch.schema == inputSchema else {
            throw TransformerError.unexpectedBatchSchema(stage: id, expected: inputSchema, found: batch.schema)
        }
        guard let table else { preconditionFailure("lookup transform used before opened()") }
        let c = configuration
        var out = c.columns.map { _ in ColumnBuilder(.string, capacity: batch.count) }
        var kept: [Int] = []
        var rejected: [RowIssue] = []
        let field: String
        switch c.match {
        case .column(let name): field = name
        case .tag(let tag): field = "tags[\(tag)]"
        }
        for row in 0..<batch.count {
            let k = key(of: batch, row: row)
            if let values = k.flatMap({ table.rows[$0] }) {
                for i in out.indices {
                    if let v = values[i] { out[i].appendString(v) } else { out[i].appendNull() }
                }
            } else if c.rejectMissing {
                let reason = k.map { "'\($0)' is not in the mapping \(table.version)" } ?? "the row has no value to match"
                rejected.append(RowIssue(row: row, field: field, reason: reason))
                continue
            } else {
                for i in out.indices {
                    if let d = c.defaultValue { out[i].appendString(d) } else { out[i].appendNull() }
                }
            }
            kept.append(row)
        }
        let rows = batch.selecting(kept)
        var added: [Column] = []
        for i in out.indices { added.append(out[i].finish()) }
        return TransformOutput(
            batch: RecordBatch(schema: outputSchema, columns: rows.columns + added, lineage: rows.lineage),
            rejected: rejected)
    }
}
