import TributaryCore

/// Why a transform could not be planned or could not run.
public enum TransformerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Problems in a stage's configuration, found at plan time: all of them, in configuration order.
    case invalidConfiguration(stage: String, issues: [ConfigurationIssue])
    /// A batch whose schema is not the one the stage was planned for: a wiring bug, not bad data.
    case unexpectedBatchSchema(stage: String, expected: Schema, found: Schema)

    public var description: String {
        switch self {
        case .invalidConfiguration(let stage, let issues):
            return issues.map { "\(stage): \($0)" }.joined(separator: "\n")
        case .unexpectedBatchSchema(let stage, let expected, let found):
            let show = { (s: Schema) in s.fields.map { "\($0.name) \($0.type)" }.joined(separator: ", ") }
            return "\(stage): received a batch with columns (\(show(found))), planned for (\(show(expected)))"
        }
    }
}
