import TributaryCore
/// How far one source has been loaded and committed.
///
/// Small by design (lesson L15): per-file fingerprints or one cursor or one watermark, never per-row keys;
/// deduplication across the look-back belongs to the destination (ReplacingMergeTree, partition replace).
/// No case has room for credentials: a cursor is the opaque page token the API returned, and a source that puts
/// secrets into its page tokens must not hand them to state.
public enum SourceCheckpoint: Sendable, Equatable {
    /// File sources: the fingerprint of every committed file, keyed by the path as the pipeline spells it.
    case files([String: FileFingerprint])
    /// Paginated APIs that resume from an opaque cursor.
    case cursor(String)
    /// Paginated APIs that resume from an event time, with a look-back.
    case watermark(Watermark)

    /// The name of the case in a state file (`"kind": "files"`).
    public var kind: String {
        switch self {
        case .files: "files"
        case .cursor: "cursor"
        case .watermark: "watermark"
        }
    }
}

extension SourceCheckpoint {
    /// A source's own checkpoint, as state keeps it.
    public init(_ checkpoint: ExtractCheckpoint) {
        switch checkpoint {
        case .cursor(let c): self = .cursor(c)
        case .watermark(let w): self = .watermark(w)
        }
    }

    /// The checkpoint to hand back to an API source; nil for a file source's fingerprints.
    public var extractCheckpoint: ExtractCheckpoint? {
        switch self {
        case .files: nil
        case .cursor(let c): .cursor(c)
        case .watermark(let w): .watermark(w)
        }
    }
}
