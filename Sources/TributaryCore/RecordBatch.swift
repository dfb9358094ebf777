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
    /// Per row, the ISO 4217 code the row's money is in, as read; empty when the source has no currency (then
    /// every amount counts under the currency "").
    public var currency: [String]

    /// The scale of `money`: ClickHouse `Decimal(38, 12)`.
    public static let moneyScale = 12

    public init(sourceID: String, file: String, lines: [Int] = [], money: [[Int128]] = [], currency: [String] = []) {
        self.sourceID = sourceID
        self.file = file
        self.lines = lines
        self.money = money
        self.currency = currency
    }

    public func selecting(_ rows: [Int]) -> Lineage {
        Lineage(
            sourceID: sourceID, file: file, lines: rows.map { lines[$0] },
            money: money.map { column in rows.map { column[$0] } },
            currency: currency.isEmpty ? [] : rows.map { currency[$0] })
    }

    /// The currency of row `i` ("" when the source has none).
    @inline(__always) public func currency(of i: Int) -> String { currency.isEmpty ? "" : currency[i] }

    /// Sum of each money column over `rows` (all rows when nil), per currency.
    public func moneyTotals(rows: [Int]? = nil) -> [MoneyKey: Int128] {
        var out: [MoneyKey: Int128] = [:]
        guard !money.isEmpty else { return out }
        let indices = rows ?? Array(0..<lines.count)
        for (c, column) in money.enumerated() {
            if currency.isEmpty {
                out[MoneyKey(column: c, currency: ""), default: 0] += indices.reduce(Int128(0)) { $0 + column[$1] }
            } else {
                for r in indices { out[MoneyKey(column: c, currency: currency[r]), default: 0] += column[r] }
            }
        }
        return out
    }
}

/// One money column's amounts in one currency: the unit the run reconciles by, since sums across currencies
/// mean nothing.
public struct MoneyKey: Sendable, Hashable, Comparable {
    /// Index into the source's money columns.
    public var column: Int
    /// ISO 4217 code, or "" for a source without currencies.
    public var currency: String

    public init(column: Int, currency: String) {
        self.column = column
        self.currency = currency
    }

    public static func < (a: MoneyKey, b: MoneyKey) -> Bool { (a.column, a.currency) < (b.column, b.currency) }
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
