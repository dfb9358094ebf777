import TributaryCore

/// `rename`: gives columns new names; values, order and lineage are untouched, so it costs nothing per row.
///
///     [[transforms]]
///     type = "rename"
///     mapping = { lineItem_UnblendedCost = "cost", product_servicecode = "service" }
public struct RenameTransformer: Transformer {
    /// Configuration of a `rename` stage.
    ///
    /// Keys:
    /// - `mapping` (table of string → string, required, at least one entry): old column name → new name.
    ///   All renames apply at once, so `{ a = "b", b = "a" }` swaps two columns. A new name must not clash with
    ///   another column's final name.
    public struct Configuration: Sendable, Equatable {
        public var mapping: [String: String]

        public init(mapping: [String: String] = [:]) {
            self.mapping = mapping
        }
    }

    public let id: String
    public let configuration: Configuration
    public let inputSchema: Schema
    public let outputSchema: Schema

    /// Checks the mapping against `inputSchema`; every problem is reported at once (key `mapping.<old name>`).
    public init(id: String, configuration: Configuration, inputSchema: Schema) throws(TransformerError) {
        var issues: [ConfigurationIssue] = []
        if configuration.mapping.isEmpty {
            issues.append(ConfigurationIssue(key: "mapping", message: "rename needs at least one entry in `mapping`"))
        }
        for (old, new) in configuration.mapping.sorted(by: { $0.key < $1.key }) {
            if inputSchema.index(of: old) == nil {
                let hint =
                    NameSuggestion.nearest(to: old, in: inputSchema.names).map { "; did you mean '\($0)'?" } ?? ""
                issues.append(ConfigurationIssue(key: "mapping.\(old)", message: "unknown column '\(old)'\(hint)"))
            }
            if new.isEmpty {
                issues.append(ConfigurationIssue(key: "mapping.\(old)", message: "the new name of '\(old)' is empty"))
            }
        }
        var fields = inputSchema.fields
        for i in fields.indices {
            if let new = configuration.mapping[fields[i].name] { fields[i].name = new }
        }
        // Each final name must be unique: report every rename that produces a name already taken.
        var owners: [String: [String]] = [:]
        for (i, field) in fields.enumerated() { owners[field.name, default: []].append(inputSchema[i].name) }
        for (old, new) in configuration.mapping.sorted(by: { $0.key < $1.key }) where inputSchema.index(of: old) != nil
        {
            guard let sources = owners[new], sources.count > 1 else { continue }
            let others = sources.filter { $0 != old }.map { "'\($0)'" }.joined(separator: ", ")
            issues.append(
                ConfigurationIssue(
                    key: "mapping.\(old)",
                    message: "renaming '\(old)' to '\(new)' clashes with \(others), which also ends up as '\(new)'"))
        }
        guard issues.isEmpty else { throw .invalidConfiguration(stage: id, issues: issues) }
        self.id = id
        self.configuration = configuration
        self.inputSchema = inputSchema
        self.outputSchema = Schema(fields)
    }

    public func transform(_ batch: RecordBatch) throws(TransformerError) -> TransformOutput {
        guard batch.schema == inputSchema else {
            throw .unexpectedBatchSchema(stage: id, expected: inputSchema, found: batch.schema)
        }
        return TransformOutput(batch: RecordBatch(schema: outputSchema, columns: batch.columns, lineage: batch.lineage))
    }
}
