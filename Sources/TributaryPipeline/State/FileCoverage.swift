/// Where a committed file's rows went: the slices (partitions) a `replace_partition` load put them in, and the
/// days its rows fall on when the source declares a `time_column`.
///
/// A few values per file, never per row (lesson L15). The runner needs them to decide, without reading, which
/// unchanged files must be read again: those feeding a partition that a changed file also feeds (replacing it
/// with the changed file's rows alone would lose theirs), and those with rows in the restatement window.
public struct FileCoverage: Sendable, Hashable {
    /// Partition literals as the destination names them (`202501`, `('openai', 202501)`), sorted.
    public var slices: [String]
    /// The first and last day (days since 1970-01-01, UTC) of the file's rows, when known.
    public var days: ClosedRange<Int64>?

    public init(slices: [String] = [], days: ClosedRange<Int64>? = nil) {
        self.slices = slices.sorted()
        self.days = days
    }
}
