import Foundation
import TributaryCore

/// `tributary state show` and `tributary state reset`: what a pipeline has committed, and forgetting it.
///
/// Both read the state through the pipeline's own store, so they see exactly what the next run will see, and
/// refuse a damaged state file the same way a run does. `reset` takes the pipeline's lock first: forgetting state
/// under a run that is about to save it would be undone, or worse, half undone.
public struct StateInspector: Sendable {
    public let pipeline: CompiledPipeline
    public let workingDirectory: String

    public init(pipeline: CompiledPipeline, workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.pipeline = pipeline
        self.workingDirectory = workingDirectory
    }

    /// What `show` prints: a readable report, or the stored document itself.
    public struct Report: Sendable {
        public var text: String
        public var json: String
    }

    public func show() async throws -> Report {
        let store = try pipeline.makeStateStore(workingDirectory: workingDirectory)
        let state = try await store.load()
        return Report(text: Self.render(state, storedAt: Self.location(of: store)), json: state.jsonText())
    }

    /// Forgets the checkpoint of `source`, or all state; returns the sentence to print.
    public func reset(source: String?) async throws -> String {
        let lock = try PipelineLock.acquire(
            pipeline: pipeline.settings.name, folder: pipeline.stateDirectory(workingDirectory: workingDirectory))
        defer { lock.release() }
        let store = try pipeline.makeStateStore(workingDirectory: workingDirectory)
        try await store.reset(source: source)
        if let source {
            return "state of source \(source) in \(pipeline.settings.name) forgotten: the next run reads all of it again"
        }
        return "state of \(pipeline.settings.name) reset: the next run reprocesses everything, replacing what it covers"
    }

    static func location(of store: any StateStore) -> String {
        if let local = store as? LocalStateStore { return local.path }
        if let shared = store as? ClickHouseStateStore { return shared.location }
        return String(describing: type(of: store))
    }

    /// The report: sources with their checkpoints, an unfinished backfill, and the recent runs, newest first.
    static func render(_ state: PipelineState, storedAt location: String) -> String {
        var lines = ["pipeline \(state.pipeline): state in \(location)"]
        if state.sources.isEmpty && state.backfill == nil && state.runs.isEmpty {
            lines.append("nothing committed yet: the next run reads every input")
            return lines.joined(separator: "\n")
        }
        for id in state.sources.keys.sorted() {
            guard let checkpoint = state.sources[id] else { continue }
            switch checkpoint {
            case .files(let files):
                lines.append("source \(id): \(files.count) file(s) committed")
                for path in files.keys.sorted() {
                    guard let f = files[path] else { continue }
                    var line = "  \(path)  \(f.size) bytes  modified \(CivilTime.formatDateTime(epochSeconds: f.modified.seconds))"
                    line += "  sha256 \(f.sha256.prefix(12))"
                    if let days = f.coverage.days {
                        line += "  rows dated \(CivilTime.formatDate(days: days.lowerBound))"
                            + "…\(CivilTime.formatDate(days: days.upperBound))"
                    }
                    if !f.coverage.slices.isEmpty { line += "  partitions \(f.coverage.slices.joined(separator: " "))" }
                    lines.append(line)
                }
            case .cursor(let cursor):
                lines.append("source \(id): cursor \(cursor) (the next run resumes from it)")
            case .watermark(let w):
                lines.append(
                    "source \(id): watermark \(w.maxSeen) (the latest event committed), look-back \(w.lookbackSeconds) s: "
                        + "the next run reads from \(w.resumeFrom)")
            }
        }
        if let b = state.backfill {
            let chunks = b.range.chunks
            let done = chunks.count - b.remaining.count
            lines.append(
                "backfill \(b.range.description): \(done) of \(chunks.count) chunk(s) committed, through "
                    + "\(CivilTime.formatDate(days: b.doneThrough)); running it again resumes there")
        }
        if !state.runs.isEmpty {
            lines.append("recent runs (newest first):")
            for r in state.runs.reversed() {
                lines.append(
                    "  \(r.runID)  \(r.mode)  \(r.status)  started \(CivilTime.formatDateTime(epochSeconds: r.startedAt.seconds))"
                        + "  \(r.finishedAt.seconds - r.startedAt.seconds) s  \(r.rowsRead) read, \(r.rowsLoaded) loaded")
            }
        }
        return lines.joined(separator: "\n")
    }
}
