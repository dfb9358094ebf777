import Foundation
import TributaryCore

/// Parses expression text into an `Expression` tree, by recursive descent.
///
/// Precedence, loosest first: `OR`; `AND`; `NOT`; comparisons (`= != <> < <= > >=`, `IS [NOT] NULL`,
/// `[NOT] IN (…)`, `[NOT] BETWEEN … AND …`, not chainable); `+ - ||`; `* /`; unary `-`/`+`; then literals,
/// columns, calls, `CAST(x AS type)` and parentheses. Keywords are case-insensitive; `DATE` and `TIMESTAMP`
/// are keywords only before a string, so a column may still be called `date`.
///
///     let tree = try ExpressionParser.parse("cost * 1.2 > 10 AND service IN ('a', 'b')")
public struct ExpressionParser: Sendable {
    private let text: String
    private let tokens: [ExpressionLexer.Token]
    private var position = 0
    private var depth = 0

    /// Deeper nesting than this is refused rather than risking the stack.
    static let maxDepth = 200

    public static func parse(_ text: String) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser(text: text, tokens: try ExpressionLexer(text).tokenize())
        if case .end = parser.current.kind {
            throw ExpressionError(
                .unexpectedToken(found: "end of expression", expected: "an expression"), at: 0, in: text)
        }
        let expression = try parser.parseExpression()
        guard case .end = parser.current.kind else { throw parser.unexpected(expected: "end of expression") }
        return expression
    }

    private init(text: String, tokens: [ExpressionLexer.Token]) {
        self.text = text
        self.tokens = tokens
    }

    private var current: ExpressionLexer.Token { tokens[min(position, tokens.count - 1)] }

    private mutating func advance() { position += 1 }

    private func peek(_ ahead: Int) -> ExpressionLexer.TokenKind {
        tokens[min(position + ahead, tokens.count - 1)].kind
    }

    private mutating func accept(_ keyword: ExpressionLexer.Keyword) -> Bool {
        guard case .keyword(keyword) = current.kind else { return false }
        advance()
        return true
    }

    private mutating func accept(_ symbol: ExpressionLexer.Symbol) -> Bool {
        guard case .symbol(symbol) = current.kind else { return false }
        advance()
        return true
    }

    private mutating func expect(_ symbol: ExpressionLexer.Symbol) throws(ExpressionError) {
        guard accept(symbol) else { throw unexpected(expected: "'\(symbol.rawValue)'") }
    }

    private func unexpected(expected: String) -> ExpressionError {
        ExpressionError(
            .unexpectedToken(found: Self.describe(current.kind), expected: expected), at: current.offset, in: text)
    }

    static func describe(_ kind: ExpressionLexer.TokenKind) -> String {
        switch kind {
        case .identifier(let name): "'\(name)'"
        case .quotedIdentifier(let name): "`\(name)`"
        case .keyword(let k): "'\(k.rawValue.uppercased())'"
        case .number(let n): "'\(n)'"
        case .string(let s): "string '\(s)'"
        case .symbol(let s): "'\(s.rawValue)'"
        case .end: "end of expression"
        }
    }

    private mutating func nested<T>(_ body: (inout ExpressionParser) throws(ExpressionError) -> T)
        throws(ExpressionError) -> T
    {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw ExpressionError(.nestingTooDeep, at: current.offset, in: text) }
        return try body(&self)
    }

    private mutating func parseExpression() throws(ExpressionError) -> Expression {
        try nested { (p: inout ExpressionParser) throws(ExpressionError) in try p.parseOr() }
    }

    private mutating func parseOr() throws(ExpressionError) -> Expression {
        var left = try parseAnd()
        while case .keyword(.or) = current.kind {
            let offset = current.offset
            advance()
            left = Expression(.binary(.or, left, try parseAnd()), at: offset)
        }
        return left
    }

    private mutating func parseAnd() throws(ExpressionError) -> Expression {
        var left = try parseNot()
        while case .keyword(.and) = current.kind {
            let offset = current.offset
            advance()
            left = Expression(.binary(.and, left, try parseNot()), at: offset)
        }
        return left
    }

    private mutating func parseNot() throws(ExpressionError) -> Expression {
        guard case .keyword(.not) = current.kind else { return try parsePredicate() }
        let offset = current.offset
        advance()
        let operand = try nested { (p: inout ExpressionParser) throws(ExpressionError) in try p.parseNot() }
        return Expression(.not(operand), at: offset)
    }

    private mutating func parsePredicate() throws(ExpressionError) -> Expression {
        let left = try parseAdditive()
        let offset = current.offset
        if case .symbol(let s) = current.kind, let op = Self.comparison(s) {
            advance()
            return Expression(.binary(op, left, try parseAdditive()), at: offset)
        }
        if accept(.is) {
            let negated = accept(.not)
            guard accept(.null) else { throw unexpected(expected: "NULL") }
            return Expression(.isNull(left, negated: negated), at: offset)
        }
        var negated = false
        if case .keyword(.not) = current.kind {
            switch peek(1) {
            case .keyword(.in), .keyword(.between):
                negated = true
                advance()
            default: return left
            }
        }
        let keywordOffset = current.offset
        if accept(.in) {
            try expect(.leftParen)
            var list = [try parseExpression()]
            while accept(.comma) { list.append(try parseExpression()) }
            try expect(.rightParen)
            return Expression(.inList(left, list, negated: negated), at: keywordOffset)
        }
        if accept(.between) {
            // `x BETWEEN a AND b` is `x >= a AND x <= b`; the bounds bind tighter than AND.
            let low = try parseAdditive()
            guard accept(.and) else { throw unexpected(expected: "AND") }
            let high = try parseAdditive()
            let range = Expression(
                .binary(
                    .and, Expression(.binary(.greaterOrEqual, left, low), at: keywordOffset),
                    Expression(.binary(.lessOrEqual, left, high), at: keywordOffset)), at: keywordOffset)
            return negated ? Expression(.not(range), at: offset) : range
        }
        return left
    }

    private static func comparison(_ s: ExpressionLexer.Symbol) -> BinaryOperator? {
        switch s {
        case .equal: .equal
        case .notEqual, .notEqualAlt: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        default: nil
        }
    }

    private mutating func parseAdditive() throws(ExpressionError) -> Expression {
        var left = try parseMultiplicative()
        while case .symbol(let s) = current.kind {
            let op: BinaryOperator
            switch s {
            case .plus: op = .add
            case .minus: op = .subtract
            case .concat: op = .concat
            default: return left
            }
            let offset = current.offset
            advance()
            left = Expression(.binary(op, left, try parseMultiplicative()), at: offset)
        }
        return left
    }

    private mutating func parseMultiplicative() throws(ExpressionError) -> Expression {
        var left = try parseUnary()
        while case .symbol(let s) = current.kind, s == .star || s == .slash {
            let offset = current.offset
            advance()
            left = Expression(.binary(s == .star ? .multiply : .divide, left, try parseUnary()), at: offset)
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionError) -> Expression {
        let offset = current.offset
        if accept(.minus) {
            let operand = try nested { (p: inout ExpressionParser) throws(ExpressionError) in try p.parseUnary() }
            return Expression(.negate(operand), at: offset)
        }
        if accept(.plus) {
            return try nested { (p: inout ExpressionParser) throws(ExpressionError) in try p.parseUnary() }
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Expression {
        let token = current
        switch token.kind {
        case .number(let text):
            advance()
            return Expression(.literal(try numberValue(text, at: token.offset)), at: token.offset)
        case .string(let s):
            advance()
            return Expression(.literal(.string(s)), at: token.offset)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expression(.literal(.bool(token.kind == .keyword(.true))), at: token.offset)
        case .keyword(.null):
            advance()
            return Expression(.literal(.null), at: token.offset)
        case .keyword(.cast):
            advance()
            return try parseCast(at: token.offset)
        case .symbol(.leftParen):
            advance()
            let inner = try parseExpression()
            try expect(.rightParen)
            return inner
        case .quotedIdentifier(let name):
            advance()
            return Expression(.column(name), at: token.offset)
        case .identifier(let name):
            advance()
            if case .string(let literal) = current.kind, let kind = TypedLiteralKind(rawValue: name.lowercased()) {
                let literalOffset = current.offset
                advance()
                return Expression(.literal(try typedLiteral(kind, literal, at: literalOffset)), at: token.offset)
            }
            guard accept(.leftParen) else { return Expression(.column(name), at: token.offset) }
            var arguments: [Expression] = []
            if !accept(.rightParen) {
                arguments.append(try parseExpression())
                while accept(.comma) { arguments.append(try parseExpression()) }
                try expect(.rightParen)
            }
            return Expression(.call(name, arguments), at: token.offset)
        default:
            throw unexpected(expected: "an expression")
        }
    }

    private enum TypedLiteralKind: String {
        case date, timestamp
    }

    private func typedLiteral(_ kind: TypedLiteralKind, _ literal: String, at offset: Int) throws(ExpressionError)
        -> Value
    {
        let trimmed = literal.trimmingCharacters(in: .whitespaces)
        guard case .success(let seconds) = CivilTime.parseTimestamp(trimmed) else {
            throw ExpressionError(
                .invalidLiteral(kind: kind.rawValue.uppercased(), text: literal), at: offset, in: text)
        }
        switch kind {
        case .timestamp:
            return .dateTime(seconds)
        case .date:
            guard trimmed.utf8.count == 10, let days = Int32(exactly: seconds / 86400) else {
                throw ExpressionError(.invalidLiteral(kind: "DATE", text: literal), at: offset, in: text)
            }
            return .date(days)
        }
    }

    private func numberValue(_ number: String, at offset: Int) throws(ExpressionError) -> Value {
        if number.utf8.allSatisfy({ $0 &- 0x30 < 10 }), let integer = Int64(number) { return .int64(integer) }
        guard let decimal = ExactDecimal(number) else {
            throw ExpressionError(.invalidNumber(number), at: offset, in: text)
        }
        return .decimal(decimal)
    }

    /// `CAST(expr AS name[(arg[, arg])])`, the name spelled as `DataType(parsing:)` reads it.
    private mutating func parseCast(at offset: Int) throws(ExpressionError) -> Expression {
        try expect(.leftParen)
        let operand = try parseExpression()
        guard accept(.as) else { throw unexpected(expected: "AS") }
        let typeOffset = current.offset
        guard case .identifier(let name) = current.kind else { throw unexpected(expected: "a type name") }
        advance()
        var spelling = name
        if accept(.leftParen) {
            var parts: [String] = []
            repeat {
                switch current.kind {
                case .number(let n): parts.append(n)
                case .identifier(let n): parts.append(n)
                default: throw unexpected(expected: "a type argument")
                }
                advance()
            } while accept(.comma)
            try expect(.rightParen)
            spelling += "(" + parts.joined(separator: ",") + ")"
        }
        guard let type = DataType(parsing: spelling) else {
            throw ExpressionError(.unknownType(spelling), at: typeOffset, in: text)
        }
        try expect(.rightParen)
        return Expression(.cast(operand, type), at: offset)
    }
}
