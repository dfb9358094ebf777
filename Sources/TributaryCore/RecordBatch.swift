/// Where each row of a batch came from, and the money it carried when it was read.
///
/// Lineage travels with the rows through every transform, so that a reject, a filtered row or a loaded row can
/// be traced to its file and line, and the run can prove that money read = loaded + filtered + rejected using
/// the amounts as read, whatever later transforms did to the columns.
public struct Lineage: Sendable, Equatable {
    /// The pipeline's source id.
    public var sourceID: String
    /// The file path or API URL (without secrets) every row of the batch came from.
    public var file: String
    /// Per row: the 1-based line (CSV, JSON Lines) or record number where the row starts.
    public var lines: [Int]
    /// Per declared money column, per row: the amount as read, in units of 10^-`Lineage.moneyScale` (0 for NULL).
    public var money: [[Int128]]

    /// The scale of `money`: ClickHouse `Decimal(38, 12)`.
    public static let moneyScale = 12

    public init(sourceID: String, file: String, lines: [Int] = [], money: [[Int128]] = []) {
        self.sourceID = sourceID
        self.file = file
        self.lines = lines
        self.money = money
    }

    public func selecting(_ rows: [Int]) -> Lineage {
        Lineage(
            sourceID: sourceID, file: file, lines: rows.map { lines[$0] },
            money: money.map { column in rows.map { column[$0] } })
    }

    /// Sum of each money column over `rows` (all rows when nil).
    public func moneyTotals(rows: [Int]? = nil) -> [Int128] {
        money.map { column in
            if let rows { return rows.reduce(Int128(0)) { $0 + column[$1] } }
            return column.reduce(Int128(0), +)
        }
    }
}

/// A columnar slice of rows: a schema, one typed column per field, and the rows' lineage.
public struct RecordBatch: Sendable, Equatable {
    public var schema: Schema
    public var columns: [Column]
    public var lineage: Lineage

    public init(schema: Schema, columns: [Column], lineage: Lineage) {
        precondition(schema.count == columns.count, "a batch needs one column per field")
        precondition(columns.allSatisfy { $0.count == lineage.lines.count }, "columns and lineage differ in length")
        self.schema = schema
        self.columns = columns
        self.lineage = lineage
    }

    public var count: Int { lineage.lines.count }

    public func column(named name: String) -> Column? { schema.index(of: name).map { columns[$0] } }

    /// The rows at `rows`, in that order, lineage included.
    public func selecting(_ rows: [Int]) -> RecordBatch {
        if rows.count == count, rows.elementsEqual(0..<count) { return self }
        return RecordBatch(
            schema: schema, columns: columns.map { $0.selecting(rows) }, lineage: lineage.selecting(rows))
    }

    /// Row `i` as field name → text, for rejects and error messages.
    public func rowDescription(_ i: Int) -> [(String, Value)] {
        schema.fields.indices.map { (schema[$0].name, columns[$0].value(at: i)) }
    }
}
