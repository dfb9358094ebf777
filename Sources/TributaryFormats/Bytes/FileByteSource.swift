#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file with plain `read(2)` calls into the caller's buffer.
///
/// No `FileHandle` or `Data`: each chunk lands straight in the reader's buffer, which is what lets the CSV framer
/// reach memory bandwidth. A class so that the descriptor is closed exactly once, when the last user lets go.
public final class FileByteSource: ByteSource {
    /// The name errors use: the path as the user wrote it, which may differ from the one opened.
    public let path: String
    public private(set) var bytesConsumed = 0
    private var descriptor: Int32

    /// Opens `path`; errors name the file `displayPath` (default: `path`).
    public init(path: String, displayPath: String? = nil) throws(FormatsError) {
        let name = displayPath ?? path
        self.path = name
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileByteSource.systemError(path: name, operation: "open the file") }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw FormatsError.io(path: name, operation: "read the file", message: "it is a directory")
        }
        descriptor = fd
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0, descriptor >= 0 else { return 0 }
        while true {
            #if canImport(Glibc)
                let n = Glibc.read(descriptor, base, buffer.count)
            #else
                let n = Darwin.read(descriptor, base, buffer.count)
            #endif
            if n >= 0 {
                bytesConsumed += n
                return n
            }
            if errno != EINTR { throw FileByteSource.systemError(path: path, operation: "read the file") }
        }
    }

    /// The first bytes of the file, read without moving the read position (to sniff gzip's magic number).
    public func peek(count: Int) throws(FormatsError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, 0) }
        guard n >= 0 else { throw FileByteSource.systemError(path: path, operation: "read the file") }
        return Array(bytes.prefix(n))
    }

    /// Whether the file starts with gzip's magic number `1f 8b`: content decides, not the name, since files
    /// named `.gz` often arrive already decompressed by an HTTP client.
    public func isGzip() throws(FormatsError) -> Bool {
        try peek(count: 2) == [0x1F, 0x8B]
    }

    static func systemError(path: String, operation: String) -> FormatsError {
        let code = errno
        let message = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return .io(path: path, operation: operation, message: message)
    }
}
