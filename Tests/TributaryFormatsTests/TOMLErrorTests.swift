import Testing
import TributaryFormats

/// An invalid document, a fragment its error message must contain, and where the error must point.
struct TOMLErrorCase: Sendable, CustomTestStringConvertible {
    let name: String
    let input: String
    let message: String
    let line: Int
    let column: Int

    init(_ name: String, _ input: String, _ message: String, _ line: Int, _ column: Int) {
        self.name = name
        self.input = input
        self.message = message
        self.line = line
        self.column = column
    }

    var testDescription: String { name }
}

@Suite("TOML errors")
struct TOMLErrorTests {
    /// Every redefinition rule of TOML 1.0.0, one case each.
    static let redefinitions: [TOMLErrorCase] = [
        .init("duplicate key", "a = 1\na = 2", "key 'a' is already defined at line 1", 2, 1),
        .init("duplicate quoted key", "\"a b\" = 1\n'a b' = 2", "key '\"a b\"' is already defined at line 1", 2, 1),
        .init("duplicate dotted key", "a.b = 1\na.b = 2", "key 'a.b' is already defined at line 1", 2, 3),
        .init("table defined twice", "[a]\nx = 1\n[a]", "table 'a' is already defined at line 1", 3, 2),
        .init(
            "implicit table defined explicitly twice", "[a.b]\n[a]\n[a]",
            "table 'a' is already defined at line 2", 3, 2),
        .init("subtable defined twice", "[a]\n[a.b]\n[a.b]", "table 'a.b' is already defined at line 2", 3, 4),
        .init(
            "header on table made by dotted keys", "[fruit]\napple.color = 'red'\n[fruit.apple]",
            "table 'fruit.apple' is already defined by dotted keys at line 2", 3, 8),
        .init(
            "header on root table made by dotted keys", "a.b = 1\n[a]",
            "table 'a' is already defined by dotted keys at line 1", 2, 2),
        .init(
            "dotted key into header table", "[a.b.c]\nz = 9\n[a]\nb.c.t = 1",
            "cannot use dotted key 'b.c.t' to add to table 'b.c' defined at line 1", 4, 3),
        .init(
            "dotted key into implied table defined later", "[a.b]\n[a]\nb.c = 1",
            "cannot use dotted key 'b.c' to add to table 'b' defined at line 1", 3, 1),
        .init(
            "header on implied table taken over by dotted keys", "[a.b.c]\n[a]\nb.d = 1\n[a.b]",
            "table 'a.b' is already defined by dotted keys at line 3", 4, 4),
        .init(
            "dotted key into array of tables", "[[a.b]]\n[a]\nb.y = 2",
            "cannot use dotted key 'b.y' to add to array of tables 'b' defined at line 1", 3, 1),
        .init(
            "dotted key into inline table", "a = { b = 1 }\na.c = 2",
            "cannot define key 'a.c': 'a' is already an inline table defined at line 1", 2, 1),
        .init(
            "dotted key into nested inline table", "a = { b = { c = 1 }, b.d = 2 }",
            "'b' is already an inline table defined at line 1", 1, 22),
        .init("duplicate key in inline table", "a = { b = 1, b = 2 }", "key 'b' is already defined at line 1", 1, 14),
        .init(
            "header into inline table", "a = {}\n[a.b]",
            "cannot define table 'a.b': 'a' is already an inline table", 2, 2),
        .init(
            "header replacing inline table", "a = { b = 1 }\n[a]",
            "cannot define table 'a': it is already an "
                + "inline table defined at line 1", 2, 2),
        .init(
            "array of tables into inline table", "t = { nest = {} }\n[[t.nest]]",
            "'t' is already an inline table", 2, 3),
        .init(
            "header into static array", "a = [{ b = 1 }]\n[a.c]",
            "cannot define table 'a.c': 'a' is already an array defined at line 1", 2, 2),
        .init(
            "array of tables over static array", "a = []\n[[a]]",
            "cannot define array of tables 'a': it is already an array defined at line 1", 2, 3),
        .init(
            "table over array of tables", "[[a]]\n[a]",
            "table 'a' is already defined as an array of tables at line 1", 2, 2),
        .init(
            "array of tables over table", "[a]\n[[a]]",
            "cannot define array of tables 'a': it is already a table (line 1)", 2, 3),
        .init(
            "array of tables over implied table", "[[a.b]]\nx = 1\n[[a]]",
            "cannot define array of tables 'a': it is already a table", 3, 3),
        .init("value replacing a table", "a.b = 1\na = 2", "key 'a' is already defined at line 1", 2, 1),
        .init(
            "dotted key through a value", "a = 1\na.b = 2",
            "cannot define key 'a.b': 'a' is already an integer defined at line 1", 2, 1),
        .init(
            "header on a value", "a = true\n[a]",
            "cannot define table 'a': it is already a boolean defined at "
                + "line 1", 2, 2),
        .init(
            "header through a value", "a = 'x'\n[a.b.c]",
            "cannot define table 'a.b.c': 'a' is already a string defined at line 1", 2, 2),
    ]

    /// Syntax and value errors, with the exact position a user would be sent to.
    static let syntax: [TOMLErrorCase] = [
        .init("missing equals sign", "name \"x\"", "expected '=' after key 'name', found '\"'", 1, 6),
        .init("missing value", "a =\nb = 1", "expected a value, found end of line", 1, 4),
        .init("two values on a line", "a = 1 b = 2", "expected end of line after value, found 'b'", 1, 7),
        .init("unquoted string", "a = hello", "invalid value 'hello'; strings must be quoted", 1, 5),
        .init("bare key with space", "a b = 1", "expected '=' after key 'a', found 'b'", 1, 3),
        .init("empty bare key", "= 1", "expected a key before '='", 1, 1),
        .init("invalid key character", "a@b = 1", "expected '=' after key 'a', found '@'", 1, 2),
        .init("multi-line key", "\"\"\"k\"\"\" = 1", "a multi-line string cannot be used as a key", 1, 1),
        .init("invalid escape", "a = \"x\\qy\"", "invalid escape '\\q'", 1, 7),
        .init("invalid escape after multibyte text", "\"é\" = \"ü\\q\"", "invalid escape '\\q'", 1, 9),
        .init("escape for surrogate", "a = \"\\uD800\"", "U+D800 is not a Unicode scalar value", 1, 6),
        .init("escape beyond Unicode", "a = \"\\U00110000\"", "U+110000 is not a Unicode scalar value", 1, 6),
        .init("short unicode escape", "a = \"\\u12\"", "\\uXXXX needs exactly 4 hexadecimal digits", 1, 6),
        .init("TOML 1.1 escape", "a = \"\\e\"", "invalid escape '\\e'", 1, 6),
        .init(
            "text after line-ending backslash", "a = \"\"\"x\\  y\"\"\"",
            "a '\\' followed by whitespace must be the last thing on its line", 1, 9),
        .init("unterminated string at end of file", "a = \"abc", "unterminated string: missing closing '\"'", 1, 5),
        .init("newline in basic string", "a = \"abc\nb = 1", "unterminated string: a newline is not allowed", 1, 9),
        .init("newline in literal string", "a = 'abc\n'", "unterminated string: a newline is not allowed", 1, 9),
        .init("unterminated multi-line string", "x = 1\na = \"\"\"abc\n\n", "missing closing '\"\"\"'", 2, 5),
        .init("too many closing quotes", "a = \"\"\"x\"\"\"\"\"\"", "too many quotes", 1, 14),
        .init("control character in string", "a = \"x\u{01}\"", "control character U+0001 must be escaped", 1, 7),
        .init("delete in literal string", "a = 'x\u{7F}'", "control character U+007F is not allowed", 1, 7),
        .init(
            "control character in comment", "a = 1 # bell\u{07}",
            "control character U+0007 is not allowed in a "
                + "comment", 1, 13),
        .init(
            "bare carriage return", "a = 1\rb = 2", "carriage return (U+000D) must be followed by a line feed",
            1, 6),
        .init(
            "bare carriage return in comment", "# x\ry",
            "carriage return (U+000D) must be followed by a line "
                + "feed", 1, 4),
        .init("error position in CRLF document", "a = 1\r\nb = \r\n", "expected a value, found end of line", 2, 5),
        .init("leading zero", "a = 012", "invalid integer '012': leading zeros are not allowed", 1, 5),
        .init("leading zero in float", "a = 03.14", "invalid float '03.14': leading zeros are not allowed", 1, 5),
        .init("integer overflow", "a = 9223372036854775808", "does not fit in 64 bits", 1, 5),
        .init("negative integer overflow", "a = -9223372036854775809", "does not fit in 64 bits", 1, 5),
        .init("hex overflow", "a = 0x8000000000000000", "does not fit in 64 bits", 1, 5),
        .init("double underscore", "a = 1__000", "an underscore must be between two digits", 1, 5),
        .init("trailing underscore", "a = 1_", "an underscore must be between two digits", 1, 5),
        .init("signed hex", "a = +0x1F", "hexadecimal, octal and binary integers cannot have a sign", 1, 5),
        .init("upper-case prefix", "a = 0X1F", "the prefix must be lower-case", 1, 5),
        .init("bad octal digit", "a = 0o78", "'8' is not a base-8 digit", 1, 5),
        .init("float without fraction digits", "a = 1.", "a digit must follow the decimal point", 1, 5),
        .init(
            "float without integer part", "a = .5", "invalid float '.5': a digit must come before the decimal point",
            1, 5),
        .init("float too large", "a = 1e400", "too large for a 64-bit float", 1, 5),
        .init("float exponent without digits", "a = 1e", "the exponent needs digits", 1, 5),
        .init("capitalised boolean", "a = True", "invalid value 'True'", 1, 5),
        .init("capitalised inf", "a = Inf", "invalid value 'Inf'", 1, 5),
        .init("not a leap year", "a = 2023-02-29", "invalid date '2023-02-29': 2023 is not a leap year", 1, 5),
        .init("century not a leap year", "a = 1900-02-29", "1900 is not a leap year", 1, 5),
        .init("month out of range", "a = 2023-13-01", "the month must be 01 to 12", 1, 5),
        .init("day out of range", "a = 2023-04-31", "the day must be 01 to 30 in that month", 1, 5),
        .init("day zero", "a = 2023-04-00", "the day must be 01 to 30", 1, 5),
        .init("hour out of range", "a = 24:00:00", "invalid time '24:00:00': the hour must be 00 to 23", 1, 5),
        .init("minute out of range", "a = 1979-05-27T10:60:00", "the minute must be 00 to 59", 1, 16),
        .init("second out of range", "a = 10:00:61", "the second must be 00 to 60", 1, 5),
        .init("seconds are required", "a = 07:32", "expected ':' before the seconds, which are required", 1, 10),
        .init("single-digit month", "a = 2023-1-01", "expected 2 digits for the month", 1, 11),
        .init("offset out of range", "a = 1979-05-27T07:32:00+24:00", "invalid offset", 1, 24),
        .init("offset without minutes", "a = 1979-05-27T07:32:00+07", "expected ':' in the offset", 1, 27),
        .init("fraction without digits", "a = 07:32:00.", "a digit must follow the decimal point", 1, 14),
        .init("five-digit year", "a = 10000-01-01", "dates are written YYYY-MM-DD", 1, 5),
        .init("array missing comma", "a = [1 2]", "expected ',' or ']' after an array element, found '2'", 1, 8),
        .init("array double comma", "a = [1,,2]", "expected a value after ',' in array", 1, 8),
        .init("array only comma", "a = [,]", "expected a value or ']' in array, found ','", 1, 6),
        .init("unterminated array", "a = [1,\n2", "unterminated array: missing ']'", 1, 5),
        .init("inline table trailing comma", "a = { b = 1, }", "a trailing comma is not allowed", 1, 14),
        .init("inline table across lines", "a = { b = 1,\nc = 2 }", "an inline table must be on a single line", 1, 13),
        .init("inline table missing comma", "a = { b = 1 c = 2 }", "expected ',' or '}' in inline table", 1, 13),
        .init("unterminated inline table", "a = { b = 1", "unterminated inline table: missing '}'", 1, 5),
        .init("empty table header", "[]", "expected a key, found ']'", 1, 2),
        .init("unclosed table header", "[a\nb = 1", "expected ']' to close the table header, found end of line", 1, 3),
        .init("unclosed array of tables header", "[[a]\n", "expected ']]' to close the array of tables header", 1, 4),
        .init("split array of tables brackets", "[[a] ]", "expected ']]' to close the array of tables header", 1, 4),
        .init("text after header", "[a] b = 1", "expected end of line after table header, found 'b'", 1, 5),
        .init("trailing dot in header", "[a.]", "expected a key, found ']'", 1, 4),
        .init("byte order mark inside document", "a = \u{FEFF}1", "U+FEFF (a byte order mark", 1, 5),
        .init(
            "arrays nested too deeply", "a = " + String(repeating: "[", count: 200),
            "values are nested too deeply (the limit is 128 levels)", 1, 133),
        .init(
            "dotted key nested too deeply", Array(repeating: "k", count: 200).joined(separator: ".") + " = 1",
            "tables are nested too deeply (the limit is 128 levels)", 1, 257),
    ]

    @Test(arguments: redefinitions)
    func redefinitionIsRejected(_ testCase: TOMLErrorCase) {
        expectError(testCase)
    }

    @Test(arguments: syntax)
    func syntaxErrorIsReported(_ testCase: TOMLErrorCase) {
        expectError(testCase)
    }

    /// The counterpart of the rules above: an array of tables may get a subtable via a header,
    /// other tables in between, and then more elements.
    @Test func arrayOfTablesMayContinueAfterOtherTables() throws {
        let root = try TOMLParser.parse("[[a]]\n[b]\n[c]\n[a.x]\n[[a]]\n[d]")
        #expect(root["a"]?.value.arrayValue?.count == 2)
    }

    /// A table only implied by a header may still be filled by dotted keys from its parent's section.
    @Test func dottedKeysMayExtendAnImpliedTable() throws {
        let root = try TOMLParser.parse("[a.b.c]\nx = 1\n[a]\nb.d = 2\n[a.b.c.e]")
        let b = try #require(root["a"]?.value.tableValue?["b"]?.value.tableValue)
        #expect(b.keys == ["c", "d"])
        #expect(b["c"]?.value.tableValue?.keys == ["x", "e"])
    }

    @Test func invalidUTF8IsReportedAtTheOffendingByte() {
        let bytes = Array("a = 1\nb = \"x".utf8) + [0xC3, 0x28] + Array("\"".utf8)
        #expect(
            throws: TOMLError(
                line: 2, column: 7,
                message: "invalid UTF-8: byte 0xC3 does not start a valid "
                    + "character; TOML documents must be UTF-8")
        ) {
            try TOMLParser.parse(bytes: bytes)
        }
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xE2, 0x82]] {
            #expect(throws: TOMLError.self) {
                try TOMLParser.parse(bytes: Array("# ".utf8) + bad)
            }
        }
    }

    @Test func errorDescriptionCarriesPosition() {
        do {
            _ = try TOMLParser.parse("a = 1\n\n  b = [1 2]")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "3:10: expected ',' or ']' after an array element, found '2'")
        }
    }

    private func expectError(_ testCase: TOMLErrorCase, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let table = try TOMLParser.parse(testCase.input)
            Issue.record("expected an error, parsed \(table.keys)", sourceLocation: sourceLocation)
        } catch {
            #expect(
                error.message.contains(testCase.message), "message: \(error.message)",
                sourceLocation: sourceLocation)
            #expect(
                [error.line, error.column] == [testCase.line, testCase.column], "\(error)",
                sourceLocation: sourceLocation)
        }
    }
}
