import TributaryCore
import TributaryFormats

/// Why an API request or a page of its answer could not be used: one sentence a user can act on.
///
/// URLs are redacted (`APIURL.redacted`): no user information, no secret query values. Authentication failures
/// name the environment variable that holds the credential, never its value; API messages are scrubbed of it
/// before they get here. `isTemporary` says whether running again later may succeed (the CLI exits 75), as
/// for an API that stayed down through every retry, or asked for a longer wait than a run may spend.
public enum APIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The environment variable that should hold the credential is unset or blank.
    case missingCredential(variable: String)
    /// 401, or a 403 that is not a rate limit.
    case unauthorized(url: String, status: Int, variable: String?, message: String?)
    /// A status that retrying cannot fix: 400, 404, 410, 422 and the like. `code` is the API's error code.
    case rejected(url: String, status: Int, message: String?, code: String?)
    /// Still failing after every retry; `status` is the last one, nil when the last failure was the transport, and
    /// `detail` the API's message or the transport's complaint.
    case unavailable(url: String, status: Int?, attempts: Int, detail: String)
    /// Rate limited with a requested wait longer than the configured cap.
    case waitTooLong(url: String, status: Int, waitSecs: Double, maxWaitSecs: Double)
    /// A transport failure that waiting does not fix (TLS, an unsupported URL).
    case transportFailed(url: String, detail: String)
    /// The URL could not be built (a base URL that will not take a query).
    case invalidURL(url: String)
    /// A 2xx whose body is not JSON.
    case invalidJSON(url: String, message: String)
    /// A page that is JSON but not of the documented shape, at `path`.
    case unexpectedShape(url: String, path: JSONPath, expected: String, found: String)
    /// The API handed back a paging position (`cursor`, `page`, `pageToken`) it had already given.
    case repeatedCursor(url: String, parameter: String, pages: Int)
    /// More pages than `maxPages`.
    case tooManyPages(url: String, maxPages: Int)

    public var isTemporary: Bool {
        switch self {
        case .unavailable, .waitTooLong: true
        default: false
        }
    }

    /// The HTTP status the failure came with, if it came with one.
    public var status: Int? {
        switch self {
        case .unauthorized(_, let s, _, _), .rejected(_, let s, _, _), .waitTooLong(_, let s, _, _): s
        case .unavailable(_, let s, _, _): s
        default: nil
        }
    }

    /// The redacted URL of the request at fault.
    public var url: String? {
        switch self {
        case .missingCredential: nil
        case .unauthorized(let u, _, _, _), .rejected(let u, _, _, _), .unavailable(let u, _, _, _),
            .waitTooLong(let u, _, _, _), .transportFailed(let u, _), .invalidURL(let u), .invalidJSON(let u, _),
            .unexpectedShape(let u, _, _, _), .repeatedCursor(let u, _, _), .tooManyPages(let u, _):
            u
        }
    }

    /// What the API said, scrubbed of secrets, for callers that branch on it.
    public var apiMessage: String? {
        switch self {
        case .unauthorized(_, _, _, let m), .rejected(_, _, let m, _): m
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .missingCredential(let variable):
            return "the environment variable \(variable) is not set or is empty; set it to the API key before running"
        case .unauthorized(let url, let status, let variable, let message):
            let holder = variable.map { "the credential in \($0)" } ?? "the credential"
            let fix = variable.map { "set \($0) to" } ?? "use"
            let advice =
                status == 403
                ? "\(holder) was accepted but may not read this endpoint; \(fix) a key with the scope or role it needs"
                : "\(holder) is missing, wrong or expired; \(fix) a valid key"
            return "GET \(url) was refused with HTTP \(status)\(Self.quoted(message)): \(advice)"
        case .rejected(let url, let status, let message, let code):
            let said = Self.quoted(message ?? code)
            return "GET \(url) failed with HTTP \(status)\(said); the API refused the request, so retrying will not "
                + "help: check the source's settings"
        case .unavailable(let url, let status, let attempts, let detail):
            let last = status.map { "HTTP \($0)\(Self.quoted(detail))" } ?? detail
            return "GET \(url) still failed after \(attempts) attempt\(attempts == 1 ? "" : "s") (last: \(last)); "
                + "the API is unavailable, try again later"
        case .waitTooLong(let url, let status, let wait, let cap):
            return "GET \(url) was rate limited (HTTP \(status)) and asked to wait \(Self.seconds(wait)) s, longer "
                + "than the \(Self.seconds(cap)) s a run may wait; try again later"
        case .transportFailed(let url, let detail):
            return "GET \(url) failed: \(detail)"
        case .invalidURL(let url):
            return "\(url) is not a URL that takes a query; check the source's base URL"
        case .invalidJSON(let url, let message):
            return "\(url): the response is not valid JSON (\(message))"
        case .unexpectedShape(let url, let path, let expected, let found):
            return "\(url): \(path): expected \(expected), found \(found); the response does not have the "
                + "documented shape"
        case .repeatedCursor(let url, let parameter, let pages):
            return "\(url): after \(pages) page\(pages == 1 ? "" : "s") the API returned a '\(parameter)' it had "
                + "returned before, so paging would loop; stopped"
        case .tooManyPages(let url, let maxPages):
            return "\(url): more than \(maxPages) pages; stopped in case paging loops (raise max_pages if the "
                + "data really is that large)"
        }
    }

    /// ` ("message")`, or nothing.
    static func quoted(_ message: String?) -> String {
        guard let message, !message.isEmpty else { return "" }
        return " (\"\(message)\")"
    }

    static func seconds(_ s: Double) -> String { HTTPTransportError.seconds(s) }
}
