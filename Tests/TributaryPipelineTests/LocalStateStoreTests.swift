import Foundation
import Testing
import TributaryCore
import TributaryFormats

@testable import TributaryPipeline

@Suite struct LocalStateStoreTests {
    static let fingerprint = FileFingerprint(
        path: "exports/2024-07.csv",
        fileStat: FileStat(
            size: 1_048_576, modified: ExactTimestamp(seconds: 1_719_792_000, nanoseconds: 123_456_789),
            statusChanged: ExactTimestamp(seconds: 1_719_792_001, nanoseconds: 1)),
        sha256: String(repeating: "ab", count: 32),
        observedAt: ExactTimestamp(seconds: 1_719_800_000, nanoseconds: 999_999_999))

    static func sample() -> PipelineState {
        var state = PipelineState(pipeline: "demo")
        state.commitFiles(source: "aws_cur", [fingerprint])
        state.setCheckpoint(.cursor("page-token-42"), source: "vendor")
        state.setCheckpoint(
            .watermark(
                Watermark(
                    maxSeen: ExactTimestamp(seconds: 1_719_792_000, nanoseconds: 999_999_999), lookbackSeconds: 86_400)),
            source: "stripe")
        state.record(
            run: RunRecord(
                runID: "r1", mode: "incremental", status: "succeeded",
                startedAt: ExactTimestamp(seconds: 1_719_800_000, nanoseconds: 5),
                finishedAt: ExactTimestamp(seconds: 1_719_800_010, nanoseconds: 6), rowsRead: 10, rowsLoaded: 9))
        return state
    }

    @Test func missingFileIsEmptyState() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let state = try LocalStateStore(folder: dir.path, pipeline: "demo").load()
        #expect(state == PipelineState(pipeline: "demo"))
    }

    @Test func roundTrip() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let store = try LocalStateStore(folder: dir.path, pipeline: "demo")
        try store.save(Self.sample())
        #expect(try store.load() == Self.sample())
        #expect(store.path == dir.path + "/demo.state.json")
        // Stable text: saving what was loaded writes the same bytes.
        let first = try dir.read("demo.state.json")
        try store.save(try store.load())
        #expect(try dir.read("demo.state.json") == first)
    }

    /// The watermark survives to the nanosecond, and the look-back is subtracted exactly.
    @Test func watermarkIsStoredExactly() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let store = try LocalStateStore(folder: dir.path, pipeline: "demo")
        try store.save(Self.sample())
        #expect(try dir.read("demo.state.json").contains(#"{"seconds":1719792000,"nanoseconds":999999999}"#))
        guard case .watermark(let w) = try store.load().sources["stripe"] else {
            Issue.record("no watermark")
            return
        }
        #expect(w.maxSeen == ExactTimestamp(seconds: 1_719_792_000, nanoseconds: 999_999_999))
        #expect(w.resumeFrom == ExactTimestamp(seconds: 1_719_705_600, nanoseconds: 999_999_999))
        var later = w
        later.advance(to: ExactTimestamp(seconds: 1_719_792_000, nanoseconds: 999_999_998))
        #expect(later == w)
        later.advance(to: ExactTimestamp(seconds: 1_719_792_001, nanoseconds: 0))
        #expect(later.maxSeen == ExactTimestamp(seconds: 1_719_792_001, nanoseconds: 0))
    }

    @Test func savingLeavesNoTemporaryFilesAndRemovesStaleOnes() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let store = try LocalStateStore(folder: dir.path, pipeline: "demo")
        try dir.write(".demo.state.json.tmp-999-1", "left by a crash")
        try dir.write(".other.state.json.tmp-999-1", "another pipeline's")
        for _ in 0..<3 { try store.save(Self.sample()) }
        #expect(try dir.listing() == [".other.state.json.tmp-999-1", "demo.state.json"])
    }

    /// A crash after the temporary file is written but before the rename leaves the previous state whole.
    @Test func failureBeforeRenameKeepsThePreviousState() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        var store = try LocalStateStore(folder: dir.path, pipeline: "demo")
        try store.save(PipelineState(pipeline: "demo"))
        let before = try dir.read("demo.state.json")
        struct Crash: Error {}
        store.beforeRename = { _ in throw Crash() }
        #expect(throws: StateError.self) { try store.save(Self.sample()) }
        #expect(try dir.read("demo.state.json") == before)
        #expect(try dir.listing() == ["demo.state.json"])
        #expect(try store.load() == PipelineState(pipeline: "demo"))
    }

    @Test func failedRenameThrowsAndCleansUp() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try FileManager.default.createDirectory(
            atPath: dir.file("demo.state.json/x"), withIntermediateDirectories: true)
        let store = try LocalStateStore(folder: dir.path, pipeline: "demo")
        let error = #expect(throws: StateError.self) { try store.save(Self.sample()) }
        #expect(error?.description.hasPrefix("cannot replace the state file") == true)
        #expect(try dir.listing() == ["demo.state.json"])
    }

    /// A folder under a regular file can be created by nobody, root included.
    @Test func folderThatCannotBeCreatedIsNotWritable() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("file.txt", "x")
        let store = try LocalStateStore(folder: dir.file("file.txt/state"), pipeline: "demo")
        let error = #expect(throws: StateError.self) { try store.checkWritable() }
        guard case .folderNotWritable(let path, let reason) = error else {
            Issue.record("expected folderNotWritable, got \(String(describing: error))")
            return
        }
        #expect(path == dir.file("file.txt/state"))
        #expect(reason.contains("Not a directory"))
        #expect(throws: StateError.self) { try store.save(Self.sample()) }
    }

    @Test func checkWritableCreatesTheFolderAndLeavesNothing() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let store = try LocalStateStore(folder: dir.file("a/b/state"), pipeline: "demo")
        try store.checkWritable()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("a/b/state")) == [])
    }

    @Test func resetAllRemovesEvenACorruptFile() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let store = try LocalStateStore(folder: dir.path, pipeline: "demo")
        try dir.write("demo.state.json", "{oops")
        try store.reset(source: nil)
        #expect(try store.load() == PipelineState(pipeline: "demo"))
        try store.reset(source: nil)  // nothing to remove is fine
    }

    @Test func resetOneSourceKeepsTheOthers() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let store = try LocalStateStore(folder: dir.path, pipeline: "demo")
        try store.save(Self.sample())
        try store.reset(source: "vendor")
        let state = try store.load()
        #expect(state.sources.keys.sorted() == ["aws_cur", "stripe"])
        #expect(state.runs == Self.sample().runs)
        let error = #expect(throws: StateError.self) { try store.reset(source: "nope") }
        #expect(
            error?.description == "pipeline demo has no state for source \"nope\"; sources with state: aws_cur, stripe")
    }

    @Test(arguments: ["", ".hidden", "a/b", "../x", "name with space"])
    func pipelineNamesThatCannotNameAFileAreRefused(_ name: String) {
        #expect(throws: StateError.invalidPipelineName(name)) { try LocalStateStore(folder: "/tmp", pipeline: name) }
    }

    /// Every key in the file is one the format defines (source ids and file paths aside): there is no place
    /// where a password or token could be written.
    @Test func stateFileHoldsOnlyKnownKeys() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let store = try LocalStateStore(folder: dir.path, pipeline: "demo")
        try store.save(Self.sample())
        let document = try JSONParser.parse(try dir.read("demo.state.json"))
        var keys: Set<String> = []
        func collect(_ value: JSONValue, namesAreData: Bool) {
            switch value {
            case .object(let object):
                for (key, child) in object.members {
                    if !namesAreData { keys.insert(key) }
                    collect(child, namesAreData: !namesAreData && (key == "sources" || key == "files"))
                }
            case .array(let elements): for e in elements { collect(e, namesAreData: false) }
            default: break
            }
        }
        collect(document, namesAreData: false)
        #expect(
            keys == [
                "format_version", "pipeline", "sources", "runs", "kind", "files", "size", "modified", "status_changed",
                "sha256", "observed_at", "seconds", "nanoseconds", "cursor", "max_seen", "lookback_seconds", "run_id",
                "mode", "status", "started_at", "finished_at", "rows_read", "rows_loaded",
            ])
        #expect(keys.allSatisfy { !SecretPolicy().isSecret($0) })
    }
}
