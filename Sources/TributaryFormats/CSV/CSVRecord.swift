/// One framed CSV record: its fields as byte ranges into the reader's buffer.
///
/// A view, valid only until the next call to `CSVReader.next()`: unquoted fields point straight into the bytes
/// read, and quoted fields were unescaped in place, so framing allocates nothing per field.
public struct CSVRecord {
    /// The 1-based line the record starts on, counting every newline, including those inside quoted fields.
    public let line: Int
    /// The number of fields.
    public let count: Int
    /// Why the record is malformed, if it is; its fields are then only a best effort.
    public let issue: CSVRecordIssue?
    @usableFromInline let base: UnsafeRawPointer
    @usableFromInline let bounds: UnsafePointer<Int>

    init(line: Int, count: Int, issue: CSVRecordIssue?, base: UnsafeRawPointer, bounds: UnsafePointer<Int>) {
        self.line = line
        self.count = count
        self.issue = issue
        self.base = base
        self.bounds = bounds
    }

    /// The bytes of field `i` (0-based), quotes removed and doubled quotes undoubled.
    @inlinable @inline(__always)
    public subscript(i: Int) -> UnsafeRawBufferPointer {
        precondition(i >= 0 && i < count, "field index out of range")
        let start = bounds[2 &* i]
        return UnsafeRawBufferPointer(start: base + start, count: bounds[2 &* i &+ 1] &- start)
    }

    /// Field `i` as text, invalid UTF-8 replaced (for headers, rejects and messages, not the hot path).
    public func string(at i: Int) -> String { String(decoding: self[i], as: UTF8.self) }

    /// Every field as text (see `string(at:)`).
    public var strings: [String] { (0..<count).map(string(at:)) }
}

/// What is wrong with a record the reader could frame only partly.
public enum CSVRecordIssue: Sendable, Equatable, CustomStringConvertible {
    /// A quoted field opened on `line` and the input ended before it closed.
    case unterminatedQuote(line: Int)
    /// Field `field` (0-based) has text between its closing quote and the next delimiter.
    case textAfterClosingQuote(field: Int)

    public var description: String {
        switch self {
        case .unterminatedQuote(let line):
            "unterminated quote: the quoted field opened on line \(line) runs to the end of the file"
        case .textAfterClosingQuote(let field):
            "field \(field + 1) has text after its closing quote"
        }
    }
}
