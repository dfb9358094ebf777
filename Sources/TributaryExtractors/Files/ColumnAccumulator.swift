import TributaryCore

/// One column of the batch being built, in raw memory that is reused from batch to batch.
///
/// `ColumnBuilder` appends to Swift arrays, which costs a uniqueness check and a generic copy per cell; at tens
/// of millions of cells a second that was a third of the extractor's time. Here a cell is a store (or a short
/// copy for a string) into memory sized for a whole batch, written at an explicit row so that a row whose later
/// cell fails is undone by `rollback` instead of being staged elsewhere first. `take` copies the batch out into
/// the arrays a `Column` holds, once. Owned and freed by `BatchAccumulator`.
struct ColumnAccumulator {
    let type: DataType
    let capacity: Int
    private let stride: Int
    /// Fixed-width values, `capacity × stride` bytes.
    private let values: UnsafeMutableRawPointer
    /// NULL rows, one bit each.
    private let nulls: UnsafeMutablePointer<UInt64>
    private var nullCount = 0
    /// Strings: `capacity + 1` offsets into `bytes`. String arrays: offsets into the elements.
    private let offsets: UnsafeMutablePointer<Int>
    private var bytes: UnsafeMutableRawPointer
    private var bytesCapacity: Int
    private var bytesUsed = 0
    /// String arrays: `elementCount + 1` offsets into `bytes`.
    private var elementOffsets: UnsafeMutablePointer<Int>
    private var elementCapacity: Int
    private var elementCount = 0

    init(type: DataType, capacity: Int) {
        self.type = type
        self.capacity = capacity
        switch type {
        case .decimal: stride = 16
        case .int64, .uint64, .float64, .dateTime: stride = 8
        case .date: stride = 4
        case .bool: stride = 1
        case .string, .stringArray: stride = 0
        }
        values = .allocate(byteCount: max(capacity * stride, 1), alignment: 16)
        let words = max((capacity + 63) / 64, 1)
        nulls = .allocate(capacity: words)
        nulls.initialize(repeating: 0, count: words)
        let hasText = type == .string || type == .stringArray
        offsets = .allocate(capacity: hasText ? capacity + 1 : 1)
        offsets[0] = 0
        bytesCapacity = hasText ? max(capacity * 16, 64) : 1
        bytes = .allocate(byteCount: bytesCapacity, alignment: 8)
        elementCapacity = type == .stringArray ? max(capacity, 16) : 1
        elementOffsets = .allocate(capacity: elementCapacity + 1)
        elementOffsets[0] = 0
    }

    /// Frees the memory; called once, by the owner.
    func deallocate() {
        values.deallocate()
        nulls.deallocate()
        offsets.deallocate()
        bytes.deallocate()
        elementOffsets.deallocate()
    }

    @inline(__always)
    private func store<T>(_ value: T, _ row: Int) {
        values.storeBytes(of: value, toByteOffset: row &* stride, as: T.self)
    }

    /// Stores cell `row`: rows come in order from 0, and a row may be stored again after `rollback`.
    @inline(__always)
    mutating func append(_ cell: CellValue, row: Int) {
        switch cell {
        case .string(let text): appendBytes(text, row)
        case .decimal(let v): store(v, row)
        case .int64(let v), .dateTime(let v): store(v, row)
        case .null: appendNull(row)
        case .uint64(let v): store(v, row)
        case .float64(let v): store(v, row)
        case .bool(let v): store(v, row)
        case .date(let v): store(v, row)
        case .stringArrayJSON(let text): appendStrings(CellDecoder.stringArray(fromJSON: text) ?? [], row)
        case .failure: preconditionFailure("a failed cell reached a column")
        }
    }

    /// Stores a NULL at `row`, with a zero value under it so that equal batches compare equal.
    mutating func appendNull(_ row: Int) {
        nulls[row &>> 6] |= 1 &<< UInt64(row & 63)
        nullCount &+= 1
        switch type {
        case .string: offsets[row &+ 1] = bytesUsed
        case .stringArray: offsets[row &+ 1] = elementCount
        default: (values + row &* stride).initializeMemory(as: UInt8.self, repeating: 0, count: stride)
        }
    }

    @inline(__always)
    mutating func appendBytes(_ text: UnsafeRawBufferPointer, _ row: Int) {
        appendText(text)
        offsets[row &+ 1] = bytesUsed
    }

    /// Stores a string (the JSON Lines path, where text arrives as `String`).
    mutating func appendString(_ text: String, _ row: Int) {
        var text = text
        text.withUTF8 { appendBytes(UnsafeRawBufferPointer($0), row) }
    }

    mutating func appendStrings(_ list: [String], _ row: Int) {
        for var element in list {
            if elementCount == elementCapacity { growElements() }
            element.withUTF8 { appendText(UnsafeRawBufferPointer($0)) }
            elementCount += 1
            elementOffsets[elementCount] = bytesUsed
        }
        offsets[row &+ 1] = elementCount
    }

    /// Undoes `row`, the last row stored, when a later cell of it failed.
    mutating func rollback(_ row: Int) {
        let bit: UInt64 = 1 &<< UInt64(row & 63)
        if nulls[row &>> 6] & bit != 0 {
            nulls[row &>> 6] &= ~bit
            nullCount -= 1
        }
        switch type {
        case .string: bytesUsed = offsets[row]
        case .stringArray:
            elementCount = offsets[row]
            bytesUsed = elementOffsets[elementCount]
        default: break
        }
    }

    /// The decimal units stored at `row`, nil for NULL (money lineage reads them back).
    @inline(__always)
    func decimalUnits(at row: Int) -> Int128? {
        if nulls[row &>> 6] & (1 &<< UInt64(row & 63)) != 0 { return nil }
        return values.loadUnaligned(fromByteOffset: row &* 16, as: Int128.self)
    }

    @inline(__always)
    private mutating func appendText(_ text: UnsafeRawBufferPointer) {
        let n = text.count
        if bytesUsed &+ n > bytesCapacity { growBytes(toFit: bytesUsed + n) }
        if let source = text.baseAddress { Self.copy(from: source, to: bytes + bytesUsed, count: n) }
        bytesUsed &+= n
    }

    /// Copies `n` bytes; short strings (most cells) with overlapping word moves instead of a call to `memmove`.
    @inline(__always)
    private static func copy(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count n: Int) {
        if n >= 8 {
            if n <= 16 {
                let head = source.loadUnaligned(as: UInt64.self)
                let tail = source.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                target.storeBytes(of: head, as: UInt64.self)
                target.storeBytes(of: tail, toByteOffset: n &- 8, as: UInt64.self)
            } else {
                target.copyMemory(from: source, byteCount: n)
            }
        } else if n >= 4 {
            let head = source.loadUnaligned(as: UInt32.self)
            let tail = source.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: tail, toByteOffset: n &- 4, as: UInt32.self)
        } else {
            for k in 0..<n {
                target.storeBytes(of: source.load(fromByteOffset: k, as: UInt8.self), toByteOffset: k, as: UInt8.self)
            }
        }
    }

    private mutating func growBytes(toFit needed: Int) {
        var larger = bytesCapacity * 2
        while larger < needed { larger *= 2 }
        let memory = UnsafeMutableRawPointer.allocate(byteCount: larger, alignment: 8)
        memory.copyMemory(from: bytes, byteCount: bytesUsed)
        bytes.deallocate()
        bytes = memory
        bytesCapacity = larger
    }

    private mutating func growElements() {
        let larger = UnsafeMutablePointer<Int>.allocate(capacity: elementCapacity * 2 + 1)
        larger.update(from: elementOffsets, count: elementCount + 1)
        elementOffsets.deallocate()
        elementOffsets = larger
        elementCapacity *= 2
    }

    /// The first `count` rows as a column; the accumulator is emptied for the next batch.
    mutating func take(count: Int) -> Column {
        let validity = nullCount > 0 ? makeValidity(count) : nil
        defer {
            nulls.update(repeating: 0, count: max((count + 63) / 64, 1))
            nullCount = 0
            bytesUsed = 0
            elementCount = 0
        }
        func fixed<T>(_: T.Type) -> FixedColumn<T> {
            let source = UnsafeRawBufferPointer(start: values, count: count * stride)
            let array = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                initialized = count
            }
            return FixedColumn(values: array, validity: validity)
        }
        let text = Array(UnsafeRawBufferPointer(start: bytes, count: bytesUsed))
        switch type {
        case .string:
            let ends = Array(UnsafeBufferPointer(start: offsets, count: count + 1))
            return .string(StringColumn(bytes: text, offsets: ends, validity: validity))
        case .stringArray:
            let elements = StringColumn(
                bytes: text, offsets: Array(UnsafeBufferPointer(start: elementOffsets, count: elementCount + 1)))
            let lists = Array(UnsafeBufferPointer(start: offsets, count: count + 1))
            return .stringArray(StringArrayColumn(elements: elements, offsets: lists, validity: validity))
        case .decimal(_, let scale): return .decimal(fixed(Int128.self), scale: scale)
        case .int64: return .int64(fixed(Int64.self))
        case .dateTime: return .dateTime(fixed(Int64.self))
        case .uint64: return .uint64(fixed(UInt64.self))
        case .float64: return .float64(fixed(Double.self))
        case .bool: return .bool(fixed(Bool.self))
        case .date: return .date(fixed(Int32.self))
        }
    }

    private func makeValidity(_ count: Int) -> Validity {
        var validity = Validity()
        validity.reserveCapacity(count)
        for row in 0..<count { validity.append(nulls[row >> 6] & (1 << UInt64(row & 63)) == 0) }
        return validity
    }
}
