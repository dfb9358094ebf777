import TributaryCore

/// `derive`: adds or replaces columns computed by expressions, in order, so later ones may use earlier ones.
/// A row whose computation fails (division by zero, overflow, an unreadable date) is rejected with the field
/// being computed and the reason; the other rows go on.
///
///     [[transforms]]
///     type = "derive"
///     columns = [
///       { name = "billing_month", expression = "to_yyyymm(usage_start)" },
///       { name = "cost_eur", expression = "cost * 0.92" },
///     ]
public struct DeriveTransformer: Transformer {
    /// Configuration of a `derive` stage.
    ///
    /// Keys:
    /// - `columns` (array of tables, required, at least one): each with
    ///   - `name` (string, required): the column to add, or to replace in place if it exists;
    ///   - `expression` (string, required): its value (see `ExpressionParser` and `ExpressionFunction`).
    public struct Configuration: Sendable, Equatable {
        public var columns: [Derivation]

        public init(columns: [Derivation] = []) {
            self.columns = columns
        }
    }

    /// One derived column.
    public struct Derivation: Sendable, Equatable {
        public var name: String
        public var expression: String

        public init(name: String, expression: String) {
            self.name = name
            self.expression = expression
        }
    }

    public let id: String
    public let configuration: Configuration
    public let inputSchema: Schema
    public let outputSchema: Schema

    struct Step {
        var name: String
        var expression: CompiledExpression
        /// The position replaced, or nil to append.
        var replacing: Int?
        /// The schema after this step.
        var schema: Schema
    }

    let steps: [Step]

    /// Compiles every expression against the schema as it stands after the previous ones; problems are keyed
    /// `columns[i].name` / `columns[i].expression`, and an expression that uses a column whose own derivation
    /// failed is not reported again.
    public init(id: String, configuration: Configuration, inputSchema: Schema) throws(TransformerError) {
        var issues: [ConfigurationIssue] = []
        if configuration.columns.isEmpty {
            issues.append(ConfigurationIssue(key: "columns", message: "derive needs at least one entry in `columns`"))
        }
        var schema = inputSchema
        var steps: [Step] = []
        var failed: Set<String> = []
        for (i, derivation) in configuration.columns.enumerated() {
            let name = derivation.name
            if name.isEmpty {
                issues.append(ConfigurationIssue(key: "columns[\(i)].name", message: "the column name is empty"))
            }
            let compiled: CompiledExpression
            do {
                compiled = try CompiledExpression(derivation.expression, schema: schema)
            } catch {
                failed.insert(name)
                if case .unknownColumn(let missing, _) = error.reason, failed.contains(missing) { continue }
                issues.append(ConfigurationIssue(key: "columns[\(i)].expression", error))
                continue
            }
            let field = Field(name, compiled.type, nullable: compiled.nullable)
            var fields = schema.fields
            let replacing = schema.index(of: name)
            if let replacing { fields[replacing] = field } else { fields.append(field) }
            schema = Schema(fields)
            steps.append(Step(name: name, expression: compiled, replacing: replacing, schema: schema))
        }
        guard issues.isEmpty else { throw .invalidConfiguration(stage: id, issues: issues) }
        self.id = id
        self.configuration = configuration
        self.inputSchema = inputSchema
        self.outputSchema = schema
        self.steps = steps
    }

    public func transform(_ batch: RecordBatch) throws(TransformerError) -> TransformOutput {
        guard batch.schema == inputSchema else {
            throw .unexpectedBatchSchema(stage: id, expected: inputSchema, found: batch.schema)
        }
        var working = batch
        var failures: [Int: RowIssue] = [:]
        for step in steps {
            let result = step.expression.evaluate(working, field: step.name)
            for issue in result.issues where failures[issue.row] == nil { failures[issue.row] = issue }
            var columns = working.columns
            if let position = step.replacing {
                columns[position] = result.column
            } else {
                columns.append(result.column)
            }
            working = RecordBatch(schema: step.schema, columns: columns, lineage: working.lineage)
        }
        guard !failures.isEmpty else { return TransformOutput(batch: working) }
        let kept = (0..<batch.count).filter { failures[$0] == nil }
        return TransformOutput(
            batch: working.selecting(kept), rejected: failures.keys.sorted().compactMap { failures[$0] })
    }
}
