import TributaryCore
/// One line of a pipeline's recent history, kept in state for `tributary status` and for post-mortems.
///
/// Counts only: no error text, which could quote a URL or a header, and no per-row data.
public struct RunRecord: Sendable, Hashable {
    public var runID: String
    /// `incremental`, `full_refresh`, `backfill`, `batch` or `dry_run`.
    public var mode: String
    /// `succeeded`, `failed`, `rejects_exceeded` or `dry_run` (`RunSummary.Status`).
    public var status: String
    public var startedAt: ExactTimestamp
    public var finishedAt: ExactTimestamp
    public var rowsRead: Int64
    public var rowsLoaded: Int64

    public init(
        runID: String, mode: String, status: String, startedAt: ExactTimestamp, finishedAt: ExactTimestamp,
        rowsRead: Int64, rowsLoaded: Int64
    ) {
        self.runID = runID
        self.mode = mode
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.rowsRead = rowsRead
        self.rowsLoaded = rowsLoaded
    }
}
