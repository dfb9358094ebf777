/// Where something came from in user input: a file plus a line and column, a JSON path, or a key path.
///
/// Errors that trace back to user input carry one, so that every message can start with
/// `path:line:col:` the way compilers print them and editors jump to them.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when unknown.
    public var line: Int
    /// 1-based; 0 when unknown.
    public var column: Int
    /// A JSON path (`$.data[3].amount`) or a TOML key path (`sink.table`), when that is the better address.
    public var path: String?

    public init(file: String, line: Int = 0, column: Int = 0, path: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
    }

    public var description: String {
        var text = file
        if line > 0 {
            text += ":\(line)"
            if column > 0 { text += ":\(column)" }
        }
        if let path { text += line > 0 ? " (\(path))" : ":\(path)" }
        return text
    }
}
