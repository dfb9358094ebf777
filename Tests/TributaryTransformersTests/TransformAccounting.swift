import Testing
import TributaryCore

@testable import TributaryTransformers

/// Checks the contract every transform keeps: each input row ends up in exactly one of the output batch, the
/// rejects or the filtered rows, and the output's lineage is the input's for the rows kept, in order.
func expectRowAccounting(
    _ output: TransformOutput, input: RecordBatch, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let rejected = output.rejected.map(\.row)
    #expect(Set(rejected).count == rejected.count, "a row is rejected twice", sourceLocation: sourceLocation)
    let dropped = Set(rejected).union(output.filtered)
    #expect(
        dropped.count == rejected.count + output.filtered.count, "a row is both rejected and filtered",
        sourceLocation: sourceLocation)
    let kept = (0..<input.count).filter { !dropped.contains($0) }
    #expect(output.batch.count == kept.count, "rows lost or duplicated", sourceLocation: sourceLocation)
    #expect(output.batch.lineage.lines == kept.map { input.lineage.lines[$0] }, sourceLocation: sourceLocation)
    #expect(output.batch.columns.allSatisfy { $0.count == output.batch.count }, sourceLocation: sourceLocation)
    #expect(dropped.allSatisfy { (0..<input.count).contains($0) }, sourceLocation: sourceLocation)
}

/// The issues of a configuration error, or an empty list (and a recorded issue) when there is none.
func configurationIssues(_ body: () throws(TransformerError) -> Void) -> [ConfigurationIssue] {
    do {
        try body()
        Issue.record("expected a configuration error")
    } catch {
        if case .invalidConfiguration(_, let issues) = error { return issues }
        Issue.record("unexpected error \(error)")
    }
    return []
}
