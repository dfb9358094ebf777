/// The four TOML string forms. They are scanned into a byte buffer and decoded once at the end,
/// which is valid because the document's UTF-8 was checked before parsing began and escapes
/// append well-formed UTF-8 of their own.
extension TOMLScanner {
    private static let quote = UInt8(ascii: "\"")
    private static let apostrophe = UInt8(ascii: "'")
    private static let backslash = UInt8(ascii: "\\")

    /// Whether `byte` is a control character that may not appear literally in any string:
    /// U+0000...U+001F except tab, and U+007F. Newlines are handled before this is asked.
    private static func isForbiddenControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09) || byte == 0x7F
    }

    /// Scans any string at the cursor (`"`, `'`, `"""` or `'''`).
    mutating func scanString() throws(TOMLError) -> String {
        if lookingAt("\"\"\"") {
            return try scanMultilineBasicString()
        }
        if lookingAt("'''") {
            return try scanMultilineLiteralString()
        }
        if peek() == Self.quote {
            return try scanBasicString()
        }
        return try scanLiteralString()
    }

    /// `"..."`: escapes allowed, no newlines.
    mutating func scanBasicString() throws(TOMLError) -> String {
        let start = offset
        advance()
        var buffer: [UInt8] = []
        while let byte = peek() {
            switch byte {
            case Self.quote:
                advance()
                return String(decoding: buffer, as: UTF8.self)
            case Self.backslash:
                try scanEscape(into: &buffer, multiline: false)
            case 0x0A, 0x0D:
                throw error(
                    "unterminated string: a newline is not allowed in a \"...\" string (use \"\"\" for "
                        + "multi-line strings)")
            default:
                if Self.isForbiddenControl(byte) {
                    throw error("\(describe(at: offset)) must be escaped in a string")
                }
                buffer.append(byte)
                advance()
            }
        }
        throw error("unterminated string: missing closing '\"'", at: start)
    }

    /// `'...'`: taken literally, no newlines.
    mutating func scanLiteralString() throws(TOMLError) -> String {
        let start = offset
        advance()
        let contentStart = offset
        while let byte = peek() {
            if byte == Self.apostrophe {
                let text = String(decoding: bytes[contentStart..<offset], as: UTF8.self)
                advance()
                return text
            }
            if byte == 0x0A || byte == 0x0D {
                throw error(
                    "unterminated string: a newline is not allowed in a '...' string (use ''' for "
                        + "multi-line strings)")
            }
            if Self.isForbiddenControl(byte) {
                throw error("\(describe(at: offset)) is not allowed in a literal string")
            }
            advance()
        }
        throw error("unterminated string: missing closing \"'\"", at: start)
    }

    /// `"""..."""`: escapes, newlines and line-ending backslashes allowed. A newline right after
    /// the opening delimiter is dropped; CRLF in the content becomes LF so that a file's value
    /// does not depend on the line endings of the machine it was edited on.
    mutating func scanMultilineBasicString() throws(TOMLError) -> String {
        let start = offset
        advance(3)
        _ = try consumeNewline()
        var buffer: [UInt8] = []
        while let byte = peek() {
            switch byte {
            case Self.quote:
                if try closesMultiline(Self.quote, into: &buffer) {
                    return String(decoding: buffer, as: UTF8.self)
                }
            case Self.backslash:
                try scanEscape(into: &buffer, multiline: true)
            case 0x0A, 0x0D:
                _ = try consumeNewline()
                buffer.append(0x0A)
            default:
                if Self.isForbiddenControl(byte) {
                    throw error("\(describe(at: offset)) must be escaped in a string")
                }
                buffer.append(byte)
                advance()
            }
        }
        throw error("unterminated multi-line string: missing closing '\"\"\"'", at: start)
    }

    /// `'''...'''`: taken literally, newlines allowed; same first-newline and CRLF rules as `"""`.
    mutating func scanMultilineLiteralString() throws(TOMLError) -> String {
        let start = offset
        advance(3)
        _ = try consumeNewline()
        var buffer: [UInt8] = []
        while let byte = peek() {
            switch byte {
            case Self.apostrophe:
                if try closesMultiline(Self.apostrophe, into: &buffer) {
                    return String(decoding: buffer, as: UTF8.self)
                }
            case 0x0A, 0x0D:
                _ = try consumeNewline()
                buffer.append(0x0A)
            default:
                if Self.isForbiddenControl(byte) {
                    throw error("\(describe(at: offset)) is not allowed in a literal string")
                }
                buffer.append(byte)
                advance()
            }
        }
        throw error("unterminated multi-line string: missing closing \"'''\"", at: start)
    }

    /// Handles a run of delimiter characters inside a multi-line string. One or two are content;
    /// three close the string, and up to two more right before the closing three belong to the
    /// content (`""""` ends with a quote). Six or more can never be valid.
    private mutating func closesMultiline(_ delimiter: UInt8, into buffer: inout [UInt8]) throws(TOMLError) -> Bool {
        var run = 0
        while peek(run) == delimiter {
            run += 1
        }
        if run < 3 {
            buffer.append(contentsOf: repeatElement(delimiter, count: run))
            advance(run)
            return false
        }
        if run > 5 {
            let mark = delimiter == Self.quote ? "\"\"\"" : "'''"
            throw error("too many quotes: at most two may directly precede the closing \(mark)", at: offset + 5)
        }
        buffer.append(contentsOf: repeatElement(delimiter, count: run - 3))
        advance(run)
        return true
    }

    /// Scans one escape sequence starting at the backslash and appends its UTF-8.
    private mutating func scanEscape(into buffer: inout [UInt8], multiline: Bool) throws(TOMLError) {
        let start = offset
        advance()
        guard let byte = peek() else {
            throw error("unterminated string: missing closing quote", at: start)
        }
        switch byte {
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case Self.quote: buffer.append(Self.quote)
        case Self.backslash: buffer.append(Self.backslash)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            try scanUnicodeEscape(into: &buffer, digits: byte == UInt8(ascii: "u") ? 4 : 8, start: start)
            return
        case 0x20, 0x09, 0x0A, 0x0D:
            guard multiline else {
                throw invalidEscape(start: start)
            }
            try skipLineEndingBackslash(start: start)
            return
        default:
            throw invalidEscape(start: start)
        }
        advance()
    }

    /// The error for a backslash at `start` followed by something that is not an escape.
    private func invalidEscape(start: Int) -> TOMLError {
        let described = describe(at: start + 1)
        let shown = described.hasPrefix("'") ? "'\\" + described.dropFirst() : "'\\' followed by \(described)"
        return error(
            "invalid escape \(shown); valid escapes are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX",
            at: start)
    }

    /// `\uXXXX` / `\UXXXXXXXX`: exactly that many hex digits naming a Unicode scalar value
    /// (surrogates cannot be encoded in UTF-8, so they are rejected).
    private mutating func scanUnicodeEscape(into buffer: inout [UInt8], digits: Int, start: Int) throws(TOMLError) {
        advance()
        var value: UInt32 = 0
        for index in 0..<digits {
            guard let byte = peek(index), let digit = Self.hexDigitValue(byte) else {
                let form = digits == 4 ? "\\uXXXX" : "\\UXXXXXXXX"
                throw error("invalid unicode escape: \(form) needs exactly \(digits) hexadecimal digits", at: start)
            }
            value = value << 4 | UInt32(digit)
        }
        guard let scalar = Unicode.Scalar(value) else {
            let text = String(decoding: bytes[start..<(offset + digits)], as: UTF8.self)
            throw error("invalid unicode escape '\(text)': \(Self.hex(value)) is not a Unicode scalar value", at: start)
        }
        advance(digits)
        buffer.append(contentsOf: String(Character(scalar)).utf8)
    }

    /// A backslash that is the last non-blank character on its line joins the lines: it and all
    /// whitespace and newlines after it are dropped. Whitespace after a backslash that is not
    /// followed by a newline is an invalid escape.
    private mutating func skipLineEndingBackslash(start: Int) throws(TOMLError) {
        skipWhitespace()
        guard try consumeNewline() else {
            throw error("invalid escape: a '\\' followed by whitespace must be the last thing on its line", at: start)
        }
        while true {
            skipWhitespace()
            if try !consumeNewline() {
                return
            }
        }
    }

    static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
