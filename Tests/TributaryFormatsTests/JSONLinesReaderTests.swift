import Testing

@testable import TributaryFormats

struct JSONLinesReaderTests {
    static let text = "{\"a\":1}\r\n\n   \n{\"a\":2.50}\n{bad\n[1,2]\n\u{FEFF}x\n{\"s\":\"é\"}"

    func read(_ bytes: [UInt8], chunkSizes: [Int] = [Int.max], bufferSize: Int = 1 << 20) throws -> [JSONLinesRecord] {
        let reader = JSONLinesReader(
            source: MemoryByteSource(bytes, chunkSizes: chunkSizes), path: "l.jsonl",
            configuration: .init(bufferSize: bufferSize))
        var records: [JSONLinesRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    @Test func readsObjectsSkipsBlankLinesAndReportsBadLines() throws {
        let records = try read(Array(Self.text.utf8))
        #expect(records.map(\.line) == [1, 4, 5, 6, 7, 8])
        #expect(records[0] == .value(.object(JSONObject([("a", .number("1"))])), line: 1))
        #expect(records[1] == .value(.object(JSONObject([("a", .number("2.50"))])), line: 4))
        guard case .invalid(let error, 5, let text) = records[2] else {
            Issue.record("line 5 should be invalid: \(records[2])")
            return
        }
        #expect(text == "{bad")
        #expect(error.column == 2)
        #expect(error.message == "expected a string key in an object, found 'b'")
        #expect(records[3] == .value(.array([.number("1"), .number("2")]), line: 6))
        guard case .invalid(_, 7, _) = records[4] else {
            Issue.record("a byte order mark inside the file is not JSON: \(records[4])")
            return
        }
        #expect(records[5] == .value(.object(JSONObject([("s", .string("é"))])), line: 8))
    }

    @Test func everyChunkingGivesTheSameRecords() throws {
        let bytes = Array(Self.text.utf8)
        let expected = try read(bytes)
        for schedule in chunkSchedules() {
            for bufferSize in [4, 7, 64] {
                #expect(try read(bytes, chunkSizes: schedule, bufferSize: bufferSize) == expected)
            }
        }
    }

    @Test func leadingByteOrderMarkIsSkipped() throws {
        #expect(try read(Array("\u{FEFF}{}\n".utf8)) == [.value(.object(JSONObject()), line: 1)])
    }

    @Test func overlongLineIsAnError() {
        let bytes = Array(("{}\n" + String(repeating: " ", count: 100) + "{}").utf8)
        let reader = JSONLinesReader(
            source: MemoryByteSource(bytes), path: "l.jsonl", configuration: .init(bufferSize: 8, maxLineBytes: 32))
        #expect(throws: FormatsError.recordTooLarge(.init(file: "l.jsonl", line: 2), limit: 32)) {
            while try reader.next() != nil {}
        }
    }
}
