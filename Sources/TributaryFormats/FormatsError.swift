import TributaryCore

/// A structural problem with an input file: it cannot be read, decompressed, or framed at all.
///
/// Row-level problems (a bad cell, a short row, an unterminated quote at the end of a file) are not errors: the
/// readers hand them over as flagged records so that the caller turns them into rejects and goes on.
public enum FormatsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed on `path`; `message` is the system's reason (`No such file or directory`).
    case io(path: String, operation: String, message: String)
    /// The gzip stream ended before its last member did; `offset` is the compressed bytes read.
    case gzipTruncated(path: String, offset: Int)
    /// zlib refused the data at compressed byte `offset`.
    case gzipCorrupt(path: String, offset: Int, message: String)
    /// One record (or line) grew past the reader's limit, which usually means a quote that never closes.
    case recordTooLarge(SourceLocation, limit: Int)
    /// A JSON document (an API page, a configuration) is not valid JSON.
    case json(SourceLocation, message: String)

    /// Where the problem is, as `path:line:col` when known.
    public var location: SourceLocation {
        switch self {
        case .io(let path, _, _), .gzipTruncated(let path, _), .gzipCorrupt(let path, _, _):
            SourceLocation(file: path)
        case .recordTooLarge(let location, _), .json(let location, _):
            location
        }
    }

    /// The message without its location.
    public var message: String {
        switch self {
        case .io(_, let operation, let message):
            "cannot \(operation): \(message)"
        case .gzipTruncated(_, let offset):
            "gzip stream is truncated: it ends at compressed byte \(offset) in the middle of a member"
        case .gzipCorrupt(_, let offset, let message):
            "gzip stream is corrupt at compressed byte \(offset): \(message)"
        case .recordTooLarge(_, let limit):
            "a record starting here is longer than \(limit) bytes; is a quote left open?"
        case .json(_, let message):
            message
        }
    }

    public var description: String { "\(location): error: \(message)" }
}
