import TributaryCore

/// Why a run stopped, when the cause is the runner's own.
public enum RunError: Error, Sendable, Equatable, CustomStringConvertible {
    /// More rows were rejected than `[pipeline] max_rejects` allows.
    case rejectBudgetExceeded(rejected: Int, read: Int, budget: RejectBudget, rejectsPath: String)
    /// A file could not be written or read.
    case io(String)
    /// The books did not balance: a bug, reported rather than hidden.
    case unreconciled(file: String, detail: String)
    /// A stage failed on a batch for a structural reason; `location` names the batch's source range.
    case stageFailed(stage: String, location: String, message: String)
    /// A backfill that cannot be done as asked (found before anything is loaded).
    case backfillImpossible(String)

    public var description: String {
        switch self {
        case .rejectBudgetExceeded(let rejected, let read, let budget, let path):
            "\(rejected) of \(read) rows were rejected, more than max_rejects allows (\(budget)); see \(path)"
        case .io(let m): m
        case .unreconciled(let file, let detail):
            "rows or money of \(file) do not reconcile (\(detail)); this is a bug in tributary, please report it"
        case .stageFailed(let stage, let location, let message): "\(location): stage '\(stage)': \(message)"
        case .backfillImpossible(let why): "cannot backfill: \(why)"
        }
    }
}
