import TributaryFormats

/// A JSON document (a saved API response, or a page just fetched) that does not have the shape the API documents:
/// the path of the value at fault, what the API documents there, and what was found.
///
/// Formats throw this one error whatever the page came from; the reader that knows where the page came from
/// turns it into the error its user needs: `ExtractorError.unexpectedJSON` naming the saved file, or
/// `APIError.unexpectedShape` naming the request URL (redacted). A shape problem stops the run, since it means
/// the API changed or the file is of another endpoint; a bad value in a record of the right shape is a reject.
public struct JSONShapeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: JSONPath
    public var expected: String
    public var found: String

    public init(path: JSONPath, expected: String, found: String) {
        self.path = path
        self.expected = expected
        self.found = found
    }

    /// The error for `value` (nil when absent) at `path`, which should have been `expected`.
    public init(at path: JSONPath, expected: String, value: JSONValue?) {
        self.init(path: path, expected: expected, found: JSONShapeError.describe(value))
    }

    public var description: String { "\(path): expected \(expected), found \(found)" }

    /// What a saved response file's reader reports.
    public func extractorError(file: String) -> ExtractorError {
        .unexpectedJSON(file: file, path: path.description, expected: expected, found: found)
    }

    /// What a live pull reports; `url` is the page's redacted request URL.
    public func apiError(url: String) -> APIError {
        .unexpectedShape(url: url, path: path, expected: expected, found: found)
    }

    /// "nothing", "null", "a string ("usd")": short enough for a message, specific enough to act on.
    static func describe(_ value: JSONValue?) -> String {
        guard let value else { return "nothing" }
        switch value {
        case .string(let s): return "a string (\"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\")"
        case .number(let n): return "a number (\(n))"
        default: return value.kindDescription
        }
    }
}
