/// Why a live `gdrive` pull stopped, when the reason is Drive's own: one sentence that says what to do.
///
/// The access token never appears: messages name the environment variable that holds it, and API messages come
/// here already scrubbed by the `APIClient`. Every case is permanent (exit 1); an API that is down or rate
/// limits past the configured wait stays an `APIError`, which is temporary (exit 75).
public enum GoogleDriveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The variable that should hold the OAuth access token is unset or blank.
    case missingToken(variable: String)
    /// Drive refused the token: 401 (expired, wrong) or a 403 that is not a rate limit (a scope is missing).
    case tokenRefused(variable: String, status: Int, url: String, message: String?)
    /// Drive refused the changes page token the last run saved (notes, B.1 and C.16: a token can be rejected).
    case pageTokenRejected(sourceID: String, token: String, status: Int, message: String?)
    /// An `allDrives` listing that Drive says could not search every drive (`incompleteSearch: true`).
    case incompleteSearch(url: String)
    /// The source's saved checkpoint is not a page token (another source's state under the same id).
    case checkpointNotAPageToken(sourceID: String)
    /// A backfill asked for a time window, which the change feed cannot be cut by.
    case backfillUnsupported

    public var description: String {
        switch self {
        case .missingToken(let variable):
            return "the environment variable \(variable) is not set or is empty; set it to an OAuth access token with "
                + "a Drive scope (drive.metadata.readonly is enough), e.g. \(variable)=$(gcloud auth "
                + "print-access-token) after `gcloud auth login --enable-gdrive-access`, or a service account's token"
        case .tokenRefused(let variable, let status, let url, let message):
            let said = message.map { " (\"\($0)\")" } ?? ""
            let why =
                status == 403
                ? "the token in \(variable) was accepted but lacks a Drive scope (drive.metadata.readonly, "
                    + "drive.readonly or drive) or access to this drive"
                : "the token in \(variable) is missing, wrong or expired (access tokens last about an hour)"
            return "GET \(url) was refused with HTTP \(status)\(said): \(why); set \(variable) to a fresh token, "
                + "e.g. $(gcloud auth print-access-token)"
        case .pageTokenRejected(let sourceID, let token, let status, let message):
            let said = message.map { " (\"\($0)\")" } ?? ""
            return "Drive refused the changes page token '\(token)' saved by the last run of source '\(sourceID)' "
                + "(HTTP \(status)\(said)), so the change feed cannot resume where it stopped: reset the source's "
                + "state (tributary state reset PIPELINE.toml --source \(sourceID)) or run with --full-refresh, "
                + "which starts again from a new token"
        case .incompleteSearch(let url):
            return "\(url): Drive says the listing could not search every drive (incompleteSearch: true), so files "
                + "would be missing; list one shared drive at a time (corpora = \"drive\", drive_id = \"…\") or "
                + "My Drive alone (corpora = \"user\")"
        case .checkpointNotAPageToken(let sourceID):
            return "the saved state of source '\(sourceID)' is not a Drive page token; reset it (tributary state "
                + "reset PIPELINE.toml --source \(sourceID)) or run with --full-refresh"
        case .backfillUnsupported:
            return "a live gdrive source cannot backfill a date range: the Drive change feed has no time filter; run "
                + "with --full-refresh to read everything again"
        }
    }
}
