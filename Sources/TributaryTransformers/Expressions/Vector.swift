import TributaryCore

/// The value of a sub-expression over a batch: a column, or one value standing for every row.
///
/// Literals stay scalars so that `cost > 0` never materialises a column of zeros; kernels read both shapes
/// through lanes, whose index mask is all ones for a column and zero for a scalar.
enum Vector: Sendable {
    case column(Column)
    case scalar(Value)

    var isScalar: Bool {
        if case .scalar = self { return true }
        return false
    }

    /// NULLs of this operand.
    var nulls: Nulls {
        switch self {
        case .column(let c): Nulls(c.validity)
        case .scalar(let v): v.isNull ? .all : .none
        }
    }

    /// Row `i` as a `Value` (slow paths only).
    func value(at i: Int) -> Value {
        switch self {
        case .column(let c): c.value(at: i)
        case .scalar(let v): v
        }
    }

    /// A full column of `count` rows of `type` (slow paths and the rare all-scalar cases).
    func materialized(_ type: DataType, count: Int) -> Column {
        switch self {
        case .column(let c): return c
        case .scalar(let v):
            var builder = ColumnBuilder(type, capacity: count)
            for _ in 0..<count { builder.append(v) }
            return builder.finish()
        }
    }

    private func mismatch(_ expected: String) -> Never {
        preconditionFailure("type checker let a non-\(expected) operand through: \(self)")
    }

    /// int64 and datetime (both stored as Int64).
    var int64Lane: FixedLane<Int64> {
        switch self {
        case .column(.int64(let c)), .column(.dateTime(let c)): FixedLane(c)
        case .scalar(.int64(let v)), .scalar(.dateTime(let v)): FixedLane(scalar: v)
        case .scalar(.null): FixedLane(nullScalar: 0)
        default: mismatch("int64")
        }
    }

    var uint64Lane: FixedLane<UInt64> {
        switch self {
        case .column(.uint64(let c)): FixedLane(c)
        case .scalar(.uint64(let v)): FixedLane(scalar: v)
        case .scalar(.null): FixedLane(nullScalar: 0)
        default: mismatch("uint64")
        }
    }

    /// Units and their scale.
    var decimalLane: (lane: FixedLane<Int128>, scale: Int) {
        switch self {
        case .column(.decimal(let c, let s)): (FixedLane(c), s)
        case .scalar(.decimal(let d)): (FixedLane(scalar: d.units), d.scale)
        case .scalar(.null): (FixedLane(nullScalar: 0), 0)
        default: mismatch("decimal")
        }
    }

    var float64Lane: FixedLane<Double> {
        switch self {
        case .column(.float64(let c)): FixedLane(c)
        case .scalar(.float64(let v)): FixedLane(scalar: v)
        case .scalar(.null): FixedLane(nullScalar: 0)
        default: mismatch("float64")
        }
    }

    var boolLane: FixedLane<Bool> {
        switch self {
        case .column(.bool(let c)): FixedLane(c)
        case .scalar(.bool(let v)): FixedLane(scalar: v)
        case .scalar(.null): FixedLane(nullScalar: false)
        default: mismatch("bool")
        }
    }

    var dateLane: FixedLane<Int32> {
        switch self {
        case .column(.date(let c)): FixedLane(c)
        case .scalar(.date(let v)): FixedLane(scalar: v)
        case .scalar(.null): FixedLane(nullScalar: 0)
        default: mismatch("date")
        }
    }

    var stringLane: StringLane {
        switch self {
        case .column(.string(let c)): StringLane(c)
        case .scalar(.string(let s)): StringLane(scalar: s)
        case .scalar(.null): StringLane(scalar: "", nulls: .all)
        default: mismatch("string")
        }
    }
}
