import TributaryCore

/// `select`: keeps the listed columns in the listed order, or drops the excluded ones. Columns are shared, not
/// copied, so it costs nothing per row.
///
///     [[transforms]]
///     type = "select"
///     columns = ["usage_date", "service", "cost"]
public struct SelectTransformer: Transformer {
    /// Configuration of a `select` stage.
    ///
    /// Keys (at least one of the two is required):
    /// - `columns` (array of strings, default `[]`): the columns to keep, in output order; empty keeps all.
    /// - `exclude` (array of strings, default `[]`): columns to drop from that selection.
    public struct Configuration: Sendable, Equatable {
        public var columns: [String]
        public var exclude: [String]

        public init(columns: [String] = [], exclude: [String] = []) {
            self.columns = columns
            self.exclude = exclude
        }
    }

    public let id: String
    public let configuration: Configuration
    public let inputSchema: Schema
    public let outputSchema: Schema
    /// Input positions of the output columns.
    let positions: [Int]

    /// Checks names against `inputSchema`; problems are keyed `columns[i]` / `exclude[i]`.
    public init(id: String, configuration: Configuration, inputSchema: Schema) throws(TransformerError) {
        var issues: [ConfigurationIssue] = []
        func unknown(_ name: String, key: String) {
            let hint = NameSuggestion.nearest(to: name, in: inputSchema.names).map { "; did you mean '\($0)'?" } ?? ""
            issues.append(ConfigurationIssue(key: key, message: "unknown column '\(name)'\(hint)"))
        }
        if configuration.columns.isEmpty, configuration.exclude.isEmpty {
            issues.append(ConfigurationIssue(key: "columns", message: "select needs `columns` or `exclude`"))
        }
        var positions: [Int] = []
        var seen: Set<String> = []
        for (i, name) in configuration.columns.enumerated() {
            guard let position = inputSchema.index(of: name) else {
                unknown(name, key: "columns[\(i)]")
                continue
            }
            guard seen.insert(name).inserted else {
                issues.append(ConfigurationIssue(key: "columns[\(i)]", message: "column '\(name)' is listed twice"))
                continue
            }
            positions.append(position)
        }
        if configuration.columns.isEmpty { positions = Array(inputSchema.fields.indices) }
        for (i, name) in configuration.exclude.enumerated() where inputSchema.index(of: name) == nil {
            unknown(name, key: "exclude[\(i)]")
        }
        let excluded = Set(configuration.exclude)
        positions.removeAll { excluded.contains(inputSchema[$0].name) }
        if positions.isEmpty, issues.isEmpty {
            issues.append(ConfigurationIssue(key: "exclude", message: "select would leave no column"))
        }
        guard issues.isEmpty else { throw .invalidConfiguration(stage: id, issues: issues) }
        self.id = id
        self.configuration = configuration
        self.inputSchema = inputSchema
        self.positions = positions
        self.outputSchema = Schema(positions.map { inputSchema[$0] })
    }

    public func transform(_ batch: RecordBatch) throws(TransformerError) -> TransformOutput {
        guard batch.schema == inputSchema else {
            throw .unexpectedBatchSchema(stage: id, expected: inputSchema, found: batch.schema)
        }
        let columns = positions.map { batch.columns[$0] }
        return TransformOutput(batch: RecordBatch(schema: outputSchema, columns: columns, lineage: batch.lineage))
    }
}
