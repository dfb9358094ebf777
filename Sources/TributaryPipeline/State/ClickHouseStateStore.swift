import Foundation
import TributaryClickHouse
import TributaryCore

/// Pipeline state in the sink's ClickHouse, table `_tributary_state`: for cron hosts that come and go
/// (containers, a fail-over host), which would lose a local state file and reload everything (lesson L14).
///
/// Each `save` inserts the whole state document as one new row with a higher `version`; an insert of one row is
/// atomic, so a reader sees the old document or the new one, never half of one. `load` reads the row with the
/// highest version (not `FINAL`: the table keeps a few old versions until it merges, which is harmless). The same
/// strict reading as the local file applies: a document that does not decode is refused with the reset hint.
///
/// The lock stays local (`PipelineLock`): shared state lets any host take over a pipeline, not run it on two hosts
/// at once; schedule each pipeline on one host at a time.
public struct ClickHouseStateStore: StateStore {
    public static let tableName = "_tributary_state"

    public let pipeline: String
    let client: ClickHouseClient
    let database: ClickHouseIdentifier
    let table: ClickHouseIdentifier

    public init(configuration: ClickHouseLoader.Configuration, pipeline: String) throws(StateError) {
        // The name goes into SQL literals, so it must be as plain as a state file name.
        _ = try LocalStateStore(folder: ".", pipeline: pipeline)
        self.pipeline = pipeline
        do {
            database = try ClickHouseIdentifier(configuration.database, role: "database")
            table = try ClickHouseIdentifier(Self.tableName, role: "table")
        } catch {
            throw StateError.unavailable(store: configuration.database, reason: error.description, temporary: false)
        }
        client = configuration.makeClient(timeoutSecs: min(configuration.timeoutSecs, 30))
    }

    var qualifiedName: String { ClickHouseIdentifier.qualified(database, table) }
    /// How messages name this store.
    public var location: String { "\(database.name).\(Self.tableName) (pipeline '\(pipeline)')" }

    public func checkWritable() async throws(StateError) {
        try await run("CREATE DATABASE IF NOT EXISTS \(database.quoted)")
        try await run(
            """
            CREATE TABLE IF NOT EXISTS \(qualifiedName) (pipeline String, version UInt64, saved_at DateTime('UTC'), \
            host String, document String) ENGINE = ReplacingMergeTree(version) ORDER BY pipeline
            """)
    }

    public func load() async throws(StateError) -> PipelineState {
        let exists = try await run(
            "SELECT count() FROM system.tables WHERE database = \(database.literal) AND name = \(table.literal) "
                + "FORMAT TabSeparated")
        guard exists.trimmingCharacters(in: .whitespacesAndNewlines) != "0" else {
            return PipelineState(pipeline: pipeline)
        }
        let text = try await run(
            "SELECT document FROM \(qualifiedName) WHERE pipeline = '\(pipeline)' ORDER BY version DESC LIMIT 1 "
                + "FORMAT TabSeparated")
        guard let row = TabSeparatedDecoder.rows(text).first, let document = row.first ?? nil else {
            return PipelineState(pipeline: pipeline)
        }
        do {
            return try PipelineState.decode(Array(document.utf8), pipeline: pipeline)
        } catch {
            throw StateError.corrupt(path: location, pipeline: pipeline, detail: error.detail)
        }
    }

    public func save(_ state: PipelineState) async throws(StateError) {
        precondition(state.pipeline == pipeline, "saving state of pipeline \(state.pipeline) into \(pipeline)'s store")
        try await checkWritable()
        // Nanoseconds since the epoch, but always above the latest saved: clocks of several hosts may disagree.
        let latest = try await run(
            "SELECT max(version) FROM \(qualifiedName) WHERE pipeline = '\(pipeline)' FORMAT TabSeparated")
        let now = ExactTimestamp.now()
        let clock = UInt64(max(0, now.seconds)) &* 1_000_000_000 &+ UInt64(max(0, now.nanoseconds))
        let version = max(clock, (UInt64(latest.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) + 1)
        let row = [
            RunRecordRow.escaped(pipeline), String(version), CivilTime.formatDateTime(epochSeconds: now.seconds),
            RunRecordRow.escaped(PipelineLock.currentHost()), RunRecordRow.escaped(state.jsonText()),
        ].joined(separator: "\t")
        try await run(
            "INSERT INTO \(qualifiedName) (pipeline, version, saved_at, host, document) FORMAT TabSeparated\n\(row)\n")
    }

    public func reset(source: String?) async throws(StateError) {
        guard let source else { return try await save(PipelineState(pipeline: pipeline)) }
        var state = try await load()
        guard state.sources.removeValue(forKey: source) != nil else {
            throw StateError.unknownSource(pipeline: pipeline, source: source, known: state.sources.keys.sorted())
        }
        try await save(state)
    }

    @discardableResult
    private func run(_ sql: String) async throws(StateError) -> String {
        do {
            return try await client.query(sql)
        } catch let error as ClickHouseError {
            throw StateError.unavailable(store: location, reason: error.description, temporary: error.isUnreachable)
        } catch {
            throw StateError.unavailable(store: location, reason: String(describing: error), temporary: false)
        }
    }
}
