import TributaryCore

/// An expression parsed and type-checked against a schema, ready to evaluate over batches of that schema.
///
/// Compiling is the plan-time half (`tributary validate` runs it): every syntax, name and type error surfaces
/// here, with its offset. Evaluating is the run-time half: it cannot fail as a whole, only row by row.
///
///     let price = try CompiledExpression("cost * 1.2", schema: schema)
///     let result = price.evaluate(batch, field: "price")   // result.column, result.issues
public struct CompiledExpression: Sendable {
    public let text: String
    public let inputSchema: Schema
    public let typed: TypedExpression

    public init(_ text: String, schema: Schema) throws(ExpressionError) {
        self.text = text
        self.inputSchema = schema
        self.typed = try TypeChecker(schema: schema, text: text).check(try ExpressionParser.parse(text))
    }

    /// The result type: the type of the column `evaluate` returns.
    public var type: DataType { typed.type }
    /// Whether a row that is not rejected may evaluate to NULL.
    public var nullable: Bool { typed.nullable }

    /// One batch's result.
    public struct Evaluation: Sendable {
        /// One value per input row, of `type`; NULL where the row failed.
        public var column: Column
        /// Rows that failed (division by zero, overflow, unparseable input …), at most one per row, ascending.
        public var issues: [RowIssue]
    }

    /// Evaluates over every row of `batch`, whose schema must be `inputSchema` (a programmer error otherwise:
    /// transformers check it and throw before calling this).
    ///
    /// - Parameter field: the field named in the row issues: the column being computed, if any.
    public func evaluate(_ batch: RecordBatch, field: String? = nil) -> Evaluation {
        precondition(batch.schema == inputSchema, "expression compiled for another schema")
        var evaluator = ExpressionEvaluator(batch: batch)
        let result = evaluator.evaluate(typed)
        let column: Column
        switch result {
        case .column(let c): column = c
        case .scalar: column = result.materialized(typed.type, count: batch.count)
        }
        return Evaluation(column: column, issues: evaluator.errors.issues(field: field))
    }
}
