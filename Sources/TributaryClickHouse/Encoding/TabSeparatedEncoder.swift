import TributaryCore

/// Writes a batch's rows as ClickHouse `TabSeparated` text, straight from the typed columns.
///
/// This is the loader's hot path. The rows of a range are written through raw pointers into space reserved
/// once for the range's worst case, so that no cell checks capacity or allocates; strings are scanned eight
/// bytes at a time and copied whole when they hold nothing to escape, which is nearly always.
///
/// The text follows ClickHouse's own escaping: `\\ \t \n \r \0 \b \f` are backslash-escaped, NULL is `\N`,
/// decimals are exact with the column's scale, `DateTime` is `YYYY-MM-DD hh:mm:ss` in UTC, bools are 0 or 1,
/// arrays are `['a','b']` with `'` and `\\` escaped inside the quotes. An Array column cannot be Nullable in
/// ClickHouse, so a NULL list is written as `[]`.
public struct TabSeparatedEncoder: Sendable {
    public init() {}

    /// Appends rows `rows` of `batch` to `out`, one line per row.
    func encode(_ batch: RecordBatch, rows: Range<Int>, into out: EncodeBuffer) {
        guard !rows.isEmpty else { return }
        precondition(rows.lowerBound >= 0 && rows.upperBound <= batch.count, "rows outside the batch")
        out.append(room: Self.worstCaseBytes(batch.columns, rows: rows)) { start in
            var end = start
            Self.withViews(batch.columns, rows: rows) { views in end = Self.encodeRows(views, rows: rows, to: start) }
            return end
        }
    }

    /// Appends rows `rows` of `batch` to `out`, one line per row (tests and small paths; loaders reuse an
    /// `EncodeBuffer`).
    public func encode(_ batch: RecordBatch, rows: Range<Int>, into out: inout [UInt8]) {
        guard !rows.isEmpty else { return }
        let buffer = EncodeBuffer(capacity: Self.worstCaseBytes(batch.columns, rows: rows))
        encode(batch, rows: rows, into: buffer)
        out.append(contentsOf: buffer.bytes)
    }

    /// All rows of `batch` as one byte array (tests and small paths).
    public func encode(_ batch: RecordBatch) -> [UInt8] {
        var out: [UInt8] = []
        encode(batch, rows: 0..<batch.count, into: &out)
        return out
    }

    // MARK: Reserving

    /// The most bytes `rows` can take: fixed widths per cell, twice the string bytes (every byte may need a
    /// backslash), and per list element two quotes and a comma.
    static func worstCaseBytes(_ columns: [Column], rows: Range<Int>) -> Int {
        let n = rows.count
        var total = n * max(1, columns.count)  // separators and newlines
        for column in columns {
            switch column {
            case .string(let c):
                total += n * 2 + 2 * (c.offsets[rows.upperBound] - c.offsets[rows.lowerBound])
            case .int64, .uint64: total += n * TextWriters.maxInt64Width
            case .decimal: total += n * TextWriters.maxDecimalWidth
            case .float64: total += n * floatWidth
            case .bool: total += n * 2
            case .date: total += n * TextWriters.maxDateWidth
            case .dateTime: total += n * TextWriters.maxDateTimeWidth
            case .stringArray(let c):
                let first = c.offsets[rows.lowerBound]
                let last = c.offsets[rows.upperBound]
                let bytes = c.elements.offsets[last] - c.elements.offsets[first]
                total += n * 2 + (last - first) * 3 + 2 * bytes
            }
        }
        return total
    }

    /// Longer than any shortest round-trip Double (`-2.2250738585072014e-308` has 24 characters).
    static let floatWidth = 32

    // MARK: Pinned columns

    /// A column's storage as raw pointers, valid inside `withViews`. Trivial, so reading one costs no ARC.
    enum View {
        /// `clean`: no byte of the encoded rows needs escaping, so every cell is copied whole.
        case string(
            bytes: UnsafePointer<UInt8>, offsets: UnsafePointer<Int>, nulls: UnsafePointer<UInt64>?, clean: Bool)
        case int64(UnsafePointer<Int64>, nulls: UnsafePointer<UInt64>?)
        case uint64(UnsafePointer<UInt64>, nulls: UnsafePointer<UInt64>?)
        case decimal(UnsafePointer<Int128>, scale: Int, nulls: UnsafePointer<UInt64>?)
        case float64(UnsafePointer<Double>, nulls: UnsafePointer<UInt64>?)
        case bool(UnsafePointer<Bool>, nulls: UnsafePointer<UInt64>?)
        case date(UnsafePointer<Int32>, nulls: UnsafePointer<UInt64>?)
        case dateTime(UnsafePointer<Int64>, nulls: UnsafePointer<UInt64>?)
        case stringArray(
            bytes: UnsafePointer<UInt8>, elementOffsets: UnsafePointer<Int>, offsets: UnsafePointer<Int>,
            nulls: UnsafePointer<UInt64>?)
    }

    /// Pins every column's arrays for the duration of `body`, one nested scope per column.
    static func withViews(_ columns: [Column], rows: Range<Int>, _ body: (UnsafeBufferPointer<View>) -> Void) {
        var views: [View] = []
        views.reserveCapacity(columns.count)
        func pinFrom(_ j: Int) {
            if j == columns.count {
                views.withUnsafeBufferPointer(body)
                return
            }
            withView(columns[j], rows: rows) { view in
                views.append(view)
                pinFrom(j + 1)
            }
        }
        pinFrom(0)
    }

    private static func withView(_ column: Column, rows: Range<Int>, _ body: (View) -> Void) {
        withNulls(column.validity) { nulls in
            switch column {
            case .string(let c):
                pin(c.bytes, 0) { bytes in
                    pin(c.offsets, 0) { offsets in
                        let first = offsets[rows.lowerBound]
                        let clean = !ClickHouseEscaping.mayNeedEscaping(
                            bytes + first, count: offsets[rows.upperBound] - first)
                        body(.string(bytes: bytes, offsets: offsets, nulls: nulls, clean: clean))
                    }
                }
            case .int64(let c): pin(c.values, 0) { body(.int64($0, nulls: nulls)) }
            case .uint64(let c): pin(c.values, 0) { body(.uint64($0, nulls: nulls)) }
            case .decimal(let c, let scale): pin(c.values, 0) { body(.decimal($0, scale: scale, nulls: nulls)) }
            case .float64(let c): pin(c.values, 0) { body(.float64($0, nulls: nulls)) }
            case .bool(let c): pin(c.values, false) { body(.bool($0, nulls: nulls)) }
            case .date(let c): pin(c.values, 0) { body(.date($0, nulls: nulls)) }
            case .dateTime(let c): pin(c.values, 0) { body(.dateTime($0, nulls: nulls)) }
            case .stringArray(let c):
                pin(c.elements.bytes, 0) { bytes in
                    pin(c.elements.offsets, 0) { elementOffsets in
                        pin(c.offsets, 0) { offsets in
                            body(
                                .stringArray(
                                    bytes: bytes, elementOffsets: elementOffsets, offsets: offsets,
                                    nulls: nulls))
                        }
                    }
                }
            }
        }
    }

    /// An array's base address; an empty array may have none, so a stand-in that is never read replaces it.
    @inline(__always)
    private static func pin<T>(_ a: [T], _ standIn: T, _ body: (UnsafePointer<T>) -> Void) {
        a.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress {
                body(base)
            } else {
                withUnsafePointer(to: standIn) { body($0) }
            }
        }
    }

    private static func withNulls(_ validity: Validity?, _ body: (UnsafePointer<UInt64>?) -> Void) {
        guard let validity, validity.nullCount > 0 else { return body(nil) }
        validity.words.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    // MARK: Writing

    @inline(__always)
    static func isNull(_ nulls: UnsafePointer<UInt64>?, _ r: Int) -> Bool {
        guard let nulls else { return false }
        return nulls[r &>> 6] & (1 &<< UInt64(r & 63)) == 0
    }

    @inline(__always)
    static func writeNull(_ p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        p[0] = UInt8(ascii: "\\")
        p[1] = UInt8(ascii: "N")
        return p + 2
    }

    static func encodeRows(_ views: UnsafeBufferPointer<View>, rows: Range<Int>, to base: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        guard views.count > 0 else { return base }
        // One remembered day per column: the rows of a billing export share a handful of days, so a date is
        // nearly always the one just written above it, and copying its ten bytes skips the calendar arithmetic.
        return withUnsafeTemporaryAllocation(of: TextWriters.DayMemo.self, capacity: views.count) { memos in
            memos.initialize(repeating: TextWriters.DayMemo())
            return encodeRows(views, rows: rows, to: base, memos: memos)
        }
    }

    @inline(__always)
    private static func encodeRows(
        _ views: UnsafeBufferPointer<View>, rows: Range<Int>, to base: UnsafeMutablePointer<UInt8>,
        memos: UnsafeMutableBufferPointer<TextWriters.DayMemo>
    ) -> UnsafeMutablePointer<UInt8> {
        var p = base
        let last = views.count - 1
        for r in rows {
            for j in 0...last {
                switch views[j] {
                case .string(let bytes, let offsets, let nulls, let clean):
                    if isNull(nulls, r) {
                        p = writeNull(p)
                    } else {
                        let start = offsets[r]
                        let count = offsets[r + 1] - start
                        let src = bytes + start
                        if clean || !ClickHouseEscaping.mayNeedEscaping(src, count: count) {
                            TextWriters.copy(src, count: count, to: p)
                            p += count
                        } else {
                            p = ClickHouseEscaping.writeEscaped(src, count: count, to: p)
                        }
                    }
                case .int64(let values, let nulls):
                    p = isNull(nulls, r) ? writeNull(p) : TextWriters.writeInt64(values[r], to: p)
                case .uint64(let values, let nulls):
                    p = isNull(nulls, r) ? writeNull(p) : TextWriters.writeUInt64(values[r], to: p)
                case .decimal(let values, let scale, let nulls):
                    p =
                        isNull(nulls, r)
                        ? writeNull(p) : TextWriters.writeDecimal(units: values[r], scale: scale, to: p)
                case .float64(let values, let nulls):
                    p = isNull(nulls, r) ? writeNull(p) : writeFloat(values[r], to: p)
                case .bool(let values, let nulls):
                    if isNull(nulls, r) {
                        p = writeNull(p)
                    } else {
                        p.pointee = values[r] ? 0x31 : 0x30
                        p += 1
                    }
                case .date(let values, let nulls):
                    p =
                        isNull(nulls, r)
                        ? writeNull(p) : TextWriters.writeDate(days: Int64(values[r]), to: p, memo: &memos[j])
                case .dateTime(let values, let nulls):
                    p =
                        isNull(nulls, r)
                        ? writeNull(p) : TextWriters.writeDateTime(epochSeconds: values[r], to: p, memo: &memos[j])
                case .stringArray(let bytes, let elementOffsets, let offsets, let nulls):
                    p.pointee = UInt8(ascii: "[")
                    p += 1
                    if !isNull(nulls, r) {
                        let first = offsets[r]
                        for e in first..<offsets[r + 1] {
                            if e > first {
                                p.pointee = UInt8(ascii: ",")
                                p += 1
                            }
                            let start = elementOffsets[e]
                            p = ClickHouseEscaping.writeQuoted(
                                bytes + start, count: elementOffsets[e + 1] - start, to: p)
                        }
                    }
                    p.pointee = UInt8(ascii: "]")
                    p += 1
                }
                p.pointee = j == last ? 0x0A : 0x09
                p += 1
            }
        }
        return p
    }

    /// Shortest text that reads back as the same Double. Floats are rare (money is never one), so the
    /// standard library's formatter, which allocates, is good enough.
    static func writeFloat(_ v: Double, to p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var text = v.isNaN ? "nan" : v.description
        return text.withUTF8 { utf8 in
            let n = min(utf8.count, floatWidth)
            if let base = utf8.baseAddress { p.update(from: base, count: n) }
            return p + n
        }
    }
}
