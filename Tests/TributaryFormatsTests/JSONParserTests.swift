import Testing
import TributaryCore

@testable import TributaryFormats

struct JSONParserTests {
    @Test(arguments: [
        "0", "-0", "0.1", "1e-7", "1E+7", "-12.50", "12345678901234567890.123456789012", "3.6E2",
        "100000000000000000000000000000000000000000",
    ])
    func numbersKeepTheirExactText(_ text: String) throws {
        #expect(try JSONParser.parse(text) == .number(text))
        #expect(try JSONParser.parse("[\(text)]") == .array([.number(text)]))
    }

    @Test func moneyTextBecomesAnExactDecimal() throws {
        let value = try JSONParser.parse(#"{"amount": 12345678901234567890.123456789012}"#)
        let text = try #require(value["amount"]?.numberText)
        #expect(ExactDecimal(text)?.description == "12345678901234567890.123456789012")
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(
            #" { "s": "x", "n": null, "t": true, "f": false, "a": [1, "2", [], {}], "o": {"k": -1.5} } "#)
        #expect(
            value
                == .object(
                    JSONObject([
                        ("s", .string("x")), ("n", .null), ("t", .bool(true)), ("f", .bool(false)),
                        ("a", .array([.number("1"), .string("2"), .array([]), .object(JSONObject())])),
                        ("o", .object(JSONObject([("k", .number("-1.5"))]))),
                    ])))
        #expect(value.objectValue?.keys == ["s", "n", "t", "f", "a", "o"])
    }

    @Test(arguments: [
        (#""a\"b\\c\/d""#, "a\"b\\c/d"),
        (#""\b\f\n\r\t""#, "\u{8}\u{C}\n\r\t"),
        (#""\u00e9\u4e2d""#, "é中"),
        (#""\ud83d\ude00!""#, "😀!"),
        (#""\uD834\uDD1E""#, "𝄞"),
        ("\"caf\u{E9} 😀\"", "café 😀"),
        (#""""#, ""),
    ])
    func unescapesStrings(_ json: String, _ expected: String) throws {
        #expect(try JSONParser.parse(json) == .string(expected))
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var json: String
        var message: String
        var line: Int
        var column: Int
        var testDescription: String { json.debugDescription }
    }

    @Test(arguments: [
        ErrorCase(json: "", message: "expected a JSON value, found the end of the input", line: 1, column: 1),
        ErrorCase(json: "{\"a\": 1,}", message: "expected a string key in an object, found '}'", line: 1, column: 9),
        ErrorCase(
            json: "[1,\n 2\n 3]", message: "expected ',' or ']' after an array element, found '3'", line: 3, column: 2),
        ErrorCase(json: "{\"a\" 1}", message: "expected ':' after the key \"a\", found '1'", line: 1, column: 6),
        ErrorCase(json: "01", message: "a number cannot have leading zeros", line: 1, column: 1),
        ErrorCase(
            json: "1.", message: "expected a digit after the decimal point, found the end of the input", line: 1,
            column: 3),
        ErrorCase(json: "-", message: "expected a digit after '-', found the end of the input", line: 1, column: 2),
        ErrorCase(
            json: "1e", message: "expected a digit in the exponent, found the end of the input", line: 1, column: 3),
        ErrorCase(json: "tru", message: "expected a JSON value, found 't' (did you mean true?)", line: 1, column: 1),
        ErrorCase(json: "[1] x", message: "unexpected 'x' after the JSON value", line: 1, column: 5),
        ErrorCase(
            json: "\"abc", message: "unterminated string: the input ends before its closing quote", line: 1, column: 1),
        ErrorCase(
            json: "\"a\nb\"", message: "a control character (a newline) must be escaped in a string", line: 1, column: 3
        ),
        ErrorCase(json: #""\x""#, message: "invalid escape '\\x' in a string", line: 1, column: 2),
        ErrorCase(json: #""\u12g4""#, message: "a \\u escape needs four hex digits, found 'g'", line: 1, column: 2),
        ErrorCase(
            json: #""\ud800""#, message: "lone surrogate \\uD800: a high surrogate must be followed by a low one",
            line: 1, column: 2),
        ErrorCase(
            json: #""\udc00""#, message: "lone surrogate \\uDC00: a low surrogate must follow a high one", line: 1,
            column: 2),
        ErrorCase(
            json: #""\ud800\u0041""#, message: "lone surrogate \\uD800: \\u0041 is not a low surrogate", line: 1,
            column: 2),
        ErrorCase(
            json: "{\n  \"a\": [\n    nul\n  ]\n}", message: "expected a JSON value, found 'n' (did you mean null?)",
            line: 3, column: 5),
        ErrorCase(json: "'a'", message: "expected a JSON value, found '''", line: 1, column: 1),
        ErrorCase(json: "NaN", message: "expected a JSON value, found 'N'", line: 1, column: 1),
    ])
    func syntaxErrorsSayWhatAndWhere(_ errorCase: ErrorCase) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(errorCase.json) }
        do {
            _ = try JSONParser.parse(errorCase.json)
        } catch {
            #expect(error.message == errorCase.message)
            #expect(error.line == errorCase.line)
            #expect(error.column == errorCase.column)
        }
    }

    @Test func invalidUTF8InAStringIsAnError() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0x28, 0x22]
        do {
            _ = try JSONParser.parse(bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "invalid UTF-8 in a string")
            #expect(error.offset == 2)
        }
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try JSONParser.parse(fine) }
    }

    @Test func duplicateKeysKeepOrderAndTheLastWins() throws {
        let value = try JSONParser.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value["a"] == .number("3"))
        #expect(value.objectValue?.keys == ["a", "b", "a"])
    }

    @Test func errorLocatesInAFile() throws {
        do {
            _ = try JSONParser.parse("{\n\"a\": x}")
            Issue.record("expected an error")
        } catch {
            let located = error.located(in: "page.json")
            #expect(located.description == "page.json:2:6: error: expected a JSON value, found 'x'")
            #expect(error.located(in: "log.jsonl", firstLine: 10).location.line == 11)
        }
    }

    @Test func compactTextRoundTrips() throws {
        let json = #"{"a":[1,2.50,"x\"y\n\u0001"],"b":{"c":null,"d":true}}"#
        let value = try JSONParser.parse(json)
        #expect(value.compactText == json)
        #expect(try JSONParser.parse(value.compactText) == value)
    }
}
