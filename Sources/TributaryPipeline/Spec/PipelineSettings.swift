import TributaryCore

/// How many rejected rows a run may have before it fails with exit 3.
public enum RejectBudget: Sendable, Equatable, CustomStringConvertible {
    case unlimited
    /// At most this many rejected rows.
    case count(Int)
    /// At most this share of the rows read (0…1).
    case ratio(Double)

    /// Whether `rejected` out of `read` rows breaks the budget. A ratio is judged on the whole run's rows, so it
    /// is checked once the input is read (`final`), a count as soon as it is passed.
    public func isExceeded(rejected: Int, read: Int, final: Bool) -> Bool {
        switch self {
        case .unlimited: false
        case .count(let n): rejected > n
        case .ratio(let r): final && read > 0 && Double(rejected) / Double(read) > r
        }
    }

    public var description: String {
        switch self {
        case .unlimited: "unlimited"
        case .count(let n): "\(n) rows"
        case .ratio(let r): "\(r * 100)% of rows read"
        }
    }
}

/// `[pipeline] state`: where a pipeline's state lives.
public enum StateBackend: String, Sendable, Equatable, CaseIterable {
    /// `<state_dir>/<pipeline>.state.json`.
    case local
    /// `_tributary_state` in the sink's ClickHouse database, for hosts that share a pipeline.
    case clickhouse
}

/// The `[pipeline]` table.
public struct PipelineSettings: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var maxRejects: RejectBudget
    /// Where rejected rows go (JSON Lines); `{pipeline}` and `{run_id}` are replaced.
    public var rejectsPath: String
    /// The folder for the pipeline's lock (and, with the cron-safe runs, its state); nil means
    /// `.tributary/state` under the working directory.
    public var stateDirectory: String?
    /// Where state is kept between runs: a local file (default), or the sink's ClickHouse.
    public var stateStore: StateBackend = .local
    /// The pipeline file, as given on the command line.
    public var file: String
    /// The folder relative paths in the file are resolved against: the pipeline file's own folder, so that a
    /// cron job gives the same result whatever its working directory.
    public var directory: String

    public static let defaultRejectsPath = ".tributary/rejects/{pipeline}/{run_id}.jsonl"

    public init(
        name: String, description: String? = nil, maxRejects: RejectBudget = .unlimited,
        rejectsPath: String = PipelineSettings.defaultRejectsPath, file: String, directory: String
    ) {
        self.name = name
        self.description = description
        self.maxRejects = maxRejects
        self.rejectsPath = rejectsPath
        self.file = file
        self.directory = directory
    }
}
