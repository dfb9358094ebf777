/// Whether a source file needs loading, compared with the fingerprint last committed for it.
///
///     let check = try FileCheck.check(path: url.path, displayPath: "exports/2024-07.csv",
///                                     committed: state.fingerprint(source: "aws", path: "exports/2024-07.csv"))
///     if check.needsLoad { … load, commit, then record check.fingerprint … }
public struct FileCheck: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        /// No fingerprint was committed for this path.
        case new
        /// The content differs from the committed fingerprint.
        case changed
        /// The content is the one committed.
        case unchanged
    }

    /// How the verdict was reached, for logs and tests.
    public enum Method: String, Sendable {
        /// Size, modification and status change times matched a trustworthy fingerprint; nothing was read.
        case stat
        /// The content was hashed.
        case hash
    }

    public var verdict: Verdict
    public var method: Method
    /// What to commit for this file once its load has committed. When the stat matched, the committed
    /// fingerprint itself; when the content was hashed, the new fingerprint (so that a touched-but-identical file
    /// takes the stat path next time).
    public var fingerprint: FileFingerprint

    public var needsLoad: Bool { verdict != .unchanged }

    /// Compares the file at `path` with `committed`; hashes only when the stat alone cannot decide, or always
    /// when `alwaysHash` is set.
    public static func check(
        path: String, displayPath: String? = nil, committed: FileFingerprint?, alwaysHash: Bool = false
    ) throws(StateError) -> FileCheck {
        let name = displayPath ?? path
        if let committed, !alwaysHash, committed.statIsTrustworthy,
            committed.sameStat(as: try FileStat.of(path: path, displayPath: name))
        {
            var fingerprint = committed
            fingerprint.path = name
            return FileCheck(verdict: .unchanged, method: .stat, fingerprint: fingerprint)
        }
        let current = try FileFingerprint.compute(path: path, displayPath: name)
        guard let committed else { return FileCheck(verdict: .new, method: .hash, fingerprint: current) }
        let same = committed.sha256 == current.sha256 && committed.size == current.size
        return FileCheck(verdict: same ? .unchanged : .changed, method: .hash, fingerprint: current)
    }
}
