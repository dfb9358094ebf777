import Testing
import TributaryFormats

/// Parses `text` and returns the value at the dotted `path` (plain names, no quoting), failing the
/// test if any step is missing.
private func value(_ text: String, _ path: String..., sourceLocation: SourceLocation = #_sourceLocation) throws
    -> TOMLValue
{
    let root = try TOMLParser.parse(text)
    return try lookup(root, path, sourceLocation: sourceLocation).value
}

private func lookup(_ table: TOMLTable, _ path: [String], sourceLocation: SourceLocation = #_sourceLocation) throws
    -> TOMLNode
{
    var current = table
    var node = TOMLNode(.table(table), line: table.line, column: table.column)
    for key in path {
        node = try #require(current[key], "missing key '\(key)'", sourceLocation: sourceLocation)
        if case .table(let next) = node.value {
            current = next
        }
    }
    return node
}

/// `[line, column]` of a key, for compact comparisons.
private func keyAt(_ table: TOMLTable?, _ key: String) -> [Int]? {
    table?.keyPosition(key).map { [$0.line, $0.column] }
}

/// `[line, column]` of a node.
private func at(_ node: TOMLNode?) -> [Int]? {
    node.map { [$0.line, $0.column] }
}

@Suite("TOML values")
struct TOMLValueTests {
    @Test func basicStringEscapes() throws {
        let text = #"s = "tab\there \"q\" back\\slash \b\f\n\r \u00E9 \U0001F600""#
        #expect(try value(text, "s") == .string("tab\there \"q\" back\\slash \u{8}\u{C}\n\r é 😀"))
    }

    @Test func literalStringsKeepBackslashes() throws {
        #expect(try value(#"p = 'C:\Users\nodejs\templates'"#, "p") == .string(#"C:\Users\nodejs\templates"#))
        #expect(try value("e = ''", "e") == .string(""))
        #expect(try value("e = \"\"", "e") == .string(""))
    }

    @Test func multilineBasicString() throws {
        let text = "s = \"\"\"\nRoses are red\n  Violets are blue\"\"\""
        #expect(try value(text, "s") == .string("Roses are red\n  Violets are blue"))
    }

    @Test func lineEndingBackslashJoinsLines() throws {
        let text = "s = \"\"\"\\\n    The quick \\\n\n    brown fox \\   \n  jumps.\"\"\""
        #expect(try value(text, "s") == .string("The quick brown fox jumps."))
    }

    @Test func quotesBeforeClosingDelimiter() throws {
        #expect(
            try value(#"s = """Here are two quotation marks: "". Simple enough.""""#, "s")
                == .string(#"Here are two quotation marks: "". Simple enough."#))
        #expect(
            try value(#"s = """"This," she said, "is just a pointless statement."""""#, "s")
                == .string(#""This," she said, "is just a pointless statement.""#))
        #expect(try value("s = '''''a'''''", "s") == .string("''a''"))
    }

    @Test func multilineLiteralString() throws {
        let text = "s = '''\nThe first newline is\ntrimmed in raw strings.\n   \\n stays literal\n'''"
        let expected = "The first newline is\ntrimmed in raw strings.\n   \\n stays literal\n"
        #expect(try value(text, "s") == .string(expected))
    }

    @Test(arguments: [
        ("+99", Int64(99)), ("42", 42), ("0", 0), ("-17", -17), ("+0", 0), ("-0", 0),
        ("1_000", 1000), ("5_349_221", 5_349_221), ("0xDEADBEEF", 0xDEAD_BEEF), ("0xdead_beef", 0xDEAD_BEEF),
        ("0o01234567", 0o1234567), ("0o755", 0o755), ("0b11010110", 0b1101_0110), ("0x00ff", 255),
        ("9223372036854775807", .max), ("-9223372036854775808", .min), ("0x7FFFFFFFFFFFFFFF", .max),
    ])
    func integers(source: String, expected: Int64) throws {
        #expect(try value("n = \(source)", "n") == .integer(expected))
    }

    @Test(arguments: [
        ("+1.0", 1.0), ("3.1415", 3.1415), ("-0.01", -0.01), ("5e+22", 5e22), ("1e06", 1e6), ("-2E-2", -0.02),
        ("6.626e-34", 6.626e-34), ("224_617.445_991_228", 224_617.445_991_228), ("0e0", 0), ("1e1_0", 1e10),
        ("inf", .infinity), ("+inf", .infinity), ("-inf", -.infinity),
    ])
    func floats(source: String, expected: Double) throws {
        #expect(try value("f = \(source)", "f") == .float(expected))
    }

    @Test func nanAndNegativeZero() throws {
        for source in ["nan", "+nan", "-nan"] {
            let parsed = try #require(try value("f = \(source)", "f").floatValue)
            #expect(parsed.isNaN)
        }
        let zero = try #require(try value("f = -0.0", "f").floatValue)
        #expect(zero == 0 && zero.sign == .minus)
    }

    @Test func booleans() throws {
        #expect(try value("t = true", "t") == .bool(true))
        #expect(try value("f = false", "f") == .bool(false))
    }

    @Test func offsetDateTimes() throws {
        let zulu = TOMLDateTime(
            date: TOMLDate(year: 1979, month: 5, day: 27),
            time: TOMLTime(hour: 7, minute: 32, second: 0), offsetMinutes: 0)
        #expect(try value("d = 1979-05-27T07:32:00Z", "d") == .offsetDateTime(zulu))
        #expect(try value("d = 1979-05-27t07:32:00z", "d") == .offsetDateTime(zulu))
        let west = TOMLDateTime(
            date: TOMLDate(year: 1979, month: 5, day: 27),
            time: TOMLTime(hour: 0, minute: 32, second: 0, nanosecond: 999_999_000),
            offsetMinutes: -420)
        #expect(try value("d = 1979-05-27T00:32:00.999999-07:00", "d") == .offsetDateTime(west))
        let spaced = try #require(try value("d = 1979-05-27 07:32:00+05:30", "d").offsetDateTimeValue)
        #expect(spaced.offsetMinutes == 330 && spaced.hour == 7)
        #expect(spaced.description == "1979-05-27T07:32:00+05:30")
        #expect(west.description == "1979-05-27T00:32:00.999999-07:00")
    }

    @Test func localDateTimesDatesAndTimes() throws {
        let local = TOMLDateTime(
            date: TOMLDate(year: 1979, month: 5, day: 27),
            time: TOMLTime(hour: 7, minute: 32, second: 0, nanosecond: 123_000_000))
        #expect(try value("d = 1979-05-27T07:32:00.123", "d") == .localDateTime(local))
        #expect(try value("d = 1979-05-27", "d") == .localDate(TOMLDate(year: 1979, month: 5, day: 27)))
        #expect(
            try value("t = 00:32:00.5", "t")
                == .localTime(
                    TOMLTime(
                        hour: 0, minute: 32, second: 0,
                        nanosecond: 500_000_000)))
        #expect(try value("d = 2000-02-29", "d") == .localDate(TOMLDate(year: 2000, month: 2, day: 29)))
        #expect(try value("d = 2024-12-31 # comment", "d") == .localDate(TOMLDate(year: 2024, month: 12, day: 31)))
        #expect(local.description == "1979-05-27T07:32:00.123")
        #expect(TOMLTime(hour: 23, minute: 59, second: 60).description == "23:59:60")
    }

    @Test func fractionalSecondsKeepNanosecondsAndTruncateBeyond() throws {
        #expect(try value("t = 12:00:00.123456789", "t").localTimeValue?.nanosecond == 123_456_789)
        #expect(try value("t = 12:00:00.1234567891234", "t").localTimeValue?.nanosecond == 123_456_789)
        #expect(try value("t = 12:00:00.000000001", "t").localTimeValue?.nanosecond == 1)
    }

    @Test func arraysMayMixTypesSpanLinesAndEndWithComma() throws {
        let text = """
            a = [
              1, # one
              "two",
              [3.0, [true]],
              { x = 4 },
            ]
            e = []
            """
        let items = try #require(try value(text, "a").arrayValue)
        #expect(items.map(\.value.typeName) == ["integer", "string", "array", "table"])
        #expect(items[2].value.arrayValue?[1].value.arrayValue?.first?.value == .bool(true))
        #expect(items[3].value.tableValue?["x"]?.value == .integer(4))
        #expect(try value(text, "e") == .array([]))
    }

    @Test func inlineTablesWithDottedKeys() throws {
        let text = "point = { x = 1, y.z = 2, y.w = 'w', empty = {} }"
        let point = try #require(try value(text, "point").tableValue)
        #expect(point.keys == ["x", "y", "empty"])
        #expect(point["y"]?.value.tableValue?.keys == ["z", "w"])
        #expect(point["empty"]?.value == .table(TOMLTable(line: 1, column: 46)))
    }

    @Test func tablesAndSubtables() throws {
        let text = """
            [dog."tater.man"]
            type.name = "pug"
            [ a . b . c ]
            x = 1
            ['quoted key'.'x y']
            z = 2
            """
        #expect(try value(text, "dog", "tater.man", "type", "name") == .string("pug"))
        #expect(try value(text, "a", "b", "c", "x") == .integer(1))
        #expect(try value(text, "quoted key", "x y", "z") == .integer(2))
    }

    @Test func implicitTableMayBeDefinedOnceLater() throws {
        let text = "[x.y.z.w]\na = 1\n[x]\nb = 2\n[x.y]\nc = 3"
        let root = try TOMLParser.parse(text)
        let x = try #require(root["x"]?.value.tableValue)
        #expect(x.keys == ["y", "b"])
        #expect(x.line == 3 && x.column == 1)
        #expect(x["y"]?.value.tableValue?.keys == ["z", "c"])
    }

    @Test func dottedKeyTablesAcceptSubtableHeaders() throws {
        let text = "[fruit]\napple.color = 'red'\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true"
        #expect(try value(text, "fruit", "apple", "texture", "smooth") == .bool(true))
        #expect(try value(text, "fruit", "apple", "taste", "sweet") == .bool(true))
    }

    @Test func arraysOfTablesWithSubtablesAndNestedArrays() throws {
        let text = """
            [[fruits]]
            name = "apple"
            [fruits.physical]
            color = "red"
            [[fruits.varieties]]
            name = "red delicious"
            [[fruits.varieties]]
            name = "granny smith"
            [[fruits]]
            name = "banana"
            [[fruits.varieties]]
            name = "plantain"
            """
        let fruits = try #require(try value(text, "fruits").arrayValue)
        #expect(fruits.count == 2)
        let apple = try #require(fruits[0].value.tableValue)
        #expect(apple["physical"]?.value.tableValue?["color"]?.value == .string("red"))
        #expect(apple["varieties"]?.value.arrayValue?.count == 2)
        #expect(fruits[1].value.tableValue?["varieties"]?.value.arrayValue?.count == 1)
        #expect(fruits[1].line == 9 && fruits[1].column == 1)
    }

    @Test func keysMayBeQuotedEmptyOrNumeric() throws {
        let root = try TOMLParser.parse("\"\" = 1\n1234 = 3\n3.14159 = 'pi'\n\"ʎǝʞ\" = 4\n'quoted' . x = 2")
        #expect(root.keys == ["", "1234", "3", "ʎǝʞ", "quoted"])
        #expect(root["quoted"]?.value.tableValue?["x"]?.value == .integer(2))
        #expect(root[""]?.value == .integer(1))
        #expect(root["3"]?.value.tableValue?["14159"]?.value == .string("pi"))
    }

    @Test func crlfDocuments() throws {
        let text = "# comment\r\n[t]\r\na = 1 # c\r\nb = \"\"\"\r\nx\r\ny\\\r\n  z\"\"\"\r\nc = [\r\n 1,\r\n]\r\n"
        let root = try TOMLParser.parse(text)
        let table = try #require(root["t"]?.value.tableValue)
        #expect(table["a"]?.value == .integer(1))
        #expect(table["b"]?.value == .string("x\nyz"))
        #expect(at(table["c"]) == [8, 5])
        #expect(keyAt(table, "c") == [8, 1])
        #expect(table.keyPosition("b")?.line == 4)
    }

    @Test func byteOrderMarkIsSkippedAndNotCounted() throws {
        let root = try TOMLParser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("a = 1".utf8))
        #expect(root["a"]?.value == .integer(1))
        #expect(root.keyPosition("a")?.column == 1)
        #expect(root["a"]?.column == 5)
    }

    @Test func emptyAndCommentOnlyDocuments() throws {
        #expect(try TOMLParser.parse("").isEmpty)
        #expect(try TOMLParser.parse("  \n\t\n# only a comment").isEmpty)
        #expect(try TOMLParser.parse(bytes: []).isEmpty)
    }
}

@Suite("TOML positions")
struct TOMLPositionTests {
    static let document = """
        title = "x"
        [server]
          host = "h"
          port.number = 8080
        [[job]]
        "ééé" = [ 1,
          2 ]
        inline = { a = 1, b.c = true }
        """

    @Test func keyAndValuePositions() throws {
        let root = try TOMLParser.parse(Self.document)
        #expect(keyAt(root, "title") == [1, 1])
        #expect(at(root["title"]) == [1, 9])

        let serverNode = try #require(root["server"])
        #expect((serverNode.line, serverNode.column) == (2, 1))
        #expect(keyAt(root, "server") == [2, 2])
        let server = try #require(serverNode.value.tableValue)
        #expect((server.line, server.column) == (2, 1))
        #expect(keyAt(server, "host") == [3, 3])
        #expect(at(server["host"]) == [3, 10])
        #expect(keyAt(server, "port") == [4, 3])
        let port = try #require(server["port"]?.value.tableValue)
        #expect(keyAt(port, "number") == [4, 8])
        #expect(at(port["number"]) == [4, 17])
    }

    @Test func positionsInsideArraysOfTablesCountScalarsNotBytes() throws {
        let root = try TOMLParser.parse(Self.document)
        let jobs = try #require(root["job"])
        #expect((jobs.line, jobs.column) == (5, 1))
        let job = try #require(jobs.value.arrayValue?.first?.value.tableValue)
        #expect(keyAt(job, "ééé") == [6, 1])
        let array = try #require(job["ééé"])
        #expect((array.line, array.column) == (6, 9))
        let second = try #require(array.value.arrayValue?[1])
        #expect((second.line, second.column) == (7, 3))
        let inline = try #require(job["inline"]?.value.tableValue)
        #expect((inline.line, inline.column) == (8, 10))
        #expect(keyAt(inline, "b") == [8, 19])
        #expect(keyAt(inline["b"]?.value.tableValue, "c") == [8, 21])
    }

    @Test func rootTableIsAtOrigin() throws {
        let root = try TOMLParser.parse("\n\na = 1")
        #expect((root.line, root.column) == (1, 1))
        #expect(keyAt(root, "a") == [3, 1])
        #expect(root.keyPosition("missing") == nil)
    }
}

@Suite("TOMLTable API")
struct TOMLTableTests {
    @Test func keepsDocumentOrderAndIterates() throws {
        let root = try TOMLParser.parse("b = 1\na = 2\n[c]\n[0]")
        #expect(root.keys == ["b", "a", "c", "0"])
        #expect(root.map(\.key) == ["b", "a", "c", "0"])
        #expect(root.count == 4 && root.contains("a") && !root.contains("z"))
    }

    @Test func setAndRemove() {
        var table = TOMLTable()
        table.set("x", TOMLNode(.integer(1), line: 2, column: 5), keyLine: 2, keyColumn: 1)
        table.set("y", TOMLNode(.bool(true), line: 3, column: 5), keyLine: 3, keyColumn: 1)
        table.set("x", TOMLNode(.integer(2), line: 4, column: 5), keyLine: 4, keyColumn: 1)
        #expect(table.keys == ["x", "y"])
        #expect(table["x"]?.value == .integer(2))
        #expect(keyAt(table, "x") == [4, 1])
        #expect(table.removeValue(forKey: "x")?.value == .integer(2))
        #expect(table.keys == ["y"])
        #expect(table.removeValue(forKey: "x") == nil)
    }

    @Test func typeNamesAndAccessors() {
        #expect(TOMLValue.integer(1).typeName == "integer")
        #expect(TOMLValue.localDate(TOMLDate(year: 2000, month: 1, day: 1)).typeName == "local date")
        #expect(TOMLValue.string("s").stringValue == "s")
        #expect(TOMLValue.string("s").integerValue == nil)
        #expect(TOMLValue.integer(3).floatValue == nil)
        #expect(TOMLDate(year: 2023, month: 2, day: 29).isValid == false)
        #expect(TOMLDate(year: 2024, month: 2, day: 29).isValid)
        #expect(TOMLError(line: 3, column: 5, message: "boom").description == "3:5: boom")
    }
}

extension TOMLValue {
    fileprivate var offsetDateTimeValue: TOMLDateTime? {
        if case .offsetDateTime(let value) = self { value } else { nil }
    }

    fileprivate var localTimeValue: TOMLTime? {
        if case .localTime(let value) = self { value } else { nil }
    }
}
