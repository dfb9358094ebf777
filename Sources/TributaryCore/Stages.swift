/// What an extractor hands the runner, in order: a file starts, batches and rejects from it, the file ends.
public enum ExtractEvent: Sendable {
    case fileStarted(path: String)
    /// `bytesRead` is the input consumed so far in this file (compressed bytes for .gz), for progress.
    case batch(RecordBatch, bytesRead: Int)
    case rejects([Reject])
    case fileFinished(path: String, bytes: Int)
}

/// Reads a source and yields typed batches.
///
/// Contract: memory is bounded by the batch size, never by the input's size; every row read ends up either in
/// a batch or in a reject; batches never mix files.
///
///     var reader = try extractor.open()
///     while let event = try await reader.next() { … }
public protocol Extractor: Sendable {
    /// The schema of every batch this extractor yields.
    var outputSchema: Schema { get }
    /// Names of the declared money columns, in the order of `Lineage.money` and `Reject.money`.
    var moneyColumns: [String] { get }
    /// Opens the inputs (files, network). Fails for structural problems only: bad rows become rejects.
    func open() throws -> any ExtractReader
}

/// The running side of an extractor.
public protocol ExtractReader {
    mutating func next() async throws -> ExtractEvent?
}

/// The outcome of one transform on one batch.
public struct TransformOutput: Sendable {
    public var batch: RecordBatch
    /// Rows refused, indexed into the input batch.
    public var rejected: [RowIssue]
    /// Rows dropped on purpose (by `filter`), indexed into the input batch.
    public var filtered: [Int]

    public init(batch: RecordBatch, rejected: [RowIssue] = [], filtered: [Int] = []) {
        self.batch = batch
        self.rejected = rejected
        self.filtered = filtered
    }
}

/// Maps a batch to a batch: rename, select, cast, filter, derive …
///
/// Contract: every input row ends up in exactly one of `batch`, `rejected` or `filtered`, and the output
/// batch's lineage is the input's, selected for the rows kept. A stage never reaches its neighbours.
public protocol Transformer: Sendable {
    /// The stage id from the pipeline file, used in rejects and the summary.
    var id: String { get }
    var outputSchema: Schema { get }
    func transform(_ batch: RecordBatch) throws -> TransformOutput
}

/// The destination of a run's batches.
///
/// Contract: nothing is visible as committed until `commit()` returns; the runner advances checkpoints only
/// after it.
public protocol Loader: Sendable {
    /// Checks or creates the destination for `schema`; refuses conflicts before any row is sent.
    func prepare(schema: Schema) async throws
    /// Queues a batch; may send when enough rows are buffered.
    func write(_ batch: RecordBatch) async throws
    /// Sends what is buffered and makes it durable. Returns what was loaded.
    func commit() async throws -> LoadReceipt
    /// Runs one load, whose every `write` and whose `commit` happen inside `body`, so that the loader can work
    /// beside it (compress and send one insert while the next batches are read). The default just runs `body`.
    func session<T: Sendable>(_ body: sending () async throws -> T) async throws -> T
    /// For loaders whose `commit` replaces whole slices (the `replace_partition` strategy): the slices written
    /// so far, keyed by the source file of their rows (`Lineage.file`). Nil for loaders that append or merge.
    ///
    /// The runner uses it to widen an incremental run until every slice it replaces is read whole: a slice
    /// that an unchanged file also feeds must be read from that file too, or replacing it would lose those rows.
    func slicesWritten() async -> [String: Set<String>]?
    /// Slices `commit` must also replace even when no row was written for them, leaving them empty: a changed
    /// file that no longer has rows for a month it used to feed.
    func replaceAlso(_ slices: Set<String>) async throws
}

extension Loader {
    public func session<T: Sendable>(_ body: sending () async throws -> T) async throws -> T {
        try await body()
    }

    public func slicesWritten() async -> [String: Set<String>]? { nil }

    public func replaceAlso(_ slices: Set<String>) async throws {}
}

/// What a loader committed.
public struct LoadReceipt: Sendable, Equatable {
    public var rows: Int
    public var inserts: Int
    public var bytesSent: Int
    /// The slices the commit replaced whole, with the rows each now holds (`replace_partition`); empty for
    /// loaders that append or merge.
    public var replacedSlices: [ReplacedSlice]

    public init(rows: Int, inserts: Int, bytesSent: Int, replacedSlices: [ReplacedSlice] = []) {
        self.rows = rows
        self.inserts = inserts
        self.bytesSent = bytesSent
        self.replacedSlices = replacedSlices
    }
}

/// One slice (a partition) a commit replaced.
public struct ReplacedSlice: Sendable, Equatable {
    /// As the destination names it: a partition literal such as `202501` or `('openai', 202501)`.
    public var slice: String
    public var rows: Int

    public init(slice: String, rows: Int) {
        self.slice = slice
        self.rows = rows
    }
}
