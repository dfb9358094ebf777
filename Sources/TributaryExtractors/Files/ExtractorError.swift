import TributaryCore

/// A structural problem that stops an extraction: a wrong configuration, no input, or a file whose shape does not
/// fit the declared columns.
///
/// Bad rows are not errors: they become `Reject`s. Readers also let `FormatsError` through unchanged (a file that
/// cannot be opened, a truncated or corrupt gzip stream).
public enum ExtractorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A configuration value is wrong; `key` is its path in the stage's configuration (`columns[2].money`).
    case invalidConfiguration(key: String, message: String)
    /// A path pattern matched no file.
    case noFilesMatch(pattern: String, baseDirectory: String)
    /// A CSV file with `header = true` has no header line (it is empty, or holds only blank lines).
    case missingHeader(file: String)
    /// The header is malformed (an unterminated quote, invalid UTF-8).
    case invalidHeader(file: String, line: Int, message: String)
    /// The header lacks the source columns `missing`; `header` is what it has.
    case missingColumns(file: String, line: Int, missing: [String], header: [String])
    /// A provider's export is not in the format the source reads: the header or document shape says what it is
    /// instead (`this looks like a CUR 2.0 file, not legacy CUR`), or lacks a column the format requires.
    case wrongFormat(file: String, line: Int, expected: String, message: String)
    /// A JSON document (an API page, a saved response) has another shape than the API documents: the path of
    /// the value at fault, what was expected there and what was found.
    case unexpectedJSON(file: String, path: String, expected: String, found: String)

    public var location: SourceLocation {
        switch self {
        case .invalidConfiguration(let key, _): SourceLocation(file: "", path: key)
        case .noFilesMatch(_, let base): SourceLocation(file: base)
        case .missingHeader(let file): SourceLocation(file: file, line: 1)
        case .wrongFormat(let file, let line, _, _): SourceLocation(file: file, line: line)
        case .unexpectedJSON(let file, let path, _, _): SourceLocation(file: file, path: path)
        case .invalidHeader(let file, let line, _), .missingColumns(let file, let line, _, _):
            SourceLocation(file: file, line: line)
        }
    }

    public var message: String {
        switch self {
        case .invalidConfiguration(_, let message):
            return message
        case .noFilesMatch(let pattern, _):
            return "no file matches '\(pattern)'"
        case .missingHeader:
            return "the file has no header line; declare `header = false` if its first line is data"
        case .invalidHeader(_, _, let message):
            return "the header line is malformed: \(message)"
        case .missingColumns(_, _, let missing, let header):
            let names = missing.map { "'\($0)'" }.joined(separator: ", ")
            let noun = missing.count == 1 ? "column" : "columns"
            return "the header has no \(noun) \(names); it has: \(header.joined(separator: ", "))"
        case .wrongFormat(_, _, let expected, let message):
            return "not a \(expected) file: \(message)"
        case .unexpectedJSON(_, let path, let expected, let found):
            return "expected \(expected) at \(path), found \(found); the response is not shaped as the API documents"
        }
    }

    public var description: String {
        if case .invalidConfiguration(let key, let message) = self { return "\(key): error: \(message)" }
        return "\(location): error: \(message)"
    }
}
