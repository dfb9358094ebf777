/// The TOML grammar above the level of single tokens: lines, headers, keys, key/value pairs,
/// arrays and inline tables. Lexical details live in `TOMLScanner`; which tables may be defined
/// or extended lives in `TOMLDocumentBuilder`.
struct TOMLDocumentParser: Sendable {
    /// Values nest by recursion (arrays, inline tables, and tables within tables when the result is
    /// built or walked); the limit turns a pathological document into an error instead of a stack
    /// overflow. Configuration files never come close.
    static let maximumNesting = 128

    private var scanner: TOMLScanner
    private var builder = TOMLDocumentBuilder()

    init(bytes: [UInt8]) {
        scanner = TOMLScanner(bytes: bytes)
    }

    /// Parses the whole document into its root table.
    mutating func parse() throws(TOMLError) -> TOMLTable {
        var table = TOMLDocumentBuilder.rootIndex
        var section = builder.newSection()
        while true {
            try scanner.skipWhitespaceCommentsAndNewlines()
            guard let byte = scanner.peek() else { break }
            if byte == UInt8(ascii: "[") {
                table = try parseHeader()
                section = builder.newSection()
                try scanner.expectEndOfLine(after: "table header")
            } else {
                try parseKeyValue(into: table, section: section)
                try scanner.expectEndOfLine(after: "value")
            }
        }
        return builder.build()
    }

    // MARK: - Headers and keys

    /// `[a.b]` or `[[a.b]]`; returns the table that the following key/value pairs go into.
    private mutating func parseHeader() throws(TOMLError) -> Int {
        let location = scanner.location()
        scanner.advance()
        let isArray = scanner.peek() == UInt8(ascii: "[")
        if isArray {
            scanner.advance()
        }
        scanner.skipWhitespace()
        let path = try parseKey()
        scanner.skipWhitespace()
        if isArray {
            guard scanner.lookingAt("]]") else {
                throw scanner.error(
                    "expected ']]' to close the array of tables header, found "
                        + scanner.describe(at: scanner.offset))
            }
            scanner.advance(2)
            return try builder.openTableArrayElement(path, header: location)
        }
        guard scanner.peek() == UInt8(ascii: "]") else {
            throw scanner.error("expected ']' to close the table header, found \(scanner.describe(at: scanner.offset))")
        }
        scanner.advance()
        return try builder.openTable(path, header: location)
    }

    /// A key, possibly dotted, with whitespace allowed around the dots.
    private mutating func parseKey() throws(TOMLError) -> [TOMLKeySegment] {
        var path: [TOMLKeySegment] = []
        while true {
            path.append(try parseSimpleKey())
            scanner.skipWhitespace()
            guard scanner.peek() == UInt8(ascii: ".") else { return path }
            scanner.advance()
            scanner.skipWhitespace()
        }
    }

    /// A bare key (`A-Za-z0-9_-`), a basic string key or a literal string key.
    private mutating func parseSimpleKey() throws(TOMLError) -> TOMLKeySegment {
        let location = scanner.location()
        guard let byte = scanner.peek() else {
            throw scanner.error("expected a key, found end of file")
        }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
            if scanner.lookingAt("\"\"\"") || scanner.lookingAt("'''") {
                throw scanner.error("a multi-line string cannot be used as a key")
            }
            return TOMLKeySegment(name: try scanner.scanString(), location: location)
        }
        let start = scanner.offset
        while let next = scanner.peek(), TOMLDocumentBuilder.isBareKeyByte(next) {
            scanner.advance()
        }
        guard scanner.offset > start else {
            let found = scanner.describe(at: start)
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "=") {
                throw scanner.error("expected a key before \(found)")
            }
            if byte >= 0x80 || (byte > 0x20 && byte < 0x7F && !"[]{},#".utf8.contains(byte)) {
                throw scanner.error(
                    "expected a key, found \(found); keys with characters other than A-Z a-z 0-9 _ - "
                        + "must be quoted")
            }
            throw scanner.error("expected a key, found \(found)")
        }
        return TOMLKeySegment(
            name: String(decoding: scanner.bytes[start..<scanner.offset], as: UTF8.self),
            location: location)
    }

    /// `key = value`, stored into `table` under the rules for `section`.
    private mutating func parseKeyValue(into table: Int, section: Int) throws(TOMLError) {
        let path = try parseKey()
        scanner.skipWhitespace()
        guard scanner.peek() == UInt8(ascii: "=") else {
            throw scanner.error(
                "expected '=' after key '\(TOMLDocumentBuilder.render(path))', found "
                    + scanner.describe(at: scanner.offset))
        }
        scanner.advance()
        scanner.skipWhitespace()
        let node = try parseValue(depth: builder.depth(of: table) + path.count)
        try builder.setValue(node, at: path, in: table, section: section)
    }

    // MARK: - Values

    private mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLNode {
        let location = scanner.location()
        guard let byte = scanner.peek(), !scanner.atNewline, byte != UInt8(ascii: "#") else {
            throw scanner.error("expected a value, found \(scanner.describe(at: scanner.offset))")
        }
        let value: TOMLValue
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            value = .string(try scanner.scanString())
        case UInt8(ascii: "["):
            value = try parseArray(depth: depth)
        case UInt8(ascii: "{"):
            value = try parseInlineTable(depth: depth, location: location)
        default:
            value = try scanner.scanBareValue()
        }
        return TOMLNode(value, line: location.line, column: location.column)
    }

    private func checkNesting(_ depth: Int) throws(TOMLError) {
        if depth > Self.maximumNesting {
            throw scanner.error("values are nested too deeply (the limit is \(Self.maximumNesting) levels)")
        }
    }

    /// `[ v, v, ... ]`: newlines and comments allowed between elements, one trailing comma allowed.
    private mutating func parseArray(depth: Int) throws(TOMLError) -> TOMLValue {
        try checkNesting(depth)
        let start = scanner.offset
        scanner.advance()
        var items: [TOMLNode] = []
        while true {
            try scanner.skipWhitespaceCommentsAndNewlines()
            guard let byte = scanner.peek() else {
                throw scanner.error("unterminated array: missing ']'", at: start)
            }
            if byte == UInt8(ascii: "]") {
                scanner.advance()
                return .array(items)
            }
            if byte == UInt8(ascii: ",") {
                throw scanner.error(
                    items.isEmpty
                        ? "expected a value or ']' in array, found ','"
                        : "expected a value after ',' in array, found another ','")
            }
            items.append(try parseValue(depth: depth + 1))
            try scanner.skipWhitespaceCommentsAndNewlines()
            switch scanner.peek() {
            case UInt8(ascii: ","):
                scanner.advance()
            case UInt8(ascii: "]"):
                scanner.advance()
                return .array(items)
            case nil:
                throw scanner.error("unterminated array: missing ']'", at: start)
            default:
                throw scanner.error(
                    "expected ',' or ']' after an array element, found "
                        + scanner.describe(at: scanner.offset))
            }
        }
    }

    /// `{ k = v, ... }`: on one line, no trailing comma, complete once closed.
    private mutating func parseInlineTable(depth: Int, location: TOMLLocation) throws(TOMLError) -> TOMLValue {
        try checkNesting(depth)
        let start = scanner.offset
        scanner.advance()
        let table = builder.newInlineTable(at: location, depth: depth)
        let section = builder.newSection()
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.advance()
            return .table(builder.build(table))
        }
        while true {
            scanner.skipWhitespace()
            if scanner.peek() == UInt8(ascii: "}") {
                throw scanner.error("a trailing comma is not allowed in an inline table")
            }
            try checkInlineTableContinues(start: start)
            try parseKeyValue(into: table, section: section)
            scanner.skipWhitespace()
            switch scanner.peek() {
            case UInt8(ascii: ","):
                scanner.advance()
            case UInt8(ascii: "}"):
                scanner.advance()
                return .table(builder.build(table))
            default:
                try checkInlineTableContinues(start: start)
                throw scanner.error(
                    "expected ',' or '}' in inline table, found "
                        + scanner.describe(at: scanner.offset))
            }
        }
    }

    /// Inline tables may not span lines or hold comments (TOML 1.0); say so rather than
    /// reporting a confusing "expected a key".
    private func checkInlineTableContinues(start: Int) throws(TOMLError) {
        if scanner.isAtEnd {
            throw scanner.error("unterminated inline table: missing '}'", at: start)
        }
        if scanner.atNewline || scanner.peek() == UInt8(ascii: "#") {
            throw scanner.error(
                "an inline table must be on a single line without comments; use a [table] "
                    + "header for longer tables")
        }
    }
}
