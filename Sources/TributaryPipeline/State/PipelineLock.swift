import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lock that keeps two runs of one pipeline from overlapping (two cron ticks, or cron and a person).
///
/// The lock is `flock(LOCK_EX | LOCK_NB)` on `<folder>/<pipeline>.lock`, held on a file descriptor that stays
/// open for the lock's lifetime. The kernel drops a flock when the last descriptor of its open file closes, so
/// a run that dies in any way, `kill -9` included, leaves no lock behind: there is no expiry to tune and no
/// stale lock to break. The file's content is only the holder's identity (`LockHolder`, one JSON line),
/// written after the flock is taken, so that the run that loses can name the winner, and so that a leftover
/// identity from a process that has died on this host can be reported as a takeover.
///
/// The flock is the only authority. An identity in the file whose flock is free belongs to a run that ended
/// without releasing (it crashed), whatever host it names: the lock is taken. That is right on local disks.
/// On NFS, `flock` is emulated with POSIX byte-range locks on recent Linux kernels and unreliable on older
/// clients and other systems, so runs on different hosts sharing a state folder over NFS are not reliably kept
/// apart: use one host per pipeline, or the ClickHouse state store, which is meant for many hosts.
///
/// Usage:
///
///     let lock = try PipelineLock.acquire(pipeline: "aws_cur", folder: stateFolder)
///     if let dead = lock.takenOverFrom { logger.warning(PipelineLock.takeoverWarning(dead)) }
///     defer { lock.release() }
///
/// A lock is `Sendable`: its descriptor sits behind a mutex, so `release()` may come from any task, once.
public final class PipelineLock: Sendable {
    /// `<folder>/<pipeline>.lock`.
    public let path: String
    /// The identity this lock wrote into the file.
    public let holder: LockHolder
    /// The identity left in the file by a process on this host that is no longer running, when there was one:
    /// the caller logs a warning (see `takeoverWarning(_:)`), since such a run died without finishing.
    public let takenOverFrom: LockHolder?
    /// The open descriptor that holds the flock; -1 once released.
    private let descriptor: Mutex<Int32>

    private init(path: String, holder: LockHolder, takenOverFrom: LockHolder?, descriptor: Int32) {
        self.path = path
        self.holder = holder
        self.takenOverFrom = takenOverFrom
        self.descriptor = Mutex(descriptor)
    }

    /// Takes the lock for `pipeline` in `folder` (created if missing), or fails at once.
    ///
    /// Fails with `.held` (exit 75) when another run holds it, `.folderNotWritable` when the state folder cannot
    /// be created or written (checked here, before any load), `.invalidPipelineName` for a name that is not a
    /// plain file name, and `.io` when a system call on the lock file fails. `now`, `pid` and `host` are
    /// parameters so that tests can write identities of their choosing.
    public static func acquire(
        pipeline: String, folder: String, now: Date = Date(), pid: Int32 = getpid(),
        host: String = PipelineLock.currentHost(), runID: String? = nil
    ) throws(PipelineLockError) -> PipelineLock {
        guard !pipeline.isEmpty, !pipeline.contains("/"), !pipeline.hasPrefix(".") else {
            throw .invalidPipelineName(pipeline)
        }
        try LockFile.makeWritableFolder(folder)
        let path = (folder.hasSuffix("/") ? folder : folder + "/") + pipeline + ".lock"
        let fd = try LockFile.openFile(path, folder: folder)

        switch LockFile.tryLock(fd) {
        case .locked: break
        case .busy:
            let holder = LockFile.readHolderWhileHeld(fd)
            close(fd)
            throw .held(holder: holder, path: path)
        case .failed(let reason):
            close(fd)
            throw .io(path: path, operation: "flock", reason: reason)
        }

        let previous = LockHolder(jsonLine: LockFile.readAll(fd))
        let takenOver = previous.flatMap { $0.host == host && !isProcessAlive($0.pid) ? $0 : nil }
        let me = LockHolder(pid: pid, host: host, started: now, runID: runID)
        if let failure = LockFile.replaceContent(fd, with: me.jsonLine) {
            close(fd)  // closing drops the flock too
            throw .io(path: path, operation: failure.operation, reason: failure.reason)
        }
        return PipelineLock(path: path, holder: me, takenOverFrom: takenOver, descriptor: fd)
    }

    /// Clears the identity and drops the lock; calling it again does nothing.
    ///
    /// The file is emptied, not removed: removing it would let a run that opened the old file just before the
    /// removal lock that orphaned inode while a later run creates and locks a new file, and both would run.
    /// Clearing is best effort: if it fails, the leftover identity names a finished process and the next run
    /// reports it as a takeover, which is harmless.
    public func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            _ = ftruncate(fd, 0)
            _ = flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    deinit { release() }

    /// Whether the lock is still held by this object (false after `release()`).
    public var isHeld: Bool { descriptor.withLock { $0 >= 0 } }

    /// The warning a caller logs after taking over a lock from a dead process.
    public static func takeoverWarning(_ dead: LockHolder) -> String {
        "took over the lock left by pid \(dead.pid) (started \(dead.startedAt)), which is no longer running"
    }

    /// This machine's host name, as `gethostname` gives it; "unknown" if that fails.
    public static func currentHost() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// True unless `kill(pid, 0)` says there is no such process: EPERM means it runs as another user, and is
    /// alive. A pid may have been reused by an unrelated process since; then the takeover goes unreported,
    /// which only loses a warning, never the lock's safety (the flock decides).
    static func isProcessAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }  // kill(0 or negative) would address process groups
        if kill(pid, 0) == 0 { return true }
        return errno != ESRCH
    }
}
