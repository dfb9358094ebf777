import TributaryCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a committed source file looked like: its size, times and the SHA-256 of its content.
///
/// The pipeline reloads a file whose content changed and skips one whose content did not. Hashing a
/// multi-gigabyte export on every cron run is the expensive part, so `FileCheck` first compares the stat
/// (`sameStat(as:)`) and hashes only when it differs; a file that was touched but not changed hashes the same and
/// is still skipped.
///
/// Trusting the stat is sound because it includes the status change time, which every write moves and no user
/// call can set back (setting the modification time back moves it too), and because a stat is trusted only when
/// the file had been still for `quietSeconds` before it was hashed: on file systems with coarse timestamps, a
/// write in the same tick as the hash would otherwise look unchanged (git's "racy clean" problem). The
/// trade-off: a change that keeps size, modification time *and* status change time the same (a clock set back,
/// or a raw write to the block device) is missed; `FileCheck.check(…, alwaysHash: true)` closes even that.
///
/// Compute the fingerprint *before* reading the file for the load: a change during or after the load then shows
/// up on the next run as a change, so the worst case is a redundant reload, never a missed one.
public struct FileFingerprint: Sendable, Hashable {
    /// How long a file must have been unchanged when it was hashed for its stat to be trusted later.
    public static let quietSeconds: Int64 = 2
    /// Files are read in chunks of this size, so memory stays flat whatever the file's size.
    public static let chunkBytes = 1 << 20

    /// The path as the pipeline spells it (the key of the source's checkpoint), not necessarily the one opened.
    public var path: String
    public var fileStat: FileStat
    /// SHA-256 of the content, 64 lower-case hex digits.
    public var sha256: String
    /// When the hash was started: decides whether `stat` can be trusted (see `quietSeconds`).
    public var observedAt: ExactTimestamp
    /// What the committed load of this file covered; empty until the runner records it after the commit.
    public var coverage: FileCoverage

    public init(
        path: String, fileStat: FileStat, sha256: String, observedAt: ExactTimestamp,
        coverage: FileCoverage = FileCoverage()
    ) {
        self.path = path
        self.fileStat = fileStat
        self.sha256 = sha256
        self.observedAt = observedAt
        self.coverage = coverage
    }

    public var size: Int64 { fileStat.size }
    public var modified: ExactTimestamp { fileStat.modified }

    /// Stats and hashes the file at `path`; `displayPath` (default: `path`) is what the fingerprint and errors
    /// name. The stat is taken before reading, so a file that changes while it is hashed has a stat that no
    /// longer matches and is looked at again next time.
    public static func compute(path: String, displayPath: String? = nil) throws(StateError) -> FileFingerprint {
        let name = displayPath ?? path
        let observedAt = ExactTimestamp.now()
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw systemError(name, "open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw systemError(name, "stat") }
        let currentStat = try FileStat(info, displayPath: name)

        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: chunkBytes)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw systemError(name, "read")
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return FileFingerprint(path: name, fileStat: currentStat, sha256: hasher.finalize().hex, observedAt: observedAt)
    }

    /// Whether `other` has the same size, modification time and status change time: the cheap check.
    public func sameStat(as other: FileStat) -> Bool { fileStat == other }

    public func sameStat(as other: FileFingerprint) -> Bool { fileStat == other.fileStat }

    /// Whether a later stat equal to this one proves the content unchanged: the file had been quiet for
    /// `quietSeconds` when it was hashed.
    public var statIsTrustworthy: Bool {
        let settled = observedAt.subtracting(seconds: Self.quietSeconds)
        return fileStat.modified <= settled && fileStat.statusChanged <= settled
    }

    private static func systemError(_ path: String, _ operation: String) -> StateError {
        .io(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
