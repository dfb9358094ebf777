import TributaryCore

/// Collects decoded rows of one file until a batch is full.
///
/// It also records each row's line and, per money column, the amount as read at scale 12: the lineage the run
/// reconciles money with, whatever later transforms do to the columns. All of it sits in raw memory sized for one
/// batch and reused for every batch (see `ColumnAccumulator`), owned by a small class that frees it.
struct BatchAccumulator {
    /// Owns the memory; `let` pointers, so reaching them costs no exclusivity check.
    private final class Storage {
        let columns: UnsafeMutableBufferPointer<ColumnAccumulator>
        let lines: UnsafeMutablePointer<Int>
        /// Money column `m`, row `r` at `m × capacity + r`.
        let money: UnsafeMutablePointer<Int128>

        init(types: [DataType], capacity: Int, moneyColumns: Int) {
            columns = .allocate(capacity: types.count)
            _ = columns.initialize(from: types.map { ColumnAccumulator(type: $0, capacity: capacity) })
            lines = .allocate(capacity: capacity)
            money = .allocate(capacity: max(moneyColumns * capacity, 1))
        }

        deinit {
            for column in columns { column.deallocate() }
            columns.deinitialize().deallocate()
            lines.deallocate()
            money.deallocate()
        }
    }

    let plan: ColumnPlan
    let sourceID: String
    let capacity: Int
    private(set) var file = ""
    private(set) var count = 0
    private let storage: Storage

    init(plan: ColumnPlan, sourceID: String, capacity: Int) {
        self.plan = plan
        self.sourceID = sourceID
        self.capacity = capacity
        storage = Storage(
            types: plan.schema.fields.map(\.type), capacity: capacity, moneyColumns: plan.money.count)
    }

    var isFull: Bool { count >= capacity }

    /// Starts a new file; the previous file's rows must have been taken.
    mutating func start(file: String) {
        precondition(count == 0, "a batch never mixes files")
        self.file = file
    }

    /// The row being stored: cells go to `columns[c]` at this row, then `commit` or `rollback` ends it.
    var row: Int { count }

    /// The columns, mutated in place through the pointer.
    var columns: UnsafeMutableBufferPointer<ColumnAccumulator> { storage.columns }

    /// Ends the row being stored: records its line and the amounts of its money columns at scale 12.
    @inline(__always)
    mutating func commit(line: Int) {
        let row = count
        storage.lines[row] = line
        for m in 0..<plan.money.count {
            let units = storage.columns[plan.money[m].column].decimalUnits(at: row)
            storage.money[m &* capacity &+ row] = units.map { plan.moneyUnits($0, m) } ?? 0
        }
        count = row &+ 1
    }

    /// Undoes the cells stored so far for the row being stored, in columns `0..<columns`.
    mutating func rollback(columns stored: Int) {
        for c in 0..<stored { storage.columns[c].rollback(count) }
    }

    /// The rows collected so far as a batch (nil if none); collection starts over, same file.
    mutating func take() -> RecordBatch? {
        guard count > 0 else { return nil }
        let rows = count
        let built = (0..<storage.columns.count).map { storage.columns[$0].take(count: rows) }
        let lines = Array(UnsafeBufferPointer(start: storage.lines, count: rows))
        let money = (0..<plan.money.count).map { m in
            Array(UnsafeBufferPointer(start: storage.money + m * capacity, count: rows))
        }
        count = 0
        return RecordBatch(
            schema: plan.schema, columns: built,
            lineage: Lineage(sourceID: sourceID, file: file, lines: lines, money: money))
    }
}
