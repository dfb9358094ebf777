import Foundation
import Testing
import TributaryCore

@testable import TributaryPipeline

@Suite struct PipelineStateTests {
    struct CorruptCase: CustomTestStringConvertible {
        var name: String
        var text: String
        var detail: String
        var testDescription: String { name }
    }

    static let good = LocalStateStoreTests.sample().jsonText()

    static let cases: [CorruptCase] = [
        CorruptCase(
            name: "bad JSON", text: "{\"format_version\": 1,", detail: "it is not valid JSON (line 1, column 22"),
        CorruptCase(name: "not an object", text: "[]", detail: "expected a JSON object, found an array"),
        CorruptCase(
            name: "newer version",
            text: good.replacingOccurrences(of: "\"format_version\": 1", with: "\"format_version\": 2"),
            detail: "format_version is 2, and this build reads only version 1"),
        CorruptCase(
            name: "version as text", text: #"{"format_version": "1"}"#,
            detail: "format_version: expected an integer, found a string"),
        CorruptCase(
            name: "other pipeline", text: good.replacingOccurrences(of: "\"demo\"", with: "\"other\""),
            detail: "it belongs to pipeline \"other\", not \"demo\""),
        CorruptCase(
            name: "size as text",
            text: good.replacingOccurrences(of: "\"size\": 1048576", with: "\"size\": \"1048576\""),
            detail: "sources[\"aws_cur\"].files[\"exports/2024-07.csv\"].size: expected an integer, found a string"),
        CorruptCase(
            name: "fractional count",
            text: good.replacingOccurrences(of: "\"rows_read\": 10", with: "\"rows_read\": 10.0"),
            detail: "runs[0].rows_read: expected an integer, found 10.0"),
        CorruptCase(
            name: "nanoseconds out of range",
            text: good.replacingOccurrences(of: "\"nanoseconds\":999999999", with: "\"nanoseconds\":1000000000"),
            detail: "nanoseconds: 1000000000 is out of range 0...999999999"),
        CorruptCase(
            name: "unknown field",
            text: good.replacingOccurrences(of: "\"runs\": [", with: "\"password\": \"x\",\n  \"runs\": ["),
            detail: "unknown field \"password\""),
        CorruptCase(
            name: "unknown kind", text: good.replacingOccurrences(of: "\"kind\":\"cursor\"", with: "\"kind\":\"rows\""),
            detail: "sources[\"vendor\"].kind: expected \"files\", \"cursor\" or \"watermark\", found \"rows\""),
        CorruptCase(
            name: "missing field", text: good.replacingOccurrences(of: "\"mode\": \"incremental\",", with: ""),
            detail: "runs[0]: missing field \"mode\""),
        CorruptCase(
            name: "duplicate field",
            text: good.replacingOccurrences(of: "\"mode\": \"incremental\"", with: "\"mode\": \"a\", \"mode\": \"b\""),
            detail: "runs[0]: field \"mode\" appears twice"),
        CorruptCase(
            name: "bad hash", text: good.replacingOccurrences(of: String(repeating: "ab", count: 32), with: "abc"),
            detail: "sha256: expected 64 lower-case hex digits, found \"abc\""),
    ]

    @Test func casesReallyEditTheDocument() {
        for c in Self.cases { #expect(c.text != Self.good, "\(c.name) did not change the document") }
    }

    @Test(arguments: cases) func corruptStateIsRefusedWithTheWayOut(_ c: CorruptCase) throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("demo.state.json", c.text)
        let store = try LocalStateStore(folder: dir.path, pipeline: "demo")
        let error = #expect(throws: StateError.self) { try store.load() }
        guard case .corrupt(let path, let pipeline, let detail) = error else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
        #expect(path == store.path)
        #expect(pipeline == "demo")
        #expect(detail.contains(c.detail), "\(detail)")
        let message = error?.description ?? ""
        #expect(message.hasPrefix("state file \(store.path) was refused: "))
        #expect(message.contains("Run `tributary state reset demo` to discard it"))
        #expect(message.contains("the next run will then reprocess everything"))
    }

    @Test func runsKeepOnlyTheLastTwenty() {
        var state = PipelineState(pipeline: "demo")
        for i in 0..<25 {
            state.record(
                run: RunRecord(
                    runID: "r\(i)", mode: "batch", status: "succeeded", startedAt: ExactTimestamp(seconds: Int64(i)),
                    finishedAt: ExactTimestamp(seconds: Int64(i)), rowsRead: 0, rowsLoaded: 0))
        }
        #expect(state.runs.count == PipelineState.maxRuns)
        #expect(state.runs.first?.runID == "r5")
        #expect(state.runs.last?.runID == "r24")
    }

    @Test func committingFilesMergesAndPruningForgets() {
        var state = PipelineState(pipeline: "demo")
        var a = LocalStateStoreTests.fingerprint
        a.path = "a.csv"
        var b = a
        b.path = "b.csv"
        state.commitFiles(source: "s", [a])
        state.commitFiles(source: "s", [b])
        #expect(state.fingerprint(source: "s", path: "a.csv") == a)
        #expect(state.fingerprint(source: "s", path: "b.csv") == b)
        state.pruneFiles(source: "s", keeping: ["b.csv"])
        #expect(state.fingerprint(source: "s", path: "a.csv") == nil)
        #expect(state.fingerprint(source: "s", path: "b.csv") == b)
    }

    @Test func timestampsPrintAllNineDigits() {
        #expect(ExactTimestamp(seconds: 1_719_792_000, nanoseconds: 5).description == "2024-07-01 00:00:00.000000005")
    }
}
