/// Booleans, integers and floats. These are scanned as one run of "number-like" bytes and then
/// checked as a whole, so that the error can quote the complete token (`invalid integer '0__1'`)
/// instead of complaining about whatever character happened to stop a narrower scanner.
extension TOMLScanner {
    /// Whether `byte` is an ASCII digit; TOML numbers and dates accept no other digits.
    static func isDigit(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Bytes that can belong to a boolean, integer or float token.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "+"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// Scans a value that starts with a digit, sign or letter: a date or time when the first bytes
    /// have that shape (`1979-`, `07:`), otherwise a boolean, integer or float.
    mutating func scanBareValue() throws(TOMLError) -> TOMLValue {
        if (0..<4).allSatisfy({ Self.isDigit(peek($0)) }) && peek(4) == UInt8(ascii: "-") {
            return try scanDateOrDateTime()
        }
        if Self.isDigit(peek()) && Self.isDigit(peek(1)) && peek(2) == UInt8(ascii: ":") {
            return .localTime(try scanTime())
        }
        let start = offset
        while let byte = peek(), Self.isTokenByte(byte) {
            advance()
        }
        let token = bytes[start..<offset]
        guard !token.isEmpty else {
            throw error("expected a value, found \(describe(at: start))", at: start)
        }
        switch String(decoding: token, as: UTF8.self) {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan": return .float(.nan)
        case "-nan": return .float(-Double.nan)
        default: break
        }
        return try scanNumber(token, start: start)
    }

    /// Classifies and converts a number token.
    private func scanNumber(_ token: ArraySlice<UInt8>, start: Int) throws(TOMLError) -> TOMLValue {
        let text = String(decoding: token, as: UTF8.self)
        var body = token
        var negative = false
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        guard let first = body.first, Self.isDigit(first) || first == UInt8(ascii: ".") else {
            throw error("invalid value '\(text)'; strings must be quoted", at: start)
        }
        if body.count >= 2 && first == UInt8(ascii: "0"), let radix = Self.radix(of: body[body.startIndex + 1]) {
            if body.startIndex != token.startIndex {
                throw error(
                    "invalid integer '\(text)': hexadecimal, octal and binary integers cannot have a sign",
                    at: start)
            }
            return .integer(try radixInteger(body.dropFirst(2), radix: radix, text: text, start: start))
        }
        if body.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            return .float(try float(body, text: text, start: start))
        }
        if body.contains(UInt8(ascii: "-")) {
            throw error("invalid value '\(text)': dates are written YYYY-MM-DD and times HH:MM:SS", at: start)
        }
        if let problem = Self.digitGroupProblem(body, radix: 10) {
            throw error("invalid integer '\(text)': \(problem)", at: start)
        }
        if body.count > 1 && first == UInt8(ascii: "0") {
            throw error("invalid integer '\(text)': leading zeros are not allowed", at: start)
        }
        return .integer(try decimalInteger(body, negative: negative, text: text, start: start))
    }

    /// The radix named by the letter after a leading `0`. Upper-case prefixes are named too, so
    /// that they get a precise error instead of "invalid integer".
    private static func radix(of letter: UInt8) -> Int? {
        switch letter {
        case UInt8(ascii: "x"), UInt8(ascii: "X"): 16
        case UInt8(ascii: "o"), UInt8(ascii: "O"): 8
        case UInt8(ascii: "b"), UInt8(ascii: "B"): 2
        default: nil
        }
    }

    /// Why `part` is not a run of digits with single underscores between them, or `nil` if it is.
    private static func digitGroupProblem(_ part: ArraySlice<UInt8>, radix: Int) -> String? {
        guard !part.isEmpty else { return "digits are missing" }
        var previousWasDigit = false
        for byte in part {
            if byte == UInt8(ascii: "_") {
                if !previousWasDigit {
                    return "an underscore must be between two digits"
                }
                previousWasDigit = false
            } else if let value = hexDigitValue(byte), Int(value) < radix {
                previousWasDigit = true
            } else {
                let shown = String(decoding: [byte], as: UTF8.self)
                return radix == 10 ? "'\(shown)' is not a digit" : "'\(shown)' is not a base-\(radix) digit"
            }
        }
        return previousWasDigit ? nil : "an underscore must be between two digits"
    }

    /// `0x`, `0o`, `0b` integers: leading zeros allowed, value must fit in Int64.
    private func radixInteger(
        _ digits: ArraySlice<UInt8>, radix: Int, text: String,
        start: Int
    ) throws(TOMLError) -> Int64 {
        let prefix = bytes[start + 1]
        if prefix != UInt8(ascii: "x") && prefix != UInt8(ascii: "o") && prefix != UInt8(ascii: "b") {
            throw error("invalid integer '\(text)': the prefix must be lower-case (0x, 0o, 0b)", at: start)
        }
        if let problem = Self.digitGroupProblem(digits, radix: radix) {
            throw error("invalid integer '\(text)': \(problem)", at: start)
        }
        var value: Int64 = 0
        for byte in digits where byte != UInt8(ascii: "_") {
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: Int64(radix))
            let (sum, overflow2) = shifted.addingReportingOverflow(Int64(Self.hexDigitValue(byte) ?? 0))
            if overflow1 || overflow2 {
                throw error("integer '\(text)' does not fit in 64 bits (largest is 0x7FFFFFFFFFFFFFFF)", at: start)
            }
            value = sum
        }
        return value
    }

    /// Decimal integers, accumulated as negative numbers so that Int64.min itself is accepted.
    private func decimalInteger(
        _ digits: ArraySlice<UInt8>, negative: Bool, text: String,
        start: Int
    ) throws(TOMLError) -> Int64 {
        var value: Int64 = 0
        var overflow = false
        for byte in digits where byte != UInt8(ascii: "_") {
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.subtractingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            overflow = overflow || overflow1 || overflow2
            value = sum
        }
        if !negative && !overflow {
            (value, overflow) = (0 as Int64).subtractingReportingOverflow(value)
        }
        if overflow {
            throw error(
                "integer '\(text)' does not fit in 64 bits (range is -9223372036854775808 to "
                    + "9223372036854775807)", at: start)
        }
        return value
    }

    /// Decimal floats: an integer part without leading zeros, an optional fraction with at
    /// least one digit, and an optional exponent whose digits may have leading zeros.
    private func float(_ body: ArraySlice<UInt8>, text: String, start: Int) throws(TOMLError) -> Double {
        func fail(_ reason: String) -> TOMLError {
            error("invalid float '\(text)': \(reason)", at: start)
        }
        let exponentIndex = body.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = body[..<(exponentIndex ?? body.endIndex)]
        let dotIndex = mantissa.firstIndex(of: UInt8(ascii: "."))
        let integerPart = mantissa[..<(dotIndex ?? mantissa.endIndex)]
        if integerPart.isEmpty {
            throw fail("a digit must come before the decimal point")
        }
        if let problem = Self.digitGroupProblem(integerPart, radix: 10) {
            throw fail(problem)
        }
        if integerPart.count > 1 && integerPart.first == UInt8(ascii: "0") {
            throw fail("leading zeros are not allowed")
        }
        if let dotIndex {
            let fraction = mantissa[(dotIndex + 1)...]
            if fraction.isEmpty {
                throw fail("a digit must follow the decimal point")
            }
            if let problem = Self.digitGroupProblem(fraction, radix: 10) {
                throw fail(problem)
            }
        }
        if let exponentIndex {
            var exponent = body[(exponentIndex + 1)...]
            if let sign = exponent.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                exponent = exponent.dropFirst()
            }
            if exponent.isEmpty {
                throw fail("the exponent needs digits")
            }
            if let problem = Self.digitGroupProblem(exponent, radix: 10) {
                throw fail("exponent: " + problem)
            }
        }
        let plain = String(decoding: bytes[start..<(body.endIndex)].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        // A finite literal that rounds to infinity is almost certainly a typo; `inf` says it plainly.
        guard let value = Double(plain), value.isFinite else {
            throw fail("the value is too large for a 64-bit float (write inf for infinity)")
        }
        return value
    }
}
