import TributaryCore

/// `cast`: converts columns to other types; a value that does not convert rejects its row, naming the field and
/// the value ("'abc' is not a decimal"). Decimals with more digits than the target scale are rejected, never
/// rounded, so a cast cannot lose money.
///
///     [[transforms]]
///     type = "cast"
///     columns = { cost = "decimal(38,12)", usage_start = "datetime", quantity = "int64" }
///     formats = { usage_start = "%m/%d/%Y %H:%M" }
public struct CastTransformer: Transformer {
    /// Configuration of a `cast` stage.
    ///
    /// Keys:
    /// - `columns` (table of string → string, required, at least one entry): column → target type, spelled
    ///   as `DataType(parsing:)` reads it: `string`, `int64`, `uint64`, `decimal`, `decimal(P,S)`, `float64`,
    ///   `bool`, `date`, `datetime`.
    /// - `formats` (table of string → string, default `{}`): for string → `date`/`datetime` casts, a
    ///   `DateTimeFormat` pattern per column; without one, ISO 8601 is read.
    public struct Configuration: Sendable, Equatable {
        public var columns: [String: String]
        public var formats: [String: String]

        public init(columns: [String: String] = [:], formats: [String: String] = [:]) {
            self.columns = columns
            self.formats = formats
        }
    }

    public let id: String
    public let configuration: Configuration
    public let inputSchema: Schema
    public let outputSchema: Schema

    struct Conversion {
        var position: Int
        var name: String
        var from: DataType
        var to: DataType
        var format: DateTimeFormat?
    }

    /// In schema order, so that a row failing several casts is reported for the leftmost column.
    let conversions: [Conversion]

    /// Checks columns, types and formats; problems are keyed `columns.<name>` / `formats.<name>`.
    public init(id: String, configuration: Configuration, inputSchema: Schema) throws(TransformerError) {
        var issues: [ConfigurationIssue] = []
        if configuration.columns.isEmpty {
            issues.append(ConfigurationIssue(key: "columns", message: "cast needs at least one entry in `columns`"))
        }
        var conversions: [Conversion] = []
        var fields = inputSchema.fields
        for (name, spelling) in configuration.columns.sorted(by: { $0.key < $1.key }) {
            let key = "columns.\(name)"
            guard let position = inputSchema.index(of: name) else {
                let hint =
                    NameSuggestion.nearest(to: name, in: inputSchema.names).map { "; did you mean '\($0)'?" } ?? ""
                issues.append(ConfigurationIssue(key: key, message: "unknown column '\(name)'\(hint)"))
                continue
            }
            guard let target = DataType(parsing: spelling), target != .stringArray else {
                let known = DataType.spellings.filter { $0 != "array(string)" }.joined(separator: ", ")
                issues.append(
                    ConfigurationIssue(key: key, message: "unknown type '\(spelling)'; expected one of \(known)"))
                continue
            }
            let source = inputSchema[position].type
            guard ColumnCaster.canCast(from: source, to: target) else {
                issues.append(
                    ConfigurationIssue(key: key, message: "cannot cast '\(name)' from \(source) to \(target)"))
                continue
            }
            var format: DateTimeFormat?
            if let pattern = configuration.formats[name] {
                if source != .string || (target != .date && target != .dateTime) {
                    issues.append(
                        ConfigurationIssue(
                            key: "formats.\(name)",
                            message: "a format applies only to string → date or datetime casts, "
                                + "not \(source) → \(target)"))
                }
                do {
                    format = try DateTimeFormat(pattern)
                } catch {
                    issues.append(ConfigurationIssue(key: "formats.\(name)", message: error.message))
                }
            }
            fields[position].type = target
            conversions.append(Conversion(position: position, name: name, from: source, to: target, format: format))
        }
        for name in configuration.formats.keys.sorted() where configuration.columns[name] == nil {
            issues.append(
                ConfigurationIssue(key: "formats.\(name)", message: "'\(name)' has a format but no entry in `columns`"))
        }
        guard issues.isEmpty else { throw .invalidConfiguration(stage: id, issues: issues) }
        self.id = id
        self.configuration = configuration
        self.inputSchema = inputSchema
        self.outputSchema = Schema(fields)
        self.conversions = conversions.sorted { $0.position < $1.position }.filter {
            $0.from != $0.to || $0.format != nil
        }
    }

    public func transform(_ batch: RecordBatch) throws(TransformerError) -> TransformOutput {
        guard batch.schema == inputSchema else {
            throw .unexpectedBatchSchema(stage: id, expected: inputSchema, found: batch.schema)
        }
        let caster = ColumnCaster(count: batch.count)
        var columns = batch.columns
        var failures: [Int: RowIssue] = [:]
        for c in conversions {
            var errors = RowErrors()
            columns[c.position] = caster.cast(
                .column(batch.columns[c.position]), from: c.from, to: c.to, format: c.format, errors: &errors)
            for (row, reason) in errors.reasons where failures[row] == nil {
                failures[row] = RowIssue(row: row, field: c.name, reason: reason)
            }
        }
        let converted = RecordBatch(schema: outputSchema, columns: columns, lineage: batch.lineage)
        guard !failures.isEmpty else { return TransformOutput(batch: converted) }
        let kept = (0..<batch.count).filter { failures[$0] == nil }
        return TransformOutput(
            batch: converted.selecting(kept), rejected: failures.keys.sorted().compactMap { failures[$0] })
    }
}
