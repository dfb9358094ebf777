import TributaryCore

/// `filter`: keeps the rows where a condition is TRUE. Rows where it is FALSE or NULL are filtered (an intended
/// drop, counted as such); rows where it fails (division by zero …) are rejected.
///
///     [[transforms]]
///     type = "filter"
///     condition = "cost <> 0 AND service IN ('AmazonEC2', 'AmazonS3')"
public struct FilterTransformer: Transformer {
    /// Configuration of a `filter` stage.
    ///
    /// Keys:
    /// - `condition` (string, required): a bool expression (see `ExpressionParser` and `ExpressionFunction`).
    public struct Configuration: Sendable, Equatable {
        public var condition: String

        public init(condition: String = "") {
            self.condition = condition
        }
    }

    public let id: String
    public let configuration: Configuration
    public let inputSchema: Schema
    public var outputSchema: Schema { inputSchema }
    let condition: CompiledExpression

    /// Compiles the condition; a problem is keyed `condition` and carries the expression error.
    public init(id: String, configuration: Configuration, inputSchema: Schema) throws(TransformerError) {
        let text = configuration.condition
        do {
            condition = try CompiledExpression(text, schema: inputSchema)
        } catch {
            throw .invalidConfiguration(stage: id, issues: [ConfigurationIssue(key: "condition", error)])
        }
        guard condition.type == .bool else {
            let error = ExpressionError(
                .typeMismatch("the condition must be bool, found \(TypeChecker.describe(condition.typed))"),
                at: condition.typed.offset, in: text)
            throw .invalidConfiguration(stage: id, issues: [ConfigurationIssue(key: "condition", error)])
        }
        self.id = id
        self.configuration = configuration
        self.inputSchema = inputSchema
    }

    public func transform(_ batch: RecordBatch) throws(TransformerError) -> TransformOutput {
        guard batch.schema == inputSchema else {
            throw .unexpectedBatchSchema(stage: id, expected: inputSchema, found: batch.schema)
        }
        let result = condition.evaluate(batch)
        guard case .bool(let verdict) = result.column else {
            preconditionFailure("a bool condition evaluated to \(result.column.dataType)")
        }
        var rejectedRows = [Bool](repeating: false, count: batch.count)
        for issue in result.issues { rejectedRows[issue.row] = true }
        var kept: [Int] = []
        var filtered: [Int] = []
        kept.reserveCapacity(batch.count)
        let nulls = Nulls(verdict.validity)
        verdict.values.withUnsafeBufferPointer { values in
            if nulls.isNone, result.issues.isEmpty {
                for i in 0..<batch.count {
                    if values[i] { kept.append(i) } else { filtered.append(i) }
                }
                return
            }
            for i in 0..<batch.count where !rejectedRows[i] {
                if values[i], !nulls.isNull(i) { kept.append(i) } else { filtered.append(i) }
            }
        }
        return TransformOutput(batch: batch.selecting(kept), rejected: result.issues, filtered: filtered)
    }
}
