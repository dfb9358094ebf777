/// Where the rows of one of Tributary's own tables go, as the source that produces them knows it: a source of
/// `spend` says "table `spend`, partitioned by source and billing month, replaced partition by partition", so
/// that a pipeline for a provider is a source and a sink URL. Every value can still be set in the `[sink]`.
public struct TableDefaults: Sendable, Equatable {
    public var table: String
    public var orderBy: [String]
    public var partitionBy: String?
    /// `append`, `replace_partition` or `merge`.
    public var strategy: String
    public var versionColumn: String?
    /// The natural key `x_row_id` is computed from.
    public var key: [String]
    public var lowCardinality: [String]
    /// ClickHouse types narrower than the logical type's default (`latency_ms` as `Nullable(UInt32)`).
    public var columnTypes: [String: String]
    /// The column that places a row in time, for backfills and the restatement window.
    public var timeColumn: String?

    public init(
        table: String, orderBy: [String], partitionBy: String? = nil, strategy: String = "append",
        versionColumn: String? = nil, key: [String] = [], lowCardinality: [String] = [],
        columnTypes: [String: String] = [:], timeColumn: String? = nil
    ) {
        self.table = table
        self.orderBy = orderBy
        self.partitionBy = partitionBy
        self.strategy = strategy
        self.versionColumn = versionColumn
        self.key = key
        self.lowCardinality = lowCardinality
        self.columnTypes = columnTypes
        self.timeColumn = timeColumn
    }
}

/// A source that produces one of Tributary's tables (`spend`, `llm_usage`, `invoices`, …) rather than columns of
/// the user's choosing: its rows carry lineage, and its table has defaults. With `raw = true` it produces the
/// provider's native columns instead, and has no defaults.
public protocol ModelExtractor: Extractor {
    /// Nil when the source produces native columns (`raw = true`).
    var tableDefaults: TableDefaults? { get }
}
