/// A TOML document that could not be parsed, with the place where parsing stopped.
///
/// The position is carried separately from the message so that callers can prefix it with a file
/// path (`path:line:col: error: message`) the way compilers do, which editors can jump to.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line of the offending character; lines are separated by LF or CRLF.
    public var line: Int
    /// 1-based column of the offending character, counted in Unicode scalars (a tab counts as one).
    public var column: Int
    /// A human-readable explanation without position, e.g. `key 'name' is already defined at line 3`.
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line:col: message`, the form a file path can be put in front of.
    public var description: String {
        "\(line):\(column): \(message)"
    }
}
