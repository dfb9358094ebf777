/// Everything a pipeline remembers between runs: per-source checkpoints and the last few runs.
///
/// The contract with the runner: a checkpoint is changed (`commitFiles`, `setCheckpoint`) only after the load it
/// covers has committed in the destination, and the state is saved last (lesson L13). A crash in between
/// re-runs that slice, which the idempotent load absorbs.
///
///     var state = try store.load()
///     … load the changed files, and only once the sink has committed: …
///     state.commitFiles(source: "aws_cur", checks.map(\.fingerprint))
///     state.record(run: RunRecord(…))
///     try store.save(state)
public struct PipelineState: Sendable, Equatable {
    /// The state file format this build writes and reads.
    public static let formatVersion: Int64 = 1
    /// How many runs `runs` keeps.
    public static let maxRuns = 20

    public var pipeline: String
    /// Checkpoints keyed by source id.
    public var sources: [String: SourceCheckpoint]
    /// Oldest first, at most `maxRuns`.
    public private(set) var runs: [RunRecord]
    /// The backfill under way, if one was interrupted or is running.
    public var backfill: BackfillProgress?

    /// Empty state: what a pipeline has before its first run, or after `state reset`.
    public init(
        pipeline: String, sources: [String: SourceCheckpoint] = [:], runs: [RunRecord] = [],
        backfill: BackfillProgress? = nil
    ) {
        self.pipeline = pipeline
        self.sources = sources
        self.runs = Array(runs.suffix(Self.maxRuns))
        self.backfill = backfill
    }

    /// Appends `run`, dropping the oldest beyond `maxRuns`.
    public mutating func record(run: RunRecord) {
        runs.append(run)
        if runs.count > Self.maxRuns { runs.removeFirst(runs.count - Self.maxRuns) }
    }

    /// The fingerprints committed for file source `source`, by path; empty when it has none.
    public func files(source: String) -> [String: FileFingerprint] {
        guard case .files(let files) = sources[source] else { return [:] }
        return files
    }

    /// The fingerprint committed for `path` of file source `source`.
    public func fingerprint(source: String, path: String) -> FileFingerprint? {
        guard case .files(let files) = sources[source] else { return nil }
        return files[path]
    }

    /// Records `fingerprints` as committed for file source `source`, keeping its other files. A source that had a
    /// cursor or watermark becomes a file source.
    public mutating func commitFiles(source: String, _ fingerprints: [FileFingerprint]) {
        var files: [String: FileFingerprint] = [:]
        if case .files(let existing) = sources[source] { files = existing }
        for fingerprint in fingerprints { files[fingerprint.path] = fingerprint }
        sources[source] = .files(files)
    }

    /// Forgets the files of `source` that are not in `paths` (deleted or moved out of the glob), so that state
    /// does not grow with every file ever seen.
    public mutating func pruneFiles(source: String, keeping paths: Set<String>) {
        guard case .files(let files) = sources[source] else { return }
        sources[source] = .files(files.filter { paths.contains($0.key) })
    }

    /// Replaces the checkpoint of `source` (a cursor or watermark after its load committed).
    public mutating func setCheckpoint(_ checkpoint: SourceCheckpoint, source: String) {
        sources[source] = checkpoint
    }
}
