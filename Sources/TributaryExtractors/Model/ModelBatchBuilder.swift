import TributaryCore

/// Gathers mapped rows of one table into columnar batches with their lineage: the line (or record number) each
/// came from, its money as read, its currency.
///
///     var builder = ModelBatchBuilder<SpendRow>(sourceID: "aws", capacity: 16384)
///     builder.start(file: "cur/2025-03.csv.gz")
///     if let issue = builder.append(row, line: record.line) { rejects.append(issue) }
///     if builder.isFull, let batch = builder.take() { … }
public struct ModelBatchBuilder<Row: ModelRow>: Sendable {
    public let sourceID: String
    public let capacity: Int
    private var file = ""
    private var columns: [ColumnBuilder] = []
    private var lines: [Int] = []
    private var money: [[Int128]] = []
    private var currencies: [String] = []

    public init(sourceID: String, capacity: Int = 16384) {
        self.sourceID = sourceID
        self.capacity = max(1, capacity)
        reset()
    }

    /// Rows of a new file start here; call `take()` before, so that batches never mix files.
    public mutating func start(file: String) {
        precondition(lines.isEmpty, "take() the last file's rows before starting another")
        self.file = file
    }

    public var count: Int { lines.count }
    public var isFull: Bool { lines.count >= capacity }

    /// Appends `row` read at `line`; returns the problem instead when the row cannot be stored (nothing is
    /// appended then).
    public mutating func append(_ row: Row, line: Int) -> ModelRowError? {
        do {
            try row.append(to: &columns)
        } catch {
            return error
        }
        lines.append(line)
        let units = row.moneyUnits
        for c in money.indices { money[c].append(c < units.count ? units[c] : 0) }
        currencies.append(row.currency)
        return nil
    }

    /// The rows gathered so far as one batch, or nil when there are none.
    public mutating func take() -> RecordBatch? {
        guard !lines.isEmpty else { return nil }
        let built = columns.indices.map { columns[$0].finish() }
        let batch = RecordBatch(
            schema: Row.schema, columns: built,
            lineage: Lineage(sourceID: sourceID, file: file, lines: lines, money: money, currency: currencies))
        reset()
        return batch
    }

    private mutating func reset() {
        columns = Row.schema.fields.map { ColumnBuilder($0.type, capacity: capacity) }
        lines = []
        lines.reserveCapacity(capacity)
        money = Row.moneyColumns.map { _ in [] }
        currencies = []
    }
}
