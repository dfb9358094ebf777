/// Where an API source resumes: the opaque cursor the API handed out, or the latest event time committed.
///
/// The source alone knows what its API resumes from; the runner keeps the value in state and gives it back,
/// never reading it (lessons L15–L17): one value per source, never per-row keys.
public enum ExtractCheckpoint: Sendable, Equatable {
    case cursor(String)
    case watermark(Watermark)
}

/// What a run asks an API source for.
public struct ExtractRequest: Sendable, Equatable {
    /// The committed checkpoint to resume from; nil for the first run, a full refresh and a backfill.
    public var checkpoint: ExtractCheckpoint?
    /// A backfill chunk: events with times in `[from, to)`, epoch seconds, UTC; nil otherwise.
    public var window: ClosedOpenSeconds?
    /// The start (epoch seconds) of the source's restatement window: a source whose provider restates periods
    /// re-reads from here at the latest, whatever the checkpoint says; nil without a window.
    public var restateFrom: Int64?

    public init(checkpoint: ExtractCheckpoint? = nil, window: ClosedOpenSeconds? = nil, restateFrom: Int64? = nil) {
        self.checkpoint = checkpoint
        self.window = window
        self.restateFrom = restateFrom
    }

    /// The earliest event time this request must cover, given the source's configured start: the window's start;
    /// else, resuming from a watermark, its resume point (moved back by the look-back) or the restatement window's
    /// start, whichever is earlier; else (the first run, a full refresh) the configured start.
    public func startSeconds(configuredStart: Int64) -> Int64 {
        if let window { return window.from }
        guard case .watermark(let w)? = checkpoint else { return configuredStart }
        var start = max(configuredStart, w.resumeFrom.seconds)
        if let restateFrom { start = min(start, max(configuredStart, restateFrom)) }
        return start
    }
}

/// `[from, to)` in epoch seconds.
public struct ClosedOpenSeconds: Sendable, Hashable {
    public var from: Int64
    public var to: Int64

    public init(from: Int64, to: Int64) {
        self.from = from
        self.to = to
    }
}

/// A source that resumes from a checkpoint instead of re-reading everything: the paginated API sources.
///
/// Contract: `open(_:)` reads what `request` asks for; when the reader has returned nil, its `checkpoint` is
/// where the next run resumes, and the runner saves it only after the load of everything read has committed.
/// Reading from an earlier point than strictly needed is always safe (the loads are idempotent); skipping is not.
public protocol CheckpointedExtractor: Extractor {
    func open(_ request: ExtractRequest) throws -> any CheckpointedReader
}

extension CheckpointedExtractor {
    public func open() throws -> any ExtractReader { try open(ExtractRequest()) }
}

/// The running side of a `CheckpointedExtractor`.
public protocol CheckpointedReader: ExtractReader {
    /// Where a later run resumes, once every event has been read; nil when the source has nothing to resume from.
    var checkpoint: ExtractCheckpoint? { get }
}
