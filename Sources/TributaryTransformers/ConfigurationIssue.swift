/// One problem in a stage's configuration.
///
/// `key` says where, relative to the stage's table in the pipeline file, so the pipeline layer can find the
/// TOML position: `mapping.cots` (a table entry), `columns[2]` (an array element), `columns[1].expression`,
/// `condition`. When the problem is inside an expression, `expression` carries the offset within that string.
public struct ConfigurationIssue: Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var message: String
    public var expression: ExpressionError?

    public init(key: String, message: String, expression: ExpressionError? = nil) {
        self.key = key
        self.message = message
        self.expression = expression
    }

    init(key: String, _ error: ExpressionError) {
        self.init(key: key, message: error.message, expression: error)
    }

    public var description: String {
        if let expression {
            return "\(key): \(message) (at column \(expression.characterOffset + 1) of the expression)"
        }
        return "\(key): \(message)"
    }
}
