import TributaryCore

/// The one place errors become exit codes.
///
/// 0 success; 1 the run failed; 2 the command or pipeline file is wrong; 3 finished, but rejects exceeded the
/// budget; 75 try later (lock held, ClickHouse unreachable): cron wrappers retry 75 and page on 1.
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    public static let usage: Int32 = 2
    public static let rejectsExceeded: Int32 = 3
    public static let temporaryFailure: Int32 = 75

    public static func code(for error: any Error) -> Int32 {
        switch error {
        case is PipelineFileError: return usage
        case let e as RunError:
            if case .rejectBudgetExceeded = e { return rejectsExceeded }
            if case .backfillImpossible = e { return usage }
            return failure
        case let e as any TemporaryFailure: return e.isTemporary ? temporaryFailure : failure
        default: return failure
        }
    }
}

/// An error that may go away if the run is tried again later (a server down, a lock held).
public protocol TemporaryFailure: Error {
    var isTemporary: Bool { get }
}
