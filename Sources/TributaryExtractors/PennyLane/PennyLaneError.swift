import TributaryCore

/// Why a live PennyLane read cannot go on, with what the user should run instead.
///
/// PennyLane keeps changelog events for four weeks and refuses an older `start_date` with 422 (notes A.3,
/// C.14); its cursors are short-lived and refused with 400 once expired. Both leave a gap an incremental run
/// cannot fill, and both are fixed the same way: list everything again with `--full-refresh`, which `pipeline`
/// (the pipeline file) names so that the message can be pasted.
public enum PennyLaneError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The committed changelog position is older than the retention: known before any request is made.
    case changelogExpired(resource: String, lastProcessed: ExactTimestamp, pipeline: String)
    /// The changelog refused the start date (400 or 422).
    case changelogRefused(url: String, status: Int, message: String?, startDate: String, pipeline: String)
    /// A paging cursor was refused (400): expired or invalid.
    case cursorRefused(url: String, status: Int, message: String?, pipeline: String)

    /// `tributary run <pipeline> --full-refresh`.
    static func fullRefresh(_ pipeline: String) -> String { "tributary run \(pipeline) --full-refresh" }

    public var description: String {
        switch self {
        case .changelogExpired(let resource, let last, let pipeline):
            return "the last PennyLane \(resource) change this pipeline committed was processed at \(last) UTC, more "
                + "than 4 weeks ago, and PennyLane keeps changelogs for 4 weeks only: the changes since then cannot "
                + "be read incrementally; run `\(Self.fullRefresh(pipeline))` to list everything again"
        case .changelogRefused(let url, let status, let message, let start, let pipeline):
            return "GET \(url) was refused with HTTP \(status)\(APIError.quoted(message)): PennyLane refuses a "
                + "changelog start_date (\(start)) older than its 4-week retention; run "
                + "`\(Self.fullRefresh(pipeline))` to list everything again"
        case .cursorRefused(let url, let status, let message, let pipeline):
            return "GET \(url) was refused with HTTP \(status)\(APIError.quoted(message)): PennyLane's paging "
                + "cursors are short-lived and this one is invalid or expired; run again (a run pages afresh), and "
                + "if it keeps failing, `\(Self.fullRefresh(pipeline))`"
        }
    }
}
