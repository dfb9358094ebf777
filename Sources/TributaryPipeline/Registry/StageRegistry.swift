import TributaryCore

/// What a stage factory is handed at compile time.
struct StageContextInfo {
    /// The stage id from the file (`source`, `drop-free-tier`).
    let id: String
    let settings: PipelineSettings
    /// For the sink: the defaults of the table the source produces, when it produces one of Tributary's tables.
    var tableDefaults: TableDefaults? = nil
}

/// A source kind: its `type`, a one-line summary, an example configuration, and a factory that reads its
/// table (reporting problems to the reader's log) and returns the extractor, or nil when the table is wrong.
struct SourceKind: Sendable {
    let type: String
    let summary: String
    let example: String
    let make: @Sendable (ConfigReader, StageContextInfo) -> (any Extractor)?
}

/// A transform kind; its factory also gets the schema of the rows it receives, to check expressions and
/// column names at compile time. When the input schema is unknown (an earlier stage failed) the factory still
/// reads its keys, so that their problems are reported too, and returns nil.
struct TransformKind: Sendable {
    let type: String
    let summary: String
    let example: String
    let make: @Sendable (ConfigReader, StageContextInfo, Schema?) -> (any Transformer)?
}

/// A sink kind.
struct SinkKind: Sendable {
    let type: String
    let summary: String
    let example: String
    let make: @Sendable (ConfigReader, StageContextInfo, Schema?) -> (any SinkPlan)?
}

/// A compiled sink: what it would do (for `plan`) and how to open it (for `run`).
public protocol SinkPlan: Sendable {
    /// One line: where rows go.
    var summary: String { get }
    /// The statements that create or evolve the destination, as they would run on an empty server.
    func plannedDDL() -> [String]
    /// A loader for one run.
    func makeLoader(runID: String) -> any Loader
    /// Keeps a record of a finished run where the destination's readers can see it (a dashboard of freshness
    /// and failures). Called once per run that was not a dry run, after the summary is built.
    func recordRun(_ summary: RunSummary) async throws
    /// Whether a commit replaces whole slices (partitions), so that a slice must be read whole before it is
    /// replaced.
    var replacesSlices: Bool { get }
    /// The calendar period the slices are cut by when they are cut by the days of `timeColumn`; nil when they
    /// are not (or the sink does not replace slices).
    func slicePeriod(timeColumn: String) -> ChunkSize?
    /// Keeps one row per committed slice where the destination's readers can see it; called after each commit.
    func recordLoads(_ loads: [LoadRecord]) async throws
    /// Why the destination cannot hold the loads `pipeline`'s state records (its table is gone, or nothing there
    /// records a load of this pipeline); nil when it can, or when the sink cannot tell. Such state is stale, and
    /// the run must read everything again.
    func missingLoads(of pipeline: String) async throws -> String?
    /// Creates or refreshes the destination's dashboard views after a successful run; returns their names.
    func refreshViews() async throws -> [String]
}

extension SinkPlan {
    /// Most sinks have nowhere to keep run history (a file): nothing to do.
    public func recordRun(_ summary: RunSummary) async throws {}
    public var replacesSlices: Bool { false }
    public func slicePeriod(timeColumn: String) -> ChunkSize? { nil }
    public func recordLoads(_ loads: [LoadRecord]) async throws {}
    public func missingLoads(of pipeline: String) async throws -> String? { nil }
    public func refreshViews() async throws -> [String] { [] }
}

/// Every stage kind this build knows, by `type`.
///
/// Adding a kind is one entry here plus its file in the stage module; `tributary --help` and the registry test
/// (which compiles every example) pick it up.
public struct StageRegistry: Sendable {
    let sources: [SourceKind]
    let transforms: [TransformKind]
    let sinks: [SinkKind]

    public static let standard = StageRegistry(
        sources: [
            .csv, .jsonl, .focus, .awsCUR, .azureCost, .gcpBilling, .openAICosts, .openAIUsage, .anthropicCosts,
            .anthropicUsage, .gatewayLogs, .pennylane, .gdrive,
        ],
        transforms: [.rename, .select, .cast, .filter, .derive, .price, .fx, .lookup],
        sinks: [.clickhouse, .file]
    )

    func source(_ type: String) -> SourceKind? { sources.first { $0.type == type } }
    func transform(_ type: String) -> TransformKind? { transforms.first { $0.type == type } }
    func sink(_ type: String) -> SinkKind? { sinks.first { $0.type == type } }

    /// `(role, type, summary)` for help text.
    public var catalog: [(role: String, type: String, summary: String)] {
        sources.map { ("source", $0.type, $0.summary) } + transforms.map { ("transform", $0.type, $0.summary) }
            + sinks.map { ("sink", $0.type, $0.summary) }
    }

    /// `(role, type, example TOML)` for the registry test and docs.
    public var examples: [(role: String, type: String, example: String)] {
        sources.map { ("source", $0.type, $0.example) } + transforms.map { ("transform", $0.type, $0.example) }
            + sinks.map { ("sink", $0.type, $0.example) }
    }
}
