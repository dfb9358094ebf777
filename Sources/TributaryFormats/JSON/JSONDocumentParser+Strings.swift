extension JSONDocumentParser {
    /// Parses the string literal at `i` (which is a quote), unescaping `\uXXXX` and surrogate pairs.
    ///
    /// A string with no escapes and only ASCII, the usual case, becomes a `String` straight from the input.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        let opening = i
        i += 1
        let start = i
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80 { break }
            i += 1
        }
        if i < n, b[i] == UInt8(ascii: "\"") {
            i += 1
            return String(decoding: UnsafeBufferPointer(start: b + start, count: i - 1 - start), as: UTF8.self)
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: b + start, count: i - start))
        while true {
            guard i < n else {
                throw error("unterminated string: the input ends before its closing quote", at: opening)
            }
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                break
            }
            if c == UInt8(ascii: "\\") {
                try parseEscape()
            } else if c < 0x20 {
                throw error("a control character (\(found())) must be escaped in a string", at: i)
            } else if c < 0x80 {
                scratch.append(c)
                i += 1
            } else {
                guard let length = UTF8Validator.sequenceLength(b, n, at: i) else {
                    throw error("invalid UTF-8 in a string", at: i)
                }
                scratch.append(contentsOf: UnsafeBufferPointer(start: b + i, count: length))
                i += length
            }
        }
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Appends the character of the escape at `i` (a backslash) to `scratch`.
    private mutating func parseEscape() throws(JSONSyntaxError) {
        let backslash = i
        i += 1
        guard i < n else { throw error("unterminated string: the input ends inside an escape", at: backslash) }
        let c = b[i]
        i += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(c)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try hex4(escapeAt: backslash)
            var scalar = unit
            if (0xD800...0xDBFF).contains(unit) {
                guard i + 1 < n, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                    throw error(
                        "lone surrogate \\u\(hex(unit)): a high surrogate must be followed by a low one",
                        at: backslash)
                }
                let lowAt = i
                i += 2
                let low = try hex4(escapeAt: lowAt)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("lone surrogate \\u\(hex(unit)): \\u\(hex(low)) is not a low surrogate", at: backslash)
                }
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw error("lone surrogate \\u\(hex(unit)): a low surrogate must follow a high one", at: backslash)
            }
            appendUTF8(scalar)
        default:
            throw error("invalid escape '\\\(Character(Unicode.Scalar(c)))' in a string", at: backslash)
        }
    }

    /// Four hex digits at `i`, the code unit of a `\u` escape.
    private mutating func hex4(escapeAt backslash: Int) throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= n else { throw error("a \\u escape needs four hex digits", at: backslash) }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let c = b[k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - 0x30
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - 0x61 + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - 0x41 + 10
            default: throw error("a \\u escape needs four hex digits, found \(found(at: k))", at: backslash)
            }
            value = value << 4 | UInt32(digit)
        }
        i += 4
        return value
    }

    private func hex(_ unit: UInt32) -> String {
        let digits = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
