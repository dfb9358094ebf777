import Foundation
import TributaryCore

/// Loads batches into one ClickHouse table over HTTP, in large gzip-compressed TabSeparated inserts.
///
/// `prepare(schema:)` probes the server once, then creates the table or reconciles it with the schema, refusing
/// conflicts before any row is sent. `write(_:)` encodes each batch into the current insert, compressing as it
/// goes, and sends the insert once it reaches `max_insert_rows` or `max_insert_bytes`. `commit()` sends the rest
/// and waits until every insert is stored: that is the commit point of the `append` strategy. With
/// `replace_partition` the inserts go to a staging table instead, one partition per insert, and `commit()` then
/// swaps each partition the run wrote into the table (see `ClickHouseLoader+ReplacePartition.swift`).
///
/// Inside `withConcurrentInserts`, compressing and sending run as two child tasks, fed through bounded queues by
/// `write` (which encodes), so that the three stages use separate cores and the next insert is encoded while the
/// last is in flight. Outside it, `write` does all three inline.
///
///     let loader = ClickHouseLoader(configuration: sink, runID: runID)
///     try await loader.prepare(schema: schema)
///     let receipt = try await loader.withConcurrentInserts {
///         for try await batch in batches { try await loader.write(batch) }
///         return try await loader.commit()
///     }
public actor ClickHouseLoader: Loader {
    public nonisolated let configuration: Configuration
    public nonisolated let runID: String
    let client: ClickHouseClient
    private let encoder = TabSeparatedEncoder()
    /// Where chunks are encoded, reused; each chunk then leaves as an array of exactly its size, because encoding
    /// straight into a fresh array needs room for the worst case (twice every string), which the chunk would
    /// carry through the queues.
    private let scratch = EncodeBuffer(capacity: 1 << 22)
    /// Rows per encoded chunk: a couple of megabytes, so that compression can start early and memory stays small.
    let chunkRows = 4096

    var schema: Schema?
    var tableName = ""
    var acceptsNull: [Bool] = []
    private var sender: InsertSender?
    /// `replace_partition` only: the parsed key, the staging table, and the pending insert of each partition.
    var partitionKey: PartitionKey?
    var staging: ClickHouseSchemaManager?
    var target: ClickHouseSchemaManager?
    var partitionBuffers: PartitionBuffers?
    /// Rows dispatched per partition literal, and the partitions in order of first appearance.
    var sentRows: [String: Int] = [:]
    var sentOrder: [String] = []
    /// The partitions the last `commit()` replaced, in order.
    public internal(set) var replacedPartitions: [String] = []
    /// The partitions each source file's rows went to (`Loader.slicesWritten`).
    var slicesByFile: [String: Set<String>] = [:]
    /// Partitions to replace even if the run wrote no row for them: they are left empty (`Loader.replaceAlso`).
    var alsoReplace: Set<String> = []
    /// What `prepare` found and ran.
    public private(set) var serverInfo: ClickHouseServerInfo?
    public private(set) var preparedStatements: [String] = []

    /// The insert being filled, and (when sending inline) its body.
    private var manifest: InsertManifest?
    private var inlineBody: InsertBody?
    private var sequence = 0

    private var dispatched = 0
    private var stored = 0
    private var storedRows = 0
    private var storedBytes = 0
    private var storedInserts = 0
    private var failure: (any Error)?
    /// Attempts beyond the first, over all inserts so far: for the run summary.
    public private(set) var retries = 0
    /// Inserts whose answer was lost but that `system.query_log` showed stored, so they were not sent twice.
    public private(set) var recoveredInserts = 0
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []

    /// Set inside `withConcurrentInserts`: encoded chunks go to the compression task.
    private var chunks: BoundedChannel<Chunk>?

    enum Chunk: Sendable {
        case rows([UInt8])
        case seal(InsertManifest)
    }

    /// `transport` is replaceable for tests; production uses `URLSession`.
    public init(configuration: Configuration, runID: String, transport: any HTTPTransport = URLSessionTransport()) {
        self.configuration = configuration
        self.runID = runID
        client = configuration.makeClient(transport: transport)
    }

    /// The DDL `prepare(schema:)` runs on a server without the table: for `tributary plan`, no server needed.
    public static func plan(schema: Schema, configuration: Configuration) throws(ClickHouseError) -> [String] {
        if let problem = configuration.problems.first { throw problem }
        if configuration.strategy == .replacePartition { try configuration.partitionKey?.validate(schema) }
        return try schemaManager(configuration).createStatements(for: schema)
    }

    static func schemaManager(_ c: Configuration, table: String? = nil) throws(ClickHouseError)
        -> ClickHouseSchemaManager
    {
        try ClickHouseSchemaManager(
            database: c.database, table: table ?? c.table, orderBy: c.orderBy, partitionBy: c.partitionBy,
            lowCardinality: c.lowCardinality, addMissingColumns: c.addMissingColumns,
            versionColumn: c.strategy == .merge && table == nil ? c.versionColumn : nil,
            rowIDColumn: c.strategy == .append ? c.rowIDColumn : nil, columnTypes: c.columnTypes)
    }

    // MARK: Loader

    public func prepare(schema: Schema) async throws {
        if let problem = configuration.problems.first { throw problem }
        let manager = try Self.schemaManager(configuration)
        try manager.validate(schema)
        let replacing = configuration.strategy == .replacePartition
        if replacing { try configuration.partitionKey?.validate(schema) }
        let stage = replacing ? try Self.schemaManager(configuration, table: stagingTableName) : nil
        // Every step is idempotent (CREATE … IF NOT EXISTS; ALTER only for columns still missing), so a server
        // that is restarting is simply asked again.
        var policy = retryPolicy
        var probed: (ClickHouseServerInfo, ClickHouseSchemaManager.PreparedTable)?
        while probed == nil {
            do {
                let info = try await ClickHouseServerInfo.probe(client)
                if manager.collapsesRows { try await checkEngine(manager) }
                let prepared = try await manager.prepare(schema: schema, client: client, server: info)
                if let stage { try await prepareStaging(stage, target: manager, server: info) }
                probed = (info, prepared)
            } catch let error as ClickHouseError {
                guard case .retry(let delay) = policy.onFailure(error) else { throw error }
                try await Task.sleep(for: .seconds(delay))
            }
        }
        guard let (info, prepared) = probed else { return }
        var columns: [ClickHouseIdentifier] = []
        for field in schema.fields { columns.append(try ClickHouseIdentifier(field.name, role: "column")) }
        serverInfo = info
        self.schema = schema
        tableName = manager.displayName
        acceptsNull = prepared.acceptsNull
        preparedStatements = prepared.statements
        target = manager
        staging = stage
        // One partition per insert for every strategy whose key the loader can compute (lesson L5: newer servers
        // refuse an insert spanning more than 100 partitions, and a partial insert is then one partition's
        // problem); `replace_partition` requires it, the others group when they can.
        if replacing || (try? configuration.partitionKey?.validate(schema)) != nil {
            partitionKey = configuration.partitionKey
        }
        if partitionKey != nil {
            partitionBuffers = PartitionBuffers(
                maxRows: configuration.maxInsertRows, maxBytes: configuration.maxInsertBytes)
        }
        let destination = stage ?? manager
        sender = InsertSender(
            client: client, qualifiedName: destination.qualifiedName, displayName: destination.displayName,
            columns: columns, settings: info.insertSettings, runID: runID, table: destination.table.name,
            retryPolicy: retryPolicy)
    }

    var retryPolicy: RetryPolicy {
        RetryPolicy(
            maxRetries: configuration.maxRetries, baseDelaySecs: configuration.retryBaseDelaySecs,
            maxDelaySecs: configuration.retryMaxDelaySecs)
    }

    public func write(_ batch: RecordBatch) async throws {
        if let failure { throw failure }
        try check(batch)
        if partitionKey != nil { return try await writePartitioned(batch) }
        var row = 0
        while row < batch.count {
            var current = try manifest ?? startInsert()
            let end = min(batch.count, row + min(chunkRows, configuration.maxInsertRows - current.rows))
            let chunk = encodedChunk(batch, rows: row..<end)
            current.add(batch, rows: row..<end, bytes: chunk.count)
            manifest = current
            row = end
            if let chunks {
                try await chunks.send(.rows(chunk))
            } else {
                try inlineBody?.append(chunk)
            }
            if current.rows >= configuration.maxInsertRows || current.uncompressedBytes >= configuration.maxInsertBytes
            {
                try await seal()
            }
        }
    }

    /// Encodes `rows` of `batch` into an array of exactly its size.
    func encodedChunk(_ batch: RecordBatch, rows: Range<Int>) -> [UInt8] {
        scratch.removeAll()
        encoder.encode(batch, rows: rows, into: scratch)
        return [UInt8](scratch.bytes)
    }

    public func commit() async throws -> LoadReceipt {
        guard staging != nil else { return try await commitInserts() }
        do {
            var receipt = try await commitInserts()
            try await swapPartitions()
            receipt.replacedSlices = replacedPartitions.map { ReplacedSlice(slice: $0, rows: sentRows[$0] ?? 0) }
            return receipt
        } catch {
            await discardStaging()
            throw error
        }
    }

    /// Sends what is left and waits until every insert is stored.
    private func commitInserts() async throws -> LoadReceipt {
        guard sender != nil else { throw ClickHouseError.notPrepared(table: configuration.table) }
        if let failure { throw failure }
        if partitionBuffers != nil { try await flushPartitions(all: true) }
        if manifest != nil { try await seal() }
        while stored < dispatched && failure == nil {
            await withCheckedContinuation { drainWaiters.append($0) }
        }
        if let failure { throw failure }
        return LoadReceipt(rows: storedRows, inserts: storedInserts, bytesSent: storedBytes)
    }

    // MARK: Inserts

    private func startInsert() throws(ClickHouseError) -> InsertManifest {
        sequence += 1
        if chunks == nil {
            inlineBody = try InsertBody(
                compression: configuration.effectiveCompression, level: configuration.compressionLevel)
        }
        return InsertManifest(sequence: sequence)
    }

    /// Sends one partition's gathered insert: its chunks, then the seal, through the same path as `append`.
    func dispatch(partition: String, _ insert: PartitionBuffers.Pending) async throws {
        precondition(manifest == nil, "a partition's insert starts only when no other is being filled")
        var current = try startInsert()
        let sequence = current.sequence
        current = insert.manifest
        current.sequence = sequence
        if sentRows[partition] == nil { sentOrder.append(partition) }
        sentRows[partition, default: 0] += current.rows
        manifest = current
        for chunk in insert.chunks {
            if let chunks {
                try await chunks.send(.rows(chunk))
            } else {
                try inlineBody?.append(chunk)
            }
        }
        try await seal()
    }

    /// Ends the current insert and sends it: inline, or through the compression and sending tasks.
    private func seal() async throws {
        guard let current = manifest, let sender else { return }
        manifest = nil
        dispatched += 1
        if let chunks {
            try await chunks.send(.seal(current))
            return
        }
        guard let body = inlineBody else { return }
        inlineBody = nil
        let insert = current.sealed(body: try body.finish(), gzipped: body.gzipped)
        let outcome: InsertSender.Outcome
        do {
            outcome = try await sender.send(insert)
        } catch {
            failed(error)
            throw error
        }
        stored(insert, outcome)
    }

    private func stored(_ insert: PreparedInsert, _ outcome: InsertSender.Outcome) {
        retries += max(0, outcome.attempts - 1)
        if outcome.recoveredFromQueryLog { recoveredInserts += 1 }
        stored += 1
        storedRows += insert.rows
        storedInserts += 1
        storedBytes += insert.body.count
        if stored >= dispatched { wakeDrainWaiters() }
    }

    private func failed(_ error: any Error) {
        if failure == nil { failure = error }
        wakeDrainWaiters()
    }

    private func wakeDrainWaiters() {
        let waiters = drainWaiters
        drainWaiters.removeAll()
        for w in waiters { w.resume() }
    }

    // MARK: Concurrency

    /// Runs `body` (which writes and commits through this loader) while child tasks compress and send, so that
    /// encoding, compression and the server's work overlap. The first failure of any of them ends all and is
    /// rethrown. Memory stays bounded: a few encoded chunks, one finished body waiting, one in flight.
    /// The `Loader` hook: a run's writes and commit overlap with compressing and sending.
    /// With `replace_partition`, a failed session drops its staging table (best effort; the next `prepare`
    /// drops leftovers too), and the table stays as it was.
    public func session<T: Sendable>(_ body: sending () async throws -> T) async throws -> T {
        do {
            return try await withConcurrentInserts(body)
        } catch {
            await discardStaging()
            throw error
        }
    }

    public func withConcurrentInserts<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        precondition(chunks == nil && manifest == nil, "withConcurrentInserts neither nests nor starts mid-insert")
        let chunks = BoundedChannel<Chunk>(capacity: 4)
        let inserts = BoundedChannel<PreparedInsert>(capacity: 1)
        self.chunks = chunks
        defer { self.chunks = nil }
        let compression = configuration.effectiveCompression
        let level = configuration.compressionLevel
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Self.compress(chunks, into: inserts, compression: compression, level: level) }
            group.addTask { try await self.send(inserts) }
            do {
                let result = try await body()
                if manifest != nil { try await seal() }
                chunks.finish()
                try await group.waitForAll()
                if let failure { throw failure }
                return result
            } catch {
                chunks.fail(error)
                inserts.fail(error)
                failed(error)
                group.cancelAll()
                throw error
            }
        }
    }

    /// The compression stage: chunks in, finished bodies out.
    private static func compress(
        _ chunks: BoundedChannel<Chunk>, into inserts: BoundedChannel<PreparedInsert>,
        compression: Configuration.Compression, level: Int
    ) async throws {
        do {
            var body: InsertBody?
            while let chunk = try await chunks.receive() {
                switch chunk {
                case .rows(let bytes):
                    if body == nil { body = try InsertBody(compression: compression, level: level) }
                    try body?.append(bytes)
                case .seal(let manifest):
                    let current = try body ?? InsertBody(compression: compression, level: level)
                    body = nil
                    try await inserts.send(manifest.sealed(body: try current.finish(), gzipped: current.gzipped))
                }
            }
            inserts.finish()
        } catch {
            chunks.fail(error)
            inserts.fail(error)
            throw error
        }
    }

    /// The sending stage: one insert in flight at a time, in order.
    private func send(_ inserts: BoundedChannel<PreparedInsert>) async throws {
        do {
            guard let sender else { throw ClickHouseError.notPrepared(table: configuration.table) }
            while let insert = try await inserts.receive() {
                stored(insert, try await sender.send(insert))
            }
        } catch {
            inserts.fail(error)
            chunks?.fail(error)
            failed(error)
            throw error
        }
    }
}
