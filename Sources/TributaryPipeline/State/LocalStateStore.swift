import TributaryCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Pipeline state in one JSON file, `<folder>/<pipeline>.state.json`, replaced atomically.
///
/// `save` writes a temporary file in the same folder, `fsync`s it, renames it over the state file and `fsync`s
/// the folder, so that after a crash or power loss the file holds either the old state or the new one, whole.
/// Temporary files a crash left behind are removed by the next `save` (a per-pipeline lock keeps two runs from
/// saving at once). `load` never repairs anything: state it cannot trust is refused with the way out.
public struct LocalStateStore: StateStore {
    /// Used when the pipeline file does not name a state folder.
    public static let defaultFolder = ".tributary/state"
    /// State is meant to be small (lesson L15); a file past this is refused rather than read.
    public static let maxFileBytes = 64 << 20

    public let folder: String
    public let pipeline: String
    /// Called with the temporary file's path after it is written and synced, just before the rename; tests use it
    /// to stand for a crash at the worst moment.
    var beforeRename: (@Sendable (String) throws -> Void)?

    /// `pipeline` becomes part of a file name, so it may hold only letters, digits, `_`, `-` and `.`.
    public init(folder: String = defaultFolder, pipeline: String) throws(StateError) {
        let allowed = pipeline.utf8.allSatisfy {
            (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
        }
        guard allowed, !pipeline.isEmpty, !pipeline.hasPrefix("."), pipeline.utf8.count <= 200 else {
            throw StateError.invalidPipelineName(pipeline)
        }
        self.folder = folder.isEmpty ? "." : folder
        self.pipeline = pipeline
    }

    /// The state file.
    public var path: String { folder + "/" + pipeline + ".state.json" }

    private var temporaryPrefix: String { "." + pipeline + ".state.json.tmp-" }

    // MARK: StateStore

    public func checkWritable() throws(StateError) {
        try makeFolder()
        let probe = folder + "/." + pipeline + ".probe-\(getpid())"
        let fd = open(probe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StateError.folderNotWritable(path: folder, reason: Self.reason()) }
        close(fd)
        guard unlink(probe) == 0 else { throw StateError.folderNotWritable(path: folder, reason: Self.reason()) }
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw StateError.folderNotWritable(path: folder, reason: "\(path) exists and is not a regular file")
        }
    }

    public func load() throws(StateError) -> PipelineState {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return PipelineState(pipeline: pipeline) }
            throw StateError.io(path: path, operation: "open the state file", reason: Self.reason())
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw StateError.io(path: path, operation: "read the state file", reason: Self.reason())
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            guard bytes.count <= Self.maxFileBytes else {
                throw StateError.corrupt(
                    path: path, pipeline: pipeline, detail: "it is larger than \(Self.maxFileBytes >> 20) MiB")
            }
        }
        do {
            return try PipelineState.decode(bytes, pipeline: pipeline)
        } catch {
            throw StateError.corrupt(path: path, pipeline: pipeline, detail: error.detail)
        }
    }

    public func save(_ state: PipelineState) throws(StateError) {
        precondition(state.pipeline == pipeline, "saving state of pipeline \(state.pipeline) into \(pipeline)'s store")
        try makeFolder()
        removeStaleTemporaries()
        let bytes = Array(state.jsonText().utf8)
        let temporary = folder + "/" + temporaryPrefix + "\(getpid())-\(ExactTimestamp.now().nanoseconds)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StateError.io(path: temporary, operation: "create the temporary state file", reason: Self.reason())
        }
        var isOpen = true
        do throws(StateError) {
            try Self.writeAll(bytes, to: fd, path: temporary)
            guard fsync(fd) == 0 else {
                throw StateError.io(path: temporary, operation: "fsync", reason: Self.reason())
            }
            isOpen = false
            guard close(fd) == 0 else {
                throw StateError.io(path: temporary, operation: "close", reason: Self.reason())
            }
            if let beforeRename {
                do {
                    try beforeRename(temporary)
                } catch {
                    throw StateError.io(path: temporary, operation: "rename", reason: "\(error)")
                }
            }
            guard rename(temporary, path) == 0 else {
                throw StateError.io(path: path, operation: "replace the state file", reason: Self.reason())
            }
        } catch {
            if isOpen { close(fd) }
            unlink(temporary)
            throw error
        }
        try syncFolder()
    }

    public func reset(source: String?) throws(StateError) {
        guard let source else {
            guard unlink(path) == 0 || errno == ENOENT else {
                throw StateError.io(path: path, operation: "remove the state file", reason: Self.reason())
            }
            try syncFolder()
            return
        }
        var state = try load()
        guard state.sources.removeValue(forKey: source) != nil else {
            throw StateError.unknownSource(pipeline: pipeline, source: source, known: state.sources.keys.sorted())
        }
        try save(state)
    }

    // MARK: Files

    /// `mkdir -p folder`, with the failing component and errno in the message.
    private func makeFolder() throws(StateError) {
        var prefix = folder.hasPrefix("/") ? "/" : ""
        for component in folder.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw StateError.folderNotWritable(path: folder, reason: "cannot create \(prefix): \(Self.reason())")
            }
            prefix += "/"
        }
        var info = stat()
        guard stat(folder, &info) == 0 else {
            throw StateError.folderNotWritable(path: folder, reason: Self.reason())
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw StateError.folderNotWritable(path: folder, reason: "it exists and is not a folder")
        }
    }

    /// Temporary files a crashed `save` left; removing them is best effort.
    private func removeStaleTemporaries() {
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(temporaryPrefix) { unlink(folder + "/" + name) }
        }
    }

    /// Makes the rename (or removal) durable: without it a power loss can bring the old file back.
    private func syncFolder() throws(StateError) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            throw StateError.io(path: folder, operation: "open the state folder", reason: Self.reason())
        }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StateError.io(path: folder, operation: "fsync", reason: Self.reason()) }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(StateError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw StateError.io(path: path, operation: "write", reason: reason())
            }
            offset += n
        }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
