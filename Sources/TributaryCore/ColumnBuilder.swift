/// Accumulates one column's cells, then hands over a `Column`.
///
/// A struct with one array per storage kind rather than an enum with payloads, so that appending through
/// `builders[i].appendX(…)` mutates in place and never copies the buffers.
public struct ColumnBuilder: Sendable {
    public let type: DataType
    public private(set) var count = 0
    public var bytes: [UInt8] = []
    public var offsets: [Int] = [0]
    public var listOffsets: [Int] = [0]
    public var ints: [Int64] = []
    public var uints: [UInt64] = []
    public var decimals: [Int128] = []
    public var doubles: [Double] = []
    public var bools: [Bool] = []
    public var dates: [Int32] = []
    public var validity = Validity()
    var sawNull = false

    public init(_ type: DataType, capacity: Int = 0) {
        self.type = type
        switch type {
        case .string:
            offsets.reserveCapacity(capacity + 1)
            bytes.reserveCapacity(capacity * 8)
        case .int64, .dateTime: ints.reserveCapacity(capacity)
        case .uint64: uints.reserveCapacity(capacity)
        case .decimal: decimals.reserveCapacity(capacity)
        case .float64: doubles.reserveCapacity(capacity)
        case .bool: bools.reserveCapacity(capacity)
        case .date: dates.reserveCapacity(capacity)
        case .stringArray: listOffsets.reserveCapacity(capacity + 1)
        }
        validity.reserveCapacity(capacity)
    }

    public var scale: Int {
        if case .decimal(_, let s) = type { return s }
        return 0
    }

    @inline(__always) private mutating func mark(_ valid: Bool) {
        validity.append(valid)
        if !valid { sawNull = true }
        count += 1
    }

    /// Appends a NULL (a type default is stored under it).
    public mutating func appendNull() {
        switch type {
        case .string: offsets.append(bytes.count)
        case .int64, .dateTime: ints.append(0)
        case .uint64: uints.append(0)
        case .decimal: decimals.append(0)
        case .float64: doubles.append(0)
        case .bool: bools.append(false)
        case .date: dates.append(0)
        case .stringArray: listOffsets.append(offsets.count - 1)
        }
        mark(false)
    }

    /// Appends a cell's bytes. `append(contentsOf:)` on the raw buffer is already specialised, in an optimised
    /// build, to one uniqueness check and one `memmove`; rebinding to `UnsafeBufferPointer<UInt8>` first measured
    /// the same there (about 20 ns a cell) and a fifth slower unoptimised, so it stays. The rest of the cost is
    /// Array bookkeeping on three arrays per cell, which is why loops that fill whole batches (the extractors')
    /// write raw memory instead.
    @inline(__always) public mutating func appendString(_ b: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: b)
        offsets.append(bytes.count)
        mark(true)
    }

    public mutating func appendString(_ s: String) {
        bytes.append(contentsOf: s.utf8)
        offsets.append(bytes.count)
        mark(true)
    }

    @inline(__always) public mutating func appendInt64(_ v: Int64) {
        ints.append(v)
        mark(true)
    }

    @inline(__always) public mutating func appendUInt64(_ v: UInt64) {
        uints.append(v)
        mark(true)
    }

    /// Units at this builder's scale.
    @inline(__always) public mutating func appendDecimalUnits(_ v: Int128) {
        decimals.append(v)
        mark(true)
    }

    @inline(__always) public mutating func appendFloat64(_ v: Double) {
        doubles.append(v)
        mark(true)
    }

    @inline(__always) public mutating func appendBool(_ v: Bool) {
        bools.append(v)
        mark(true)
    }

    @inline(__always) public mutating func appendDate(_ days: Int32) {
        dates.append(days)
        mark(true)
    }

    @inline(__always) public mutating func appendDateTime(_ seconds: Int64) {
        ints.append(seconds)
        mark(true)
    }

    public mutating func appendStrings(_ list: [String]) {
        for s in list {
            bytes.append(contentsOf: s.utf8)
            offsets.append(bytes.count)
        }
        listOffsets.append(offsets.count - 1)
        mark(true)
    }

    /// Appends a value of this builder's type; a value of another type is a programmer error.
    public mutating func append(_ v: Value) {
        switch (type, v) {
        case (_, .null): appendNull()
        case (.string, .string(let s)): appendString(s)
        case (.int64, .int64(let x)): appendInt64(x)
        case (.uint64, .uint64(let x)): appendUInt64(x)
        case (.decimal(_, let s), .decimal(let d)):
            guard let r = d.rescaledExactly(to: s) ?? d.rounded(to: s) else {
                preconditionFailure("decimal \(d) does not fit scale \(s)")
            }
            appendDecimalUnits(r.units)
        case (.float64, .float64(let x)): appendFloat64(x)
        case (.bool, .bool(let x)): appendBool(x)
        case (.date, .date(let x)): appendDate(x)
        case (.dateTime, .dateTime(let x)): appendDateTime(x)
        case (.stringArray, .stringArray(let a)): appendStrings(a)
        default: preconditionFailure("value \(v) appended to a \(type) column")
        }
    }

    /// The column built so far; the builder is left empty.
    public mutating func finish() -> Column {
        let valid = sawNull ? validity : nil
        defer { self = ColumnBuilder(type) }
        switch type {
        case .string: return .string(StringColumn(bytes: bytes, offsets: offsets, validity: valid))
        case .int64: return .int64(FixedColumn(values: ints, validity: valid))
        case .dateTime: return .dateTime(FixedColumn(values: ints, validity: valid))
        case .uint64: return .uint64(FixedColumn(values: uints, validity: valid))
        case .decimal(_, let s): return .decimal(FixedColumn(values: decimals, validity: valid), scale: s)
        case .float64: return .float64(FixedColumn(values: doubles, validity: valid))
        case .bool: return .bool(FixedColumn(values: bools, validity: valid))
        case .date: return .date(FixedColumn(values: dates, validity: valid))
        case .stringArray:
            return .stringArray(
                StringArrayColumn(
                    elements: StringColumn(bytes: bytes, offsets: offsets), offsets: listOffsets, validity: valid))
        }
    }
}
