import Testing
import TributaryCore

@testable import TributaryTransformers

/// Schemas and batches shared by the tests.
enum Fixtures {
    static let schema = Schema([
        Field("service", .string),
        Field("cost", .money),
        Field("qty", .int64),
        Field("ratio", .float64),
        Field("usage_date", .date),
        Field("usage_start", .dateTime),
        Field("flag", .bool),
        Field("raw", .string),
        Field("name", .string, nullable: false),
        Field("price", .decimal(precision: 10, scale: 2)),
        Field("tags", .stringArray),
    ])

    static func decimal(_ text: String) -> Value {
        guard let d = ExactDecimal(text) else { preconditionFailure("bad decimal \(text)") }
        return .decimal(d)
    }

    static func date(_ text: String) -> Value {
        guard case .success(let s) = CivilTime.parseTimestamp(text) else { preconditionFailure("bad date \(text)") }
        return .date(Int32(s / 86400))
    }

    static func dateTime(_ text: String) -> Value {
        guard case .success(let s) = CivilTime.parseTimestamp(text) else { preconditionFailure("bad time \(text)") }
        return .dateTime(s)
    }

    /// A batch of `schema` from named columns; unnamed columns are filled with NULLs (or '' when not nullable).
    static func batch(_ columns: [String: [Value]], schema: Schema = schema) -> RecordBatch {
        let count = columns.values.first?.count ?? 0
        let built = schema.fields.map { field -> Column in
            let values = columns[field.name] ?? Array(repeating: field.nullable ? .null : .string(""), count: count)
            return Column.make(field.type, values)
        }
        let lineage = Lineage(sourceID: "test", file: "test.csv", lines: Array(2..<(2 + count)))
        return RecordBatch(schema: schema, columns: built, lineage: lineage)
    }

    /// Compiles and evaluates `text` over `batch`; returns every row's value and the row issues.
    static func evaluate(_ text: String, _ batch: RecordBatch) throws -> (values: [Value], issues: [RowIssue]) {
        let compiled = try CompiledExpression(text, schema: batch.schema)
        let result = compiled.evaluate(batch, field: "out")
        #expect(result.column.count == batch.count)
        return ((0..<batch.count).map { result.column.value(at: $0) }, result.issues)
    }

    /// The value of a constant expression (folded at plan time).
    static func constant(_ text: String) throws -> Value {
        let compiled = try CompiledExpression(text, schema: Schema([]))
        guard case .literal(let v) = compiled.typed.node else {
            Issue.record("'\(text)' was not folded")
            return .null
        }
        return v
    }
}
