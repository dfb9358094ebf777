/// How far a backfill has committed, so that running the same backfill again resumes at its first
/// uncommitted chunk.
public struct BackfillProgress: Sendable, Hashable {
    public var range: BackfillRange
    /// The end (exclusive, days since 1970-01-01) of the last committed chunk; `range.from` when none is.
    public var doneThrough: Int64

    public init(range: BackfillRange, doneThrough: Int64) {
        self.range = range
        self.doneThrough = doneThrough
    }

    /// The chunks not yet committed.
    public var remaining: [DayWindow] { range.chunks.filter { $0.from >= doneThrough } }
}
