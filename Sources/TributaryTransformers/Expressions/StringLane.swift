import TributaryCore

/// Read access to a string operand, column or scalar alike.
struct StringLane {
    let bytes: [UInt8]
    let offsets: [Int]
    let mask: Int
    let nulls: Nulls

    init(_ column: StringColumn) {
        bytes = column.bytes
        offsets = column.offsets
        mask = -1
        nulls = Nulls(column.validity)
    }

    init(scalar: String, nulls: Nulls = .none) {
        bytes = Array(scalar.utf8)
        offsets = [0, bytes.count]
        mask = 0
        self.nulls = nulls
    }

    /// Byte range of row `i` in `bytes`.
    @inline(__always) func range(_ i: Int) -> Range<Int> {
        let j = i & mask
        return offsets[j]..<offsets[j + 1]
    }

    /// Runs `body` with raw access to every row's bytes.
    @inline(__always)
    func withRows<R>(_ body: (StringRows) -> R) -> R {
        bytes.withUnsafeBytes { raw in
            offsets.withUnsafeBufferPointer { off in body(StringRows(raw: raw, offsets: off, mask: mask)) }
        }
    }
}

/// Raw access to the rows of a `StringLane`, valid inside `withRows`.
struct StringRows {
    let raw: UnsafeRawBufferPointer
    let offsets: UnsafeBufferPointer<Int>
    let mask: Int

    @inline(__always) subscript(i: Int) -> UnsafeRawBufferPointer {
        let j = i & mask
        return UnsafeRawBufferPointer(rebasing: raw[offsets[j]..<offsets[j + 1]])
    }
}
