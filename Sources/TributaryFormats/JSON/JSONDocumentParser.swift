/// The parser's cursor over one document.
struct JSONDocumentParser {
    let b: UnsafePointer<UInt8>
    let n: Int
    let maxDepth: Int
    var i = 0
    /// Reused for strings that hold escapes.
    var scratch: [UInt8] = []

    init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int) {
        b = base
        n = count
        self.maxDepth = maxDepth
    }

    func error(_ message: String, at offset: Int) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: offset, in: UnsafeRawBufferPointer(start: b, count: n))
    }

    /// What sits at `offset`, for messages: `'x'`, `a newline`, `the end of the input`.
    func found(at offset: Int? = nil) -> String {
        let k = offset ?? i
        guard k < n else { return "the end of the input" }
        let c = b[k]
        switch c {
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(c)))'"
        case 0x20: return "a space"
        case 0x0A: return "a newline"
        default:
            let hex = String(c, radix: 16, uppercase: true)
            return "byte 0x\(c < 16 ? "0" : "")\(hex)"
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < n {
            let c = b[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            i += 1
        }
    }

    mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard i < n else { throw error("expected a JSON value, found the end of the input", at: i) }
        switch b[i] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("expected a JSON value, found \(found())", at: i)
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        guard i + count <= n, expected.indices.allSatisfy({ b[i + $0] == expected[$0] }) else {
            throw error("expected a JSON value, found \(found()) (did you mean \(word)?)", at: i)
        }
        i += count
        return value
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= maxDepth else { throw error("arrays and objects nest deeper than \(maxDepth) levels", at: i) }
        i += 1
        var object = JSONObject()
        skipWhitespace()
        if i < n, b[i] == UInt8(ascii: "}") {
            i += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard i < n, b[i] == UInt8(ascii: "\"") else {
                throw error("expected a string key in an object, found \(found())", at: i)
            }
            let key = try parseString()
            skipWhitespace()
            guard i < n, b[i] == UInt8(ascii: ":") else {
                throw error("expected ':' after the key \"\(key)\", found \(found())", at: i)
            }
            i += 1
            skipWhitespace()
            object.append(key, try parseValue(depth: depth))
            skipWhitespace()
            guard i < n else { throw error("expected ',' or '}' in an object, found the end of the input", at: i) }
            if b[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if b[i] == UInt8(ascii: "}") {
                i += 1
                return .object(object)
            }
            throw error("expected ',' or '}' after an object member, found \(found())", at: i)
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= maxDepth else { throw error("arrays and objects nest deeper than \(maxDepth) levels", at: i) }
        i += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if i < n, b[i] == UInt8(ascii: "]") {
            i += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard i < n else { throw error("expected ',' or ']' in an array, found the end of the input", at: i) }
            if b[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if b[i] == UInt8(ascii: "]") {
                i += 1
                return .array(elements)
            }
            throw error("expected ',' or ']' after an array element, found \(found())", at: i)
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as its text.
    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = i
        @inline(__always) func isDigit(_ k: Int) -> Bool { k < n && b[k] &- 0x30 < 10 }
        if b[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { throw error("expected a digit after '-', found \(found())", at: i) }
        if b[i] == UInt8(ascii: "0") {
            i += 1
            if isDigit(i) { throw error("a number cannot have leading zeros", at: start) }
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < n, b[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { throw error("expected a digit after the decimal point, found \(found())", at: i) }
            while isDigit(i) { i += 1 }
        }
        if i < n, b[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < n, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { throw error("expected a digit in the exponent, found \(found())", at: i) }
            while isDigit(i) { i += 1 }
        }
        return .number(String(decoding: UnsafeBufferPointer(start: b + start, count: i - start), as: UTF8.self))
    }
}
