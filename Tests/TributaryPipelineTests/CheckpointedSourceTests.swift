import Foundation
import Synchronization
import Testing
import TributaryCore

@testable import TributaryPipeline

/// An API source's checkpoint: handed back to the source on the next run, never on a full refresh, and saved only
/// after the load it covers has committed (lesson L13).
@Suite struct CheckpointedSourceTests {
    /// A source that records what it is asked for and ends at the watermark it is told to.
    final class FakeAPISource: CheckpointedExtractor, @unchecked Sendable {
        let outputSchema = Schema([Field("at", .dateTime, nullable: false), Field("cost", .money)])
        let moneyColumns = ["cost"]
        let requests = Mutex<[ExtractRequest]>([])
        let endsAt: Mutex<Int64>

        init(endsAt: Int64) { self.endsAt = Mutex(endsAt) }

        func open(_ request: ExtractRequest) throws -> any CheckpointedReader {
            requests.withLock { $0.append(request) }
            let at = endsAt.withLock { $0 }
            let batch = RecordBatch(
                schema: outputSchema,
                columns: [Column.make(.dateTime, [.dateTime(at)]), Column.make(.money, [.decimal(ExactDecimal(2))])],
                lineage: Lineage(sourceID: "api", file: "https://api.example/v1/costs?page=1", lines: [1], money: [[2]]))
            return Reader(
                events: [.fileStarted(path: batch.lineage.file), .batch(batch, bytesRead: 10),
                         .fileFinished(path: batch.lineage.file, bytes: 10)],
                end: .watermark(Watermark(maxSeen: ExactTimestamp(seconds: at, nanoseconds: 250), lookbackSeconds: 3600)))
        }

        struct Reader: CheckpointedReader {
            var events: [ExtractEvent]
            let end: ExtractCheckpoint
            var checkpoint: ExtractCheckpoint? { events.isEmpty ? end : nil }
            mutating func next() async throws -> ExtractEvent? { events.isEmpty ? nil : events.removeFirst() }
        }
    }

    func pipeline(_ dir: TempDir, sinkPath: String = "out.tsv", source: FakeAPISource) throws -> CompiledPipeline {
        let file = try dir.write(
            "p.toml",
            """
            version = 1
            [pipeline]
            name = "api"
            state_dir = "state"
            [source]
            id = "api"
            type = "csv"
            paths = ["unused.csv"]
            columns = [{ name = "at", type = "datetime", nullable = false }, { name = "cost", type = "decimal(38,12)", money = true }]
            [sink]
            type = "file"
            path = "\(sinkPath)"
            """)
        var p = try PipelineCompiler(environment: [:]).compile(path: file.path)
        p.extractor = source
        return p
    }

    func run(_ p: CompiledPipeline, _ dir: TempDir, mode: RunMode = .incremental) async -> RunOutcome {
        await PipelineRunner(
            pipeline: p, options: RunOptions(mode: mode, workingDirectory: dir.url.path),
            logger: RunLogger(format: .human, runID: "t", pipeline: "api", sink: { _ in })
        ).run()
    }

    func savedWatermark(_ dir: TempDir) throws -> Watermark? {
        let store = try LocalStateStore(folder: dir.url.appendingPathComponent("state").path, pipeline: "api")
        guard case .watermark(let w)? = try store.load().sources["api"] else { return nil }
        return w
    }

    @Test func theWatermarkIsSavedAfterTheLoadAndHandedBackNextTime() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let source = FakeAPISource(endsAt: 1_735_689_600)
        let p = try pipeline(dir, source: source)
        let first = await run(p, dir)
        #expect(first.error == nil, "\(String(describing: first.error))")
        let saved = try savedWatermark(dir)
        #expect(saved?.maxSeen == ExactTimestamp(seconds: 1_735_689_600, nanoseconds: 250), "exact, never rounded")

        source.endsAt.withLock { $0 = 1_735_776_000 }
        #expect(await run(p, dir).error == nil)
        let asked = source.requests.withLock { $0 }
        #expect(asked.count == 2)
        #expect(asked[0].checkpoint == nil, "the first run starts from the configured start")
        #expect(asked[1].checkpoint == saved.map { .watermark($0) })
        #expect(try savedWatermark(dir)?.maxSeen.seconds == 1_735_776_000)
        // The look-back: the next run starts an hour before the latest event it committed.
        #expect(asked[1].startSeconds(configuredStart: 0) == 1_735_689_600 - 3600)

        #expect(await run(p, dir, mode: .fullRefresh).error == nil)
        #expect(source.requests.withLock { $0 }.last?.checkpoint == nil, "a full refresh reads everything")
    }

    @Test func aLoadThatFailsLeavesTheCheckpointWhereItWas() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let source = FakeAPISource(endsAt: 1_735_689_600)
        #expect(await run(try pipeline(dir, source: source), dir).error == nil)
        source.endsAt.withLock { $0 = 1_800_000_000 }
        _ = try dir.write("blocked", "a file where the sink's folder should be")
        let failed = await run(try pipeline(dir, sinkPath: "blocked/out.tsv", source: source), dir)
        #expect(failed.error != nil)
        #expect(try savedWatermark(dir)?.maxSeen.seconds == 1_735_689_600)
    }

    @Test func theRequestStartsAtTheEarlierOfLookBackAndRestatement() {
        let w = Watermark(maxSeen: ExactTimestamp(seconds: 10_000), lookbackSeconds: 1000)
        #expect(ExtractRequest(checkpoint: .watermark(w)).startSeconds(configuredStart: 0) == 9000)
        #expect(ExtractRequest(checkpoint: .watermark(w), restateFrom: 5000).startSeconds(configuredStart: 0) == 5000)
        #expect(ExtractRequest(checkpoint: .watermark(w), restateFrom: 9500).startSeconds(configuredStart: 0) == 9000)
        #expect(ExtractRequest(checkpoint: .watermark(w)).startSeconds(configuredStart: 9800) == 9800)
        #expect(ExtractRequest(restateFrom: 5000).startSeconds(configuredStart: 100) == 100, "a first run reads all")
        #expect(
            ExtractRequest(checkpoint: .watermark(w), window: ClosedOpenSeconds(from: 1, to: 2))
                .startSeconds(configuredStart: 0) == 1)
    }
}
