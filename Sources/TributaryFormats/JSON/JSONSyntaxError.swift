import TributaryCore

/// Where and why a JSON document is invalid. Lines and columns are 1-based; columns count bytes.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// 0-based byte offset into the document.
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// Computes line and column by counting newlines before `offset` (only ever done for an error).
    init(message: String, offset: Int, in bytes: UnsafeRawBufferPointer) {
        var line = 1
        var lineStart = 0
        for k in 0..<min(offset, bytes.count) where bytes[k] == 0x0A {
            line += 1
            lineStart = k + 1
        }
        self.init(message: message, offset: offset, line: line, column: offset - lineStart + 1)
    }

    /// The error as a `FormatsError` in `file`, whose first line is `firstLine` (a JSON Lines line number).
    public func located(in file: String, firstLine: Int = 1) -> FormatsError {
        .json(SourceLocation(file: file, line: firstLine + line - 1, column: column), message: message)
    }

    public var description: String { "\(line):\(column): \(message)" }
}
