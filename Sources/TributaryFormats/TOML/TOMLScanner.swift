/// A 1-based line and column in the source, as reported to users.
struct TOMLLocation: Sendable, Equatable {
    var line: Int
    var column: Int
}

/// A byte cursor over a TOML document that knows where it is.
///
/// Parsing works on UTF-8 bytes rather than `Character`s: every TOML delimiter is ASCII, and
/// grapheme breaking would be both slow and wrong (a combining mark after a quote must not merge
/// with it). Columns are counted in Unicode scalars and computed lazily, because only keys,
/// values and errors need them; a cache keeps that linear on long lines.
struct TOMLScanner: Sendable {
    let bytes: [UInt8]
    /// Index of the next unread byte.
    private(set) var offset: Int
    /// 1-based line of `offset`.
    private(set) var line = 1
    /// Byte index where the current line starts.
    private(set) var lineStart: Int
    /// Where the document proper starts: after a UTF-8 byte order mark, which is not content.
    private let textStart: Int
    private var columnCacheOffset: Int
    private var columnCacheValue = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        textStart = start
        offset = start
        lineStart = start
        columnCacheOffset = start
    }

    var isAtEnd: Bool { offset >= bytes.count }

    /// The byte `distance` bytes ahead of the cursor, or `nil` past the end.
    func peek(_ distance: Int = 0) -> UInt8? {
        let index = offset + distance
        return index < bytes.count ? bytes[index] : nil
    }

    /// Moves forward within the current line; newlines must go through `consumeNewline`.
    mutating func advance(_ count: Int = 1) {
        offset = min(offset + count, bytes.count)
    }

    /// Whether the next bytes are exactly `literal`.
    func lookingAt(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { buffer in
            for index in 0..<count where bytes[offset + index] != buffer[index] {
                return false
            }
            return true
        }
    }

    // MARK: - Positions

    /// Location of the cursor.
    mutating func location() -> TOMLLocation {
        location(of: offset)
    }

    /// Location of `target`, cheap when it lies on the current line at or after the last
    /// location asked for (the common case), correct for any offset.
    mutating func location(of target: Int) -> TOMLLocation {
        guard target >= lineStart else { return Self.slowLocation(of: target, in: bytes, textStart: textStart) }
        if columnCacheOffset < lineStart || columnCacheOffset > target {
            columnCacheOffset = lineStart
            columnCacheValue = 1
        }
        columnCacheValue += Self.scalarCount(bytes, from: columnCacheOffset, to: target)
        columnCacheOffset = target
        return TOMLLocation(line: line, column: columnCacheValue)
    }

    /// Location of any offset by scanning from the start; used for errors, which happen once.
    static func slowLocation(of target: Int, in bytes: [UInt8], textStart: Int) -> TOMLLocation {
        var line = 1
        var start = textStart
        var index = textStart
        let end = min(target, bytes.count)
        while index < end {
            if bytes[index] == 0x0A {
                line += 1
                start = index + 1
            }
            index += 1
        }
        return TOMLLocation(line: line, column: 1 + scalarCount(bytes, from: start, to: end))
    }

    /// Number of scalars in `bytes[from..<to]`: every byte that is not a UTF-8 continuation byte.
    private static func scalarCount(_ bytes: [UInt8], from: Int, to: Int) -> Int {
        var count = 0
        var index = from
        while index < to && index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 {
                count += 1
            }
            index += 1
        }
        return count
    }

    // MARK: - Errors

    func error(_ message: String, at target: Int) -> TOMLError {
        let location = Self.slowLocation(of: target, in: bytes, textStart: textStart)
        return TOMLError(line: location.line, column: location.column, message: message)
    }

    func error(_ message: String) -> TOMLError {
        error(message, at: offset)
    }

    func error(_ message: String, at location: TOMLLocation) -> TOMLError {
        TOMLError(line: location.line, column: location.column, message: message)
    }

    /// A readable name for what is at `target`, for "expected X, found Y" messages.
    func describe(at target: Int) -> String {
        guard target < bytes.count else { return "end of file" }
        let byte = bytes[target]
        switch byte {
        case 0x0A: return "end of line"
        case 0x0D:
            return target + 1 < bytes.count && bytes[target + 1] == 0x0A ? "end of line" : "a carriage return (U+000D)"
        case 0x09: return "a tab"
        case 0x20: return "a space"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0x00...0x1F, 0x7F: return "control character \(Self.hex(UInt32(byte)))"
        default:
            var end = target + 1
            while end < bytes.count && bytes[end] & 0xC0 == 0x80 {
                end += 1
            }
            let text = String(decoding: bytes[target..<end], as: UTF8.self)
            if let scalar = text.unicodeScalars.first {
                if scalar == "\u{FEFF}" {
                    return "U+FEFF (a byte order mark, which is only allowed at the very start)"
                }
                if scalar.properties.isWhitespace {
                    return "\(Self.hex(scalar.value)) (a non-ASCII space)"
                }
                if scalar.properties.generalCategory == .format {
                    return "\(Self.hex(scalar.value)) (an invisible formatting character)"
                }
            }
            return "'\(text)'"
        }
    }

    /// `U+XXXX` notation, the way Unicode code points are usually named.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    // MARK: - Whitespace, newlines and comments

    /// Skips spaces and tabs, the only whitespace TOML allows within a line.
    mutating func skipWhitespace() {
        while offset < bytes.count && (bytes[offset] == 0x20 || bytes[offset] == 0x09) {
            offset += 1
        }
    }

    var atNewline: Bool {
        guard let byte = peek() else { return false }
        return byte == 0x0A || byte == 0x0D
    }

    /// Consumes LF or CRLF and moves to the next line. A CR on its own is not a TOML newline
    /// and is rejected rather than silently treated as one.
    mutating func consumeNewline() throws(TOMLError) -> Bool {
        guard let byte = peek() else { return false }
        if byte == 0x0D {
            guard peek(1) == 0x0A else {
                throw error("carriage return (U+000D) must be followed by a line feed")
            }
            offset += 1
        } else if byte != 0x0A {
            return false
        }
        offset += 1
        line += 1
        lineStart = offset
        return true
    }

    /// Skips a `#` comment up to (not including) the end of its line, rejecting control
    /// characters, which the spec forbids in comments so that they cannot hide content.
    mutating func skipComment() throws(TOMLError) {
        guard peek() == UInt8(ascii: "#") else { return }
        offset += 1
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == 0x0A || (byte == 0x0D && peek(1) == 0x0A) {
                return
            }
            if byte == 0x0D {
                throw error("carriage return (U+000D) must be followed by a line feed")
            }
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F {
                throw error("\(describe(at: offset)) is not allowed in a comment")
            }
            offset += 1
        }
    }

    /// Skips whitespace, comments and newlines, as allowed between array elements.
    mutating func skipWhitespaceCommentsAndNewlines() throws(TOMLError) {
        while true {
            skipWhitespace()
            try skipComment()
            if try !consumeNewline() {
                return
            }
        }
    }

    /// After a key/value pair or a table header only whitespace and a comment may follow on the
    /// same line; `what` names the construct for the error message.
    mutating func expectEndOfLine(after what: String) throws(TOMLError) {
        skipWhitespace()
        try skipComment()
        if isAtEnd {
            return
        }
        if try !consumeNewline() {
            throw error("expected end of line after \(what), found \(describe(at: offset))")
        }
    }

    // MARK: - Encoding

    /// Index of the first byte that is not part of well-formed UTF-8 (no overlong forms, no
    /// surrogates, nothing above U+10FFFF), or `nil` when all of `bytes` is valid.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        func isContinuation(_ at: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            at < count && range.contains(bytes[at])
        }
        while index < count {
            let lead = bytes[index]
            let length: Int
            let secondRange: ClosedRange<UInt8>
            switch lead {
            case 0x00...0x7F:
                index += 1
                continue
            case 0xC2...0xDF: length = 2; secondRange = 0x80...0xBF
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3; secondRange = 0x80...0xBF
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4; secondRange = 0x80...0xBF
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return index
            }
            guard isContinuation(index + 1, secondRange) else { return index }
            for next in 2..<length where !isContinuation(index + next) {
                return index
            }
            index += length
        }
        return nil
    }
}
