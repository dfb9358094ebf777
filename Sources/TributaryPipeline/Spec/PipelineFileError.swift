import TributaryCore

/// One problem in a pipeline file, located at the TOML line and column, with the key path it concerns.
///
/// The compiler collects every problem in one pass and reports them together, sorted by location, the way
/// a compiler reports a file's errors.
public struct PipelineFileIssue: Sendable, Equatable, CustomStringConvertible, Comparable {
    public var location: SourceLocation
    /// `sink.table`, `transform[2].where`; empty for the document itself.
    public var keyPath: String
    public var message: String

    public init(location: SourceLocation, keyPath: String, message: String) {
        self.location = location
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        let place = "\(location.file):\(max(location.line, 1)):\(max(location.column, 1))"
        return keyPath.isEmpty ? "\(place): error: \(message)" : "\(place): error: \(keyPath): \(message)"
    }

    public static func < (a: PipelineFileIssue, b: PipelineFileIssue) -> Bool {
        (a.location.line, a.location.column, a.keyPath) < (b.location.line, b.location.column, b.keyPath)
    }
}

/// A pipeline file that cannot run: every issue found in it.
public struct PipelineFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var issues: [PipelineFileIssue]

    public init(issues: [PipelineFileIssue]) {
        self.issues = issues.sorted()
    }

    public var description: String {
        let lines = issues.map(\.description)
        let count = issues.count == 1 ? "1 error" : "\(issues.count) errors"
        return (lines + ["\(count) in \(issues.first?.location.file ?? "pipeline file")"]).joined(separator: "\n")
    }
}
