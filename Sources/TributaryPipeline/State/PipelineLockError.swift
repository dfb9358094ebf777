/// Why a pipeline lock could not be taken.
public enum PipelineLockError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another run holds the lock. `holder` is nil only when that run has taken the lock but not yet written
    /// its identity (a window of microseconds), or wrote something unreadable.
    case held(holder: LockHolder?, path: String)
    /// The state folder cannot be created or written: checked before any load, so a cron run fails at once
    /// rather than after loading rows it cannot record.
    case folderNotWritable(path: String, reason: String)
    /// The pipeline name cannot name a file in the state folder (empty, a path, or hidden).
    case invalidPipelineName(String)
    /// A system call on the lock file failed (for example `flock` on a filesystem without lock support).
    case io(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case .held(let holder?, let path):
            return "another run holds the lock \(path): \(holder); try again when it finishes"
        case .held(nil, let path):
            return "another run holds the lock \(path) (it has not written its identity yet); try again later"
        case .folderNotWritable(let path, let reason):
            return "the state folder \(path) is not writable: \(reason)"
        case .invalidPipelineName(let name):
            return "cannot lock pipeline \"\(name)\": a pipeline name must be a plain file name (no '/', not empty,"
                + " not starting with '.')"
        case .io(let path, let operation, let reason):
            return "cannot lock \(path): \(operation) failed: \(reason)"
        }
    }
}

/// A held lock is the one temporary case: cron retries exit 75, and the holder will finish. The others need a
/// person (permissions, a full disk, an unsupported filesystem), so they exit 1.
extension PipelineLockError: TemporaryFailure {
    public var isTemporary: Bool {
        if case .held = self { return true }
        return false
    }
}
