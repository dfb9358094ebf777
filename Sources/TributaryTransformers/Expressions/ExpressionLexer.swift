/// Splits expression text into tokens, each with its 0-based UTF-8 offset.
///
/// Works on UTF-8 bytes: every token boundary is ASCII, and identifiers may hold any non-ASCII bytes, so a
/// column named `coût` needs no quoting.
public struct ExpressionLexer: Sendable {
    public enum Keyword: String, Sendable, Equatable, CaseIterable {
        case and, or, not, `in`, `is`, null, `true`, `false`, cast, `as`, between
    }

    public enum Symbol: String, Sendable, Equatable {
        case leftParen = "("
        case rightParen = ")"
        case comma = ","
        case plus = "+"
        case minus = "-"
        case star = "*"
        case slash = "/"
        case concat = "||"
        case equal = "="
        case notEqual = "!="
        case notEqualAlt = "<>"
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    public enum TokenKind: Sendable, Equatable {
        /// A bare name; keywords are matched case-insensitively and never come out as identifiers.
        case identifier(String)
        /// A back-quoted name: never a keyword or a function.
        case quotedIdentifier(String)
        case keyword(Keyword)
        /// Digits with an optional fraction and exponent, as written.
        case number(String)
        case string(String)
        case symbol(Symbol)
        case end
    }

    public struct Token: Sendable, Equatable {
        public var kind: TokenKind
        public var offset: Int
    }

    private let text: String
    private let bytes: [UInt8]

    public init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// All tokens, ending with `.end` at the text's length.
    public func tokenize() throws(ExpressionError) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        while true {
            while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
            guard i < bytes.count else {
                tokens.append(Token(kind: .end, offset: bytes.count))
                return tokens
            }
            let start = i
            let c = bytes[i]
            if Self.isIdentifierStart(c) {
                while i < bytes.count, Self.isIdentifierPart(bytes[i]) { i += 1 }
                let word = String(decoding: bytes[start..<i], as: UTF8.self)
                if let keyword = Keyword(rawValue: word.lowercased()) {
                    tokens.append(Token(kind: .keyword(keyword), offset: start))
                } else {
                    tokens.append(Token(kind: .identifier(word), offset: start))
                }
            } else if Self.isDigit(c) || (c == UInt8(ascii: ".") && i + 1 < bytes.count && Self.isDigit(bytes[i + 1])) {
                i = try number(from: start)
                tokens.append(Token(kind: .number(String(decoding: bytes[start..<i], as: UTF8.self)), offset: start))
            } else if c == UInt8(ascii: "'") {
                let (value, next) = try quoted(from: start, by: c, unterminated: .unterminatedString)
                tokens.append(Token(kind: .string(value), offset: start))
                i = next
            } else if c == UInt8(ascii: "`") {
                let (value, next) = try quoted(from: start, by: c, unterminated: .unterminatedIdentifier)
                tokens.append(Token(kind: .quotedIdentifier(value), offset: start))
                i = next
            } else if let (symbol, length) = symbol(at: i) {
                tokens.append(Token(kind: .symbol(symbol), offset: start))
                i += length
            } else {
                var end = i + 1
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                let character = String(decoding: bytes[i..<end], as: UTF8.self)
                throw ExpressionError(.unexpectedCharacter(character), at: start, in: text)
            }
        }
    }

    private func number(from start: Int) throws(ExpressionError) -> Int {
        var i = start
        while i < bytes.count, Self.isDigit(bytes[i]) { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, Self.isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-") { j += 1 }
            let digitsStart = j
            while j < bytes.count, Self.isDigit(bytes[j]) { j += 1 }
            if j == digitsStart { throw invalidNumber(start, upTo: j) }
            i = j
        }
        // `12abc` or `1.2.3` is one bad token, not a number followed by a name.
        if i < bytes.count, Self.isIdentifierPart(bytes[i]) || bytes[i] == UInt8(ascii: ".") {
            var end = i
            while end < bytes.count, Self.isIdentifierPart(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
            throw invalidNumber(start, upTo: end)
        }
        return i
    }

    private func invalidNumber(_ start: Int, upTo end: Int) -> ExpressionError {
        ExpressionError(.invalidNumber(String(decoding: bytes[start..<end], as: UTF8.self)), at: start, in: text)
    }

    /// Reads a quoted run where a doubled quote stands for one quote; returns the content and the next index.
    private func quoted(
        from start: Int, by quote: UInt8, unterminated: ExpressionError.Reason
    ) throws(ExpressionError) -> (String, Int) {
        var content: [UInt8] = []
        var i = start + 1
        while i < bytes.count {
            if bytes[i] == quote {
                if i + 1 < bytes.count, bytes[i + 1] == quote {
                    content.append(quote)
                    i += 2
                    continue
                }
                return (String(decoding: content, as: UTF8.self), i + 1)
            }
            content.append(bytes[i])
            i += 1
        }
        throw ExpressionError(unterminated, at: start, in: text)
    }

    private func symbol(at i: Int) -> (Symbol, Int)? {
        let next = i + 1 < bytes.count ? bytes[i + 1] : 0
        switch bytes[i] {
        case UInt8(ascii: "("): return (.leftParen, 1)
        case UInt8(ascii: ")"): return (.rightParen, 1)
        case UInt8(ascii: ","): return (.comma, 1)
        case UInt8(ascii: "+"): return (.plus, 1)
        case UInt8(ascii: "-"): return (.minus, 1)
        case UInt8(ascii: "*"): return (.star, 1)
        case UInt8(ascii: "/"): return (.slash, 1)
        case UInt8(ascii: "="): return next == UInt8(ascii: "=") ? (.equal, 2) : (.equal, 1)
        case UInt8(ascii: "|"): return next == UInt8(ascii: "|") ? (.concat, 2) : nil
        case UInt8(ascii: "!"): return next == UInt8(ascii: "=") ? (.notEqual, 2) : nil
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") { return (.lessOrEqual, 2) }
            if next == UInt8(ascii: ">") { return (.notEqualAlt, 2) }
            return (.less, 1)
        case UInt8(ascii: ">"): return next == UInt8(ascii: "=") ? (.greaterOrEqual, 2) : (.greater, 1)
        default: return nil
        }
    }

    private static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
    }

    private static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    private static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c | 0x20) &- UInt8(ascii: "a") < 26 || c == UInt8(ascii: "_") || c >= 0x80
    }

    private static func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }
}
