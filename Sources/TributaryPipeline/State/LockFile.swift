import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The system calls behind `PipelineLock`, each turning `errno` into a message, so that the lock's logic reads
/// as steps.
enum LockFile {
    enum LockAttempt: Equatable {
        case locked
        /// Another open file holds the flock.
        case busy
        case failed(String)
    }

    static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Creates `folder` and its parents if missing, then checks that files can be created in it: a state folder
    /// that is not writable must fail the run before any load, not when the state is saved after it.
    static func makeWritableFolder(_ folder: String) throws(PipelineLockError) {
        var prefix = folder.hasPrefix("/") ? "/" : ""
        for component in folder.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .folderNotWritable(path: folder, reason: "cannot create \(prefix): \(errorText())")
            }
        }
        var info = stat()
        guard stat(folder, &info) == 0 else {
            throw .folderNotWritable(path: folder, reason: errorText())
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw .folderNotWritable(path: folder, reason: "it is not a folder")
        }
        // As root, access() allows writes that permissions forbid, as the kernel does; a read-only mount
        // still fails here (EROFS).
        guard access(folder, W_OK | X_OK) == 0 else {
            throw .folderNotWritable(path: folder, reason: errorText())
        }
    }

    /// Opens (creating) the lock file for reading and writing; close-on-exec, so that a child process (a
    /// command a source runs) does not inherit the descriptor and keep the lock alive after this run dies.
    static func openFile(_ path: String, folder: String) throws(PipelineLockError) -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            if code == EACCES || code == EROFS || code == EPERM || code == ENOSPC {
                throw .folderNotWritable(path: folder, reason: "cannot open \(path): \(errorText(code))")
            }
            throw .io(path: path, operation: "open", reason: errorText(code))
        }
        return fd
    }

    static func tryLock(_ fd: Int32) -> LockAttempt {
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return .locked }
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK || code == EAGAIN { return .busy }
            return .failed(errorText(code))
        }
    }

    /// The holder of a lock we could not take. The holder writes its identity just after taking the flock, so
    /// an empty file may only mean "not yet": look again a few times (50 ms at most) before giving up.
    static func readHolderWhileHeld(_ fd: Int32) -> LockHolder? {
        for attempt in 0..<6 {
            if let holder = LockHolder(jsonLine: readAll(fd)) { return holder }
            if attempt < 5 { usleep(10_000) }
        }
        return nil
    }

    /// The file's content from offset 0 (at most 64 KiB: an identity is one short line); "" on error.
    static func readAll(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65536 {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(bytes.count)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Truncates, writes `text` at offset 0 and fsyncs; the failing operation and its reason, or nil.
    static func replaceContent(_ fd: Int32, with text: String) -> (operation: String, reason: String)? {
        guard ftruncate(fd, 0) == 0 else { return ("ftruncate", errorText()) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes {
                pwrite(fd, $0.baseAddress?.advanced(by: written), bytes.count - written, off_t(written))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return ("write", errorText()) }
            written += n
        }
        guard fsync(fd) == 0 else { return ("fsync", errorText()) }
        return nil
    }
}
