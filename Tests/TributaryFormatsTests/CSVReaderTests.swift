import Testing

@testable import TributaryFormats

struct CSVReaderTests {
    /// One framing case: input text and the records it must give.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var records: [FramedRecordSpec]
        var delimiter: UInt8 = UInt8(ascii: ",")
        var testDescription: String { name }
    }

    /// `FramedRecord` is not Sendable-friendly as an argument; this is its plain description.
    struct FramedRecordSpec: Sendable {
        var line: Int
        var fields: [String]
        var issue: CSVRecordIssue?
        init(_ line: Int, _ fields: [String], _ issue: CSVRecordIssue? = nil) {
            self.line = line
            self.fields = fields
            self.issue = issue
        }
        var record: FramedRecord { FramedRecord(line: line, fields, issue: issue) }
    }

    static let cases: [Case] = [
        Case(
            name: "plain LF", input: "a,b,c\n1,2,3\n",
            records: [.init(1, ["a", "b", "c"]), .init(2, ["1", "2", "3"])]),
        Case(name: "no final newline", input: "a,b\n1,2", records: [.init(1, ["a", "b"]), .init(2, ["1", "2"])]),
        Case(name: "CRLF", input: "a,b\r\n1,2\r\n", records: [.init(1, ["a", "b"]), .init(2, ["1", "2"])]),
        Case(name: "CR at end of input", input: "a,b\r", records: [.init(1, ["a", "b"])]),
        Case(name: "quoted delimiter", input: "\"a,b\",c\n", records: [.init(1, ["a,b", "c"])]),
        Case(
            name: "doubled quotes", input: "\"he said \"\"hi\"\"\",x\n\"\"\"\"\n",
            records: [.init(1, ["he said \"hi\"", "x"]), .init(2, ["\""])]),
        Case(
            name: "newlines inside quotes keep line numbers", input: "\"l1\nl2\nl3\",x\ny,z\n\"a\r\nb\",c\nlast",
            records: [
                .init(1, ["l1\nl2\nl3", "x"]), .init(4, ["y", "z"]), .init(5, ["a\r\nb", "c"]), .init(7, ["last"]),
            ]),
        Case(name: "empty fields", input: ",,\n", records: [.init(1, ["", "", ""])]),
        Case(
            name: "empty quoted field is a record", input: "\"\"\n\"\",a\n",
            records: [.init(1, [""]), .init(2, ["", "a"])]),
        Case(name: "trailing delimiter at end of input", input: "a,", records: [.init(1, ["a", ""])]),
        Case(
            name: "blank lines are skipped but counted", input: "a\n\n\r\nb\n\n",
            records: [.init(1, ["a"]), .init(4, ["b"])]),
        Case(
            name: "quote inside an unquoted field is data", input: "ab\"c,d\"\n",
            records: [.init(1, ["ab\"c", "d\""])]),
        Case(name: "lone CR inside a field is data", input: "a\rb,c\n", records: [.init(1, ["a\rb", "c"])]),
        Case(
            name: "quoted fields then CRLF", input: "\"a\"\r\n\"b\",\"c\"\r\n",
            records: [.init(1, ["a"]), .init(2, ["b", "c"])]),
        Case(
            name: "text after a closing quote", input: "\"a\"b,c\nd,e\n",
            records: [.init(1, ["a", "c"], .textAfterClosingQuote(field: 0)), .init(2, ["d", "e"])]),
        Case(
            name: "unterminated quote at end of input", input: "a,b\n\"c,d\ne",
            records: [.init(1, ["a", "b"]), .init(2, ["c,d\ne"], .unterminatedQuote(line: 2))]),
        Case(
            name: "unterminated quote after a multi-line field", input: "\"x\ny\",1\n2,\"op\"\"en\n",
            records: [.init(1, ["x\ny", "1"]), .init(3, ["2", "op\"en\n"], .unterminatedQuote(line: 3))]),
        Case(name: "byte order mark", input: "\u{FEFF}a,b\n", records: [.init(1, ["a", "b"])]),
        Case(name: "only a byte order mark", input: "\u{FEFF}", records: []),
        Case(name: "empty input", input: "", records: []),
        Case(
            name: "tab delimiter", input: "a\tb,c\n\"x\ty\"\t2\n",
            records: [.init(1, ["a", "b,c"]), .init(2, ["x\ty", "2"])],
            delimiter: UInt8(ascii: "\t")),
        Case(
            name: "semicolon delimiter", input: "a;\"b;c\"\n", records: [.init(1, ["a", "b;c"])],
            delimiter: UInt8(ascii: ";")),
        Case(
            name: "long fields across blocks",
            input: String(repeating: "x", count: 200) + ",\"" + String(repeating: "y\"\"", count: 70) + "\"\n",
            records: [.init(1, [String(repeating: "x", count: 200), String(repeating: "y\"", count: 70)])]),
    ]

    @Test(arguments: cases)
    func framesRFC4180(_ testCase: Case) throws {
        let bytes = Array(testCase.input.utf8)
        let expected = testCase.records.map(\.record)
        #expect(try frame(bytes, delimiter: testCase.delimiter) == expected)
    }

    @Test(arguments: cases)
    func everyChunkingAndBufferSizeGivesTheSameRecords(_ testCase: Case) throws {
        let bytes = Array(testCase.input.utf8)
        let expected = testCase.records.map(\.record)
        for schedule in chunkSchedules() {
            for bufferSize in [4, 5, 9, 64, 1 << 20] {
                let got = try frame(bytes, chunkSizes: schedule, bufferSize: bufferSize, delimiter: testCase.delimiter)
                #expect(got == expected, "schedule \(schedule.prefix(4)), buffer \(bufferSize)")
            }
        }
    }

    @Test func largeGeneratedFileFramesIdenticallyUnderRandomSplits() throws {
        var rng = SplitMix(seed: 42)
        var text = ""
        var expected: [FramedRecord] = []
        var line = 1
        let alphabet = Array("ab,\"\n\r é;x")
        for _ in 0..<300 {
            var fields: [String] = []
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let field = String(
                    (0..<Int.random(in: 0...30, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
                fields.append(field)
            }
            if fields == [""] { fields = ["-"] }
            let encoded = fields.map { f -> String in
                f.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
                    ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
            }
            text += encoded.joined(separator: ",") + (Bool.random(using: &rng) ? "\r\n" : "\n")
            expected.append(FramedRecord(line: line, fields))
            line += 1 + fields.reduce(0) { $0 + $1.utf8.filter { $0 == 0x0A }.count }
        }
        let bytes = Array(text.utf8)
        let got = try frame(bytes)
        if let k = got.indices.first(where: { $0 >= expected.count || got[$0] != expected[$0] }) {
            Issue.record("first difference at record \(k): \(got[k]) vs \(expected[k])")
        }
        #expect(got == expected)
        for seed in 1...4 as ClosedRange<UInt64> {
            var splits = SplitMix(seed: seed)
            let schedule = (0..<50).map { _ in Int.random(in: 1...200, using: &splits) }
            #expect(try frame(bytes, chunkSizes: schedule, bufferSize: 16) == expected)
        }
    }

    @Test func invalidUTF8IsFramedAsBytes() throws {
        let bytes: [UInt8] = Array("a,".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        let records = try frame(bytes)
        #expect(records.count == 1)
        #expect(records.first?.fields == [Array("a".utf8), [0xFF, 0xFE]])
    }

    @Test func recordLongerThanTheLimitIsAnError() throws {
        let bytes = Array(("ok\n\"" + String(repeating: "z", count: 100)).utf8)
        #expect(throws: FormatsError.recordTooLarge(.init(file: "test.csv", line: 2), limit: 32)) {
            _ = try frame(bytes, bufferSize: 8, maxRecordBytes: 32)
        }
    }

    @Test func readerReportsTheNextLineAndBytesConsumed() throws {
        let reader = CSVReader(source: MemoryByteSource("a\n\"b\nc\"\nd\n"), path: "x.csv")
        #expect(reader.line == 1)
        _ = try reader.next()
        _ = try reader.next()
        #expect(reader.line == 4)
        #expect(try reader.next()?.string(at: 0) == "d")
        #expect(try reader.next() == nil)
        #expect(reader.bytesConsumed == 10)
        #expect(reader.path == "x.csv")
    }
}
