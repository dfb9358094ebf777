import TributaryCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `fstat(2)` says about a regular file: the cheap part of a fingerprint.
public struct FileStat: Sendable, Hashable {
    public var size: Int64
    /// Content modification time (`st_mtim`); anyone can set it back, with `touch -d` or `utimensat`.
    public var modified: ExactTimestamp
    /// Status change time (`st_ctim`): the kernel moves it on every write, rename and `utimensat`, and no user
    /// call can set it, which is what makes a size-and-times match worth trusting.
    public var statusChanged: ExactTimestamp

    public init(size: Int64, modified: ExactTimestamp, statusChanged: ExactTimestamp) {
        self.size = size
        self.modified = modified
        self.statusChanged = statusChanged
    }

    /// The stat of `path`; errors name `displayPath` (default: `path`). Only regular files have a fingerprint.
    public static func of(path: String, displayPath: String? = nil) throws(StateError) -> FileStat {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw StateError.io(path: displayPath ?? path, operation: "stat", reason: String(cString: strerror(errno)))
        }
        return try FileStat(info, displayPath: displayPath ?? path)
    }

    init(_ info: stat, displayPath: String) throws(StateError) {
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw StateError.io(path: displayPath, operation: "fingerprint", reason: "it is not a regular file")
        }
        #if canImport(Darwin)
            let m = info.st_mtimespec
            let c = info.st_ctimespec
        #else
            let m = info.st_mtim
            let c = info.st_ctim
        #endif
        size = Int64(info.st_size)
        modified = ExactTimestamp(seconds: Int64(m.tv_sec), nanoseconds: Int64(m.tv_nsec))
        statusChanged = ExactTimestamp(seconds: Int64(c.tv_sec), nanoseconds: Int64(c.tv_nsec))
    }
}
