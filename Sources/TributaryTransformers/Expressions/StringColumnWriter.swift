import TributaryCore

/// Accumulates a string column's bytes and offsets.
struct StringColumnWriter {
    var bytes: [UInt8] = []
    var offsets: [Int] = [0]

    init(rows: Int, bytes capacity: Int) {
        offsets.reserveCapacity(rows + 1)
        bytes.reserveCapacity(capacity)
    }

    @inline(__always) mutating func append(_ b: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: b)
        offsets.append(bytes.count)
    }

    @inline(__always) mutating func append(contentsOf b: some Sequence<UInt8>) {
        bytes.append(contentsOf: b)
        offsets.append(bytes.count)
    }

    /// Ends the current row: whatever was appended to `bytes` since the last row is its value.
    @inline(__always) mutating func endRow() { offsets.append(bytes.count) }

    func column(_ nulls: Nulls) -> Column {
        .string(StringColumn(bytes: bytes, offsets: offsets, validity: nulls.validity(count: offsets.count - 1)))
    }
}
