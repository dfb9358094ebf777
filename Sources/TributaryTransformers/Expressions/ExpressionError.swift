import TributaryCore

/// A problem with an expression found at plan time: it does not lex, parse or type-check.
///
/// The error keeps the expression text and the 0-based UTF-8 `offset` of the offending token, so the pipeline
/// layer can add the position of the TOML string that holds the expression and print
/// `file:line:col: error: message` (use `line` and `column`, which count characters, for that).
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: Reason
    /// 0-based UTF-8 offset of the offending token in `expression`.
    public var offset: Int
    /// The whole expression text.
    public var expression: String

    public init(_ reason: Reason, at offset: Int, in expression: String) {
        self.reason = reason
        self.offset = offset
        self.expression = expression
    }

    /// What went wrong; `message` renders it.
    public enum Reason: Sendable, Equatable {
        case unexpectedCharacter(String)
        case unterminatedString
        case unterminatedIdentifier
        case invalidNumber(String)
        /// `found` and `expected` are already rendered: "')'", "end of expression", "an expression".
        case unexpectedToken(found: String, expected: String)
        /// A `DATE '…'` or `TIMESTAMP '…'` literal whose text is not one.
        case invalidLiteral(kind: String, text: String)
        case unknownType(String)
        case nestingTooDeep
        case unknownColumn(String, suggestion: String?)
        case unknownFunction(String, suggestion: String?, known: [String])
        /// A complete sentence, e.g. "cannot add string and decimal".
        case typeMismatch(String)
        case argumentCount(function: String, expected: String, found: Int)
        case argumentType(function: String, position: Int, expected: String, found: String)
        /// An argument that must be known at plan time (a format, a unit) is missing or wrong.
        case invalidArgument(function: String, detail: String)
        /// A constant part of the expression fails whatever the data, e.g. `1 / 0`.
        case constantError(String)
    }

    /// The message without position, e.g. "unknown column 'cots'; did you mean 'cost'?".
    public var message: String {
        switch reason {
        case .unexpectedCharacter(let c): return "unexpected character '\(c)'"
        case .unterminatedString: return "unterminated string literal; close it with '"
        case .unterminatedIdentifier: return "unterminated quoted identifier; close it with `"
        case .invalidNumber(let text): return "invalid number '\(text)'"
        case .unexpectedToken(let found, let expected): return "expected \(expected), found \(found)"
        case .invalidLiteral(let kind, let text): return "'\(text)' is not a valid \(kind) literal"
        case .unknownType(let text):
            return "unknown type '\(text)'; expected one of " + DataType.spellings.joined(separator: ", ")
        case .nestingTooDeep: return "expression nests too deeply"
        case .unknownColumn(let name, let suggestion):
            return "unknown column '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .unknownFunction(let name, let suggestion, let known):
            if let suggestion { return "unknown function '\(name)'; did you mean '\(suggestion)'?" }
            return "unknown function '\(name)'; known functions: " + known.joined(separator: ", ")
        case .typeMismatch(let sentence): return sentence
        case .argumentCount(let function, let expected, let found):
            return "\(function) expects \(expected), found \(found)"
        case .argumentType(let function, let position, let expected, let found):
            return "argument \(position) of \(function) must be \(expected), found \(found)"
        case .invalidArgument(let function, let detail): return "\(function): \(detail)"
        case .constantError(let detail): return detail
        }
    }

    /// 0-based index of the offending token in characters (grapheme clusters), for editors' columns.
    public var characterOffset: Int {
        expression.utf8.index(expression.utf8.startIndex, offsetBy: offset, limitedBy: expression.utf8.endIndex)
            .map { expression[..<$0].count } ?? expression.count
    }

    /// 0-based line of the offending token within a multi-line expression.
    public var line: Int {
        expression.utf8.prefix(offset).reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    /// 0-based column of the offending token within its line, in characters.
    public var column: Int {
        let bytes = Array(expression.utf8.prefix(offset))
        let lineStart = (bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        return String(decoding: bytes[lineStart...], as: UTF8.self).count
    }

    public var description: String {
        "\(message) (at column \(characterOffset + 1) of `\(expression)`)"
    }
}
