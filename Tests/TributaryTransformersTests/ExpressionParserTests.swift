import Testing
import TributaryCore

@testable import TributaryTransformers

struct ExpressionParserTests {
    struct ShapeCase: Sendable, CustomStringConvertible {
        var text: String
        var tree: String
        var description: String { text }
    }

    @Test(arguments: [
        ShapeCase(text: "1 + 2 * 3", tree: "(1 + (2 * 3))"),
        ShapeCase(text: "(1 + 2) * 3", tree: "((1 + 2) * 3)"),
        ShapeCase(text: "a - b - c", tree: "((`a` - `b`) - `c`)"),
        ShapeCase(text: "a OR b AND NOT c", tree: "(`a` OR (`b` AND (NOT `c`)))"),
        ShapeCase(text: "a or b and not c", tree: "(`a` OR (`b` AND (NOT `c`)))"),
        ShapeCase(text: "-x * 2", tree: "((-`x`) * 2)"),
        ShapeCase(text: "+x", tree: "`x`"),
        ShapeCase(text: "cost * 1.2 > 10", tree: "((`cost` * 1.2) > 10)"),
        ShapeCase(text: "a <> b", tree: "(`a` != `b`)"),
        ShapeCase(text: "a == b", tree: "(`a` = `b`)"),
        ShapeCase(text: "x NOT IN (1, 2)", tree: "(`x` NOT IN (1, 2))"),
        ShapeCase(text: "x in ('a')", tree: "(`x` IN ('a'))"),
        ShapeCase(text: "x IS NOT NULL", tree: "(`x` IS NOT NULL)"),
        ShapeCase(text: "NOT x IS NULL", tree: "(NOT (`x` IS NULL))"),
        ShapeCase(text: "`line item` = 'it''s'", tree: "(`line item` = 'it''s')"),
        ShapeCase(text: "coût > 0", tree: "(`coût` > 0)"),
        ShapeCase(text: "DATE '2025-01-31'", tree: "DATE '2025-01-31'"),
        ShapeCase(text: "timestamp '2025-01-31 10:00:00'", tree: "TIMESTAMP '2025-01-31 10:00:00'"),
        ShapeCase(text: "date > 1", tree: "(`date` > 1)"),
        ShapeCase(text: "x BETWEEN 1 AND 2", tree: "((`x` >= 1) AND (`x` <= 2))"),
        ShapeCase(text: "x NOT BETWEEN 1 AND 2 OR y", tree: "((NOT ((`x` >= 1) AND (`x` <= 2))) OR `y`)"),
        ShapeCase(text: "cast(x AS decimal(38, 2))", tree: "CAST(`x` AS decimal(38,2))"),
        ShapeCase(text: "CAST(x AS timestamp)", tree: "CAST(`x` AS datetime)"),
        ShapeCase(text: "coalesce(a, 0)", tree: "coalesce(`a`, 0)"),
        ShapeCase(text: "now()", tree: "now()"),
        ShapeCase(text: "a || b || 'c'", tree: "((`a` || `b`) || 'c')"),
        ShapeCase(text: "TRUE AND FALSE OR NULL", tree: "((true AND false) OR NULL)"),
    ])
    func shape(_ c: ShapeCase) throws {
        #expect(try ExpressionParser.parse(c.text).description == c.tree)
    }

    @Test func literalsKeepTheirExactValue() throws {
        #expect(try ExpressionParser.parse("12.50").kind == .literal(.decimal(ExactDecimal(units: 1250, scale: 2))))
        #expect(try ExpressionParser.parse("42").kind == .literal(.int64(42)))
        #expect(try ExpressionParser.parse("1e3").kind == .literal(.decimal(ExactDecimal(units: 1000, scale: 0))))
        // Too large for int64: still exact, as a decimal.
        #expect(
            try ExpressionParser.parse("99999999999999999999").kind
                == .literal(.decimal(ExactDecimal("99999999999999999999")!)))
        #expect(try ExpressionParser.parse("'it''s'").kind == .literal(.string("it's")))
        #expect(try ExpressionParser.parse("DATE '1970-01-02'").kind == .literal(.date(1)))
        #expect(try ExpressionParser.parse("TIMESTAMP '1970-01-01T00:01:00Z'").kind == .literal(.dateTime(60)))
    }

    @Test func nodesCarryTheirOffsets() throws {
        let e = try ExpressionParser.parse("cost * 2 > lower(name)")
        guard case .binary(.greater, let left, let right) = e.kind else {
            Issue.record("unexpected tree \(e)")
            return
        }
        #expect(e.offset == 9)
        #expect(left.offset == 5)
        #expect(right.offset == 11)
        guard case .call(_, let args) = right.kind else {
            Issue.record("unexpected tree \(right)")
            return
        }
        #expect(args.first?.offset == 17)
    }

    struct ErrorCase: Sendable, CustomStringConvertible {
        var text: String
        var message: String
        var offset: Int
        var description: String { text }
    }

    @Test(arguments: [
        ErrorCase(text: "", message: "expected an expression, found end of expression", offset: 0),
        ErrorCase(text: "cost +", message: "expected an expression, found end of expression", offset: 6),
        ErrorCase(text: "'abc", message: "unterminated string literal; close it with '", offset: 0),
        ErrorCase(text: "x = `abc", message: "unterminated quoted identifier; close it with `", offset: 4),
        ErrorCase(text: "cost # 2", message: "unexpected character '#'", offset: 5),
        ErrorCase(text: "cost ; 2", message: "unexpected character ';'", offset: 5),
        // Non-ASCII letters may start a name, so a stray symbol reads as one.
        ErrorCase(text: "cost € 2", message: "expected end of expression, found '€'", offset: 5),
        ErrorCase(text: "f(1, 2", message: "expected ')', found end of expression", offset: 6),
        ErrorCase(text: "1 2", message: "expected end of expression, found '2'", offset: 2),
        ErrorCase(text: "a = b = c", message: "expected end of expression, found '='", offset: 6),
        ErrorCase(text: "12abc", message: "invalid number '12abc'", offset: 0),
        ErrorCase(text: "1.2.3", message: "invalid number '1.2.3'", offset: 0),
        ErrorCase(text: "DATE '2025-13-01'", message: "'2025-13-01' is not a valid DATE literal", offset: 5),
        ErrorCase(
            text: "DATE '2025-01-01 10:00'", message: "'2025-01-01 10:00' is not a valid DATE literal", offset: 5),
        ErrorCase(
            text: "CAST(x AS decmal)",
            message: "unknown type 'decmal'; expected one of string, int64, uint64, decimal(P,S), float64, bool, date, "
                + "datetime, array(string)",
            offset: 10),
        ErrorCase(text: "CAST(x, int64)", message: "expected AS, found ','", offset: 6),
        ErrorCase(text: "x IS 5", message: "expected NULL, found '5'", offset: 5),
        ErrorCase(text: "x IN 1", message: "expected '(', found '1'", offset: 5),
        ErrorCase(text: "x BETWEEN 1 OR 2", message: "expected AND, found 'OR'", offset: 12),
        ErrorCase(text: "a AND", message: "expected an expression, found end of expression", offset: 5),
        ErrorCase(text: "(a", message: "expected ')', found end of expression", offset: 2),
        ErrorCase(text: "in", message: "expected an expression, found 'IN'", offset: 0),
    ])
    func errors(_ c: ErrorCase) {
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse(c.text) }
        do {
            _ = try ExpressionParser.parse(c.text)
        } catch {
            #expect(error.message == c.message)
            #expect(error.offset == c.offset)
            #expect(error.expression == c.text)
        }
    }

    @Test func deepNestingIsRefusedNotCrashing() {
        let text = String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)
        do {
            _ = try ExpressionParser.parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.reason == .nestingTooDeep)
        }
    }

    @Test func errorPositionsCountCharactersAndLines() {
        let error = ExpressionError(.unexpectedCharacter("#"), at: 9, in: "'é' =\n  #")
        #expect(error.characterOffset == 8)
        #expect(error.line == 1)
        #expect(error.column == 2)
        #expect(error.description == "unexpected character '#' (at column 9 of `'é' =\n  #`)")
    }
}
