import TributaryCore

/// Read access to a fixed-width operand, column or scalar alike.
struct FixedLane<T> {
    let values: [T]
    /// All ones for a column, zero for a scalar: `values[i & mask]` is row `i` either way.
    let mask: Int
    let nulls: Nulls

    init(_ column: FixedColumn<T>) where T: Sendable & Equatable {
        values = column.values
        mask = -1
        nulls = Nulls(column.validity)
    }

    init(scalar: T) {
        values = [scalar]
        mask = 0
        nulls = .none
    }

    init(nullScalar zero: T) {
        values = [zero]
        mask = 0
        nulls = .all
    }

    init(values: [T], mask: Int, nulls: Nulls) {
        self.values = values
        self.mask = mask
        self.nulls = nulls
    }

    @inline(__always) subscript(i: Int) -> T { values[i & mask] }

    /// The same rows and NULLs with every value transformed.
    func mapped<U>(_ f: (T) -> U) -> FixedLane<U> { FixedLane<U>(values: values.map(f), mask: mask, nulls: nulls) }
}
