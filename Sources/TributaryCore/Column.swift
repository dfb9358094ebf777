/// Fixed-width values plus an optional validity bitmap (nil: no NULLs).
public struct FixedColumn<T: Sendable & Equatable>: Sendable, Equatable {
    public var values: [T]
    public var validity: Validity?

    public init(values: [T], validity: Validity? = nil) {
        self.values = values
        self.validity = validity
    }

    @inline(__always) public func isNull(_ i: Int) -> Bool { validity.map { !$0.isValid(i) } ?? false }
}

/// UTF-8 strings stored back to back: row `i` is `bytes[offsets[i]..<offsets[i+1]]`.
///
/// No `String` is made per cell on the hot path; readers and writers copy bytes.
public struct StringColumn: Sendable, Equatable {
    public var bytes: [UInt8]
    public var offsets: [Int]
    public var validity: Validity?

    public init(bytes: [UInt8] = [], offsets: [Int] = [0], validity: Validity? = nil) {
        self.bytes = bytes
        self.offsets = offsets
        self.validity = validity
    }

    public init(_ strings: [String?]) {
        var b = StringColumnBuilderStorage()
        for s in strings { b.append(s) }
        self = b.column
    }

    public var count: Int { offsets.count - 1 }
    @inline(__always) public func isNull(_ i: Int) -> Bool { validity.map { !$0.isValid(i) } ?? false }
    public func string(at i: Int) -> String { String(decoding: bytes[offsets[i]..<offsets[i + 1]], as: UTF8.self) }
}

/// Lists of strings: row `i` holds `elements` rows `offsets[i]..<offsets[i+1]`.
public struct StringArrayColumn: Sendable, Equatable {
    public var elements: StringColumn
    public var offsets: [Int]
    public var validity: Validity?

    public init(elements: StringColumn = StringColumn(), offsets: [Int] = [0], validity: Validity? = nil) {
        self.elements = elements
        self.offsets = offsets
        self.validity = validity
    }

    public var count: Int { offsets.count - 1 }
    public func strings(at i: Int) -> [String] { (offsets[i]..<offsets[i + 1]).map { elements.string(at: $0) } }
}

/// Builds a `StringColumn` one cell at a time.
struct StringColumnBuilderStorage {
    var bytes: [UInt8] = []
    var offsets: [Int] = [0]
    var validity = Validity()
    var sawNull = false

    mutating func append(_ s: String?) {
        if let s { bytes.append(contentsOf: s.utf8) } else { sawNull = true }
        offsets.append(bytes.count)
        validity.append(s != nil)
    }

    var column: StringColumn { StringColumn(bytes: bytes, offsets: offsets, validity: sawNull ? validity : nil) }
}

/// One typed column of a `RecordBatch`.
public enum Column: Sendable, Equatable {
    case string(StringColumn)
    case int64(FixedColumn<Int64>)
    case uint64(FixedColumn<UInt64>)
    /// Units of 10^-scale.
    case decimal(FixedColumn<Int128>, scale: Int)
    case float64(FixedColumn<Double>)
    case bool(FixedColumn<Bool>)
    /// Days since 1970-01-01.
    case date(FixedColumn<Int32>)
    /// Seconds since the Unix epoch, UTC.
    case dateTime(FixedColumn<Int64>)
    case stringArray(StringArrayColumn)

    public var count: Int {
        switch self {
        case .string(let c): c.count
        case .int64(let c): c.values.count
        case .uint64(let c): c.values.count
        case .decimal(let c, _): c.values.count
        case .float64(let c): c.values.count
        case .bool(let c): c.values.count
        case .date(let c): c.values.count
        case .dateTime(let c): c.values.count
        case .stringArray(let c): c.count
        }
    }

    public var validity: Validity? {
        switch self {
        case .string(let c): c.validity
        case .int64(let c): c.validity
        case .uint64(let c): c.validity
        case .decimal(let c, _): c.validity
        case .float64(let c): c.validity
        case .bool(let c): c.validity
        case .date(let c): c.validity
        case .dateTime(let c): c.validity
        case .stringArray(let c): c.validity
        }
    }

    @inline(__always) public func isNull(_ i: Int) -> Bool { validity.map { !$0.isValid(i) } ?? false }

    public var nullCount: Int { validity?.nullCount ?? 0 }

    /// The logical type this column stores.
    public var dataType: DataType {
        switch self {
        case .string: .string
        case .int64: .int64
        case .uint64: .uint64
        case .decimal(_, let s): .decimal(precision: 38, scale: s)
        case .float64: .float64
        case .bool: .bool
        case .date: .date
        case .dateTime: .dateTime
        case .stringArray: .stringArray
        }
    }

    /// Row `i` as a `Value` (slow path).
    public func value(at i: Int) -> Value {
        if isNull(i) { return .null }
        switch self {
        case .string(let c): return .string(c.string(at: i))
        case .int64(let c): return .int64(c.values[i])
        case .uint64(let c): return .uint64(c.values[i])
        case .decimal(let c, let s): return .decimal(ExactDecimal(units: c.values[i], scale: s))
        case .float64(let c): return .float64(c.values[i])
        case .bool(let c): return .bool(c.values[i])
        case .date(let c): return .date(c.values[i])
        case .dateTime(let c): return .dateTime(c.values[i])
        case .stringArray(let c): return .stringArray(c.strings(at: i))
        }
    }

    /// The rows at `rows`, in that order.
    public func selecting(_ rows: [Int]) -> Column {
        func pick<T>(_ c: FixedColumn<T>) -> FixedColumn<T> {
            var values: [T] = []
            values.reserveCapacity(rows.count)
            for r in rows { values.append(c.values[r]) }
            return FixedColumn(values: values, validity: Column.pickValidity(c.validity, rows))
        }
        switch self {
        case .string(let c): return .string(Column.pickStrings(c, rows))
        case .int64(let c): return .int64(pick(c))
        case .uint64(let c): return .uint64(pick(c))
        case .decimal(let c, let s): return .decimal(pick(c), scale: s)
        case .float64(let c): return .float64(pick(c))
        case .bool(let c): return .bool(pick(c))
        case .date(let c): return .date(pick(c))
        case .dateTime(let c): return .dateTime(pick(c))
        case .stringArray(let c):
            var elementRows: [Int] = []
            var offsets = [0]
            offsets.reserveCapacity(rows.count + 1)
            for r in rows {
                elementRows.append(contentsOf: c.offsets[r]..<c.offsets[r + 1])
                offsets.append(elementRows.count)
            }
            return .stringArray(
                StringArrayColumn(
                    elements: Column.pickStrings(c.elements, elementRows), offsets: offsets,
                    validity: Column.pickValidity(c.validity, rows)))
        }
    }

    static func pickValidity(_ v: Validity?, _ rows: [Int]) -> Validity? {
        guard let v else { return nil }
        var out = Validity()
        out.reserveCapacity(rows.count)
        for r in rows { out.append(v.isValid(r)) }
        return out.nullCount == 0 ? nil : out
    }

    static func pickStrings(_ c: StringColumn, _ rows: [Int]) -> StringColumn {
        var offsets = [Int]()
        offsets.reserveCapacity(rows.count + 1)
        offsets.append(0)
        var total = 0
        for r in rows {
            total += c.offsets[r + 1] - c.offsets[r]
            offsets.append(total)
        }
        // One allocation and one memcpy per run of consecutive rows (filters keep long runs).
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { dst, initialized in
            c.bytes.withUnsafeBufferPointer { src in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                var out = 0
                var k = 0
                while k < rows.count {
                    var end = k + 1
                    while end < rows.count, rows[end] == rows[end - 1] + 1 { end += 1 }
                    let from = c.offsets[rows[k]]
                    let length = c.offsets[rows[end - 1] + 1] - from
                    (d + out).update(from: s + from, count: length)
                    out += length
                    k = end
                }
            }
            initialized = total
        }
        return StringColumn(bytes: bytes, offsets: offsets, validity: pickValidity(c.validity, rows))
    }

    /// A column of `type` from values (tests, literals, small paths). Values must match the type or be NULL.
    public static func make(_ type: DataType, _ values: [Value]) -> Column {
        var b = ColumnBuilder(type, capacity: values.count)
        for v in values { b.append(v) }
        return b.finish()
    }
}
