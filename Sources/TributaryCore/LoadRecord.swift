/// One committed slice of a run, for `_tributary_loads`: a partition a commit replaced, a backfill chunk, or a
/// file an incremental load committed.
public struct LoadRecord: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case partition, chunk, file
    }

    public var runID: String
    public var pipeline: String
    public var mode: String
    public var source: String
    public var kind: Kind
    /// A partition literal, `[2024-01-01, 2024-02-01)`, or a file path.
    public var slice: String
    public var rows: Int

    public init(
        runID: String, pipeline: String, mode: String, source: String, kind: Kind, slice: String, rows: Int
    ) {
        self.runID = runID
        self.pipeline = pipeline
        self.mode = mode
        self.source = source
        self.kind = kind
        self.slice = slice
        self.rows = rows
    }
}
