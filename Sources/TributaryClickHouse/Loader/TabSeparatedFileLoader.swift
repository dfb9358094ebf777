import Foundation
import TributaryCore

/// Writes a run's rows to a file as TabSeparated: byte for byte the bodies the ClickHouse loader would send,
/// uncompressed. For looking at what would load, and for measuring the pipeline without a server.
public actor TabSeparatedFileLoader: Loader {
    public nonisolated let path: String
    private let encoder = TabSeparatedEncoder()
    private var handle: FileHandle?
    private let buffer = EncodeBuffer(capacity: 1 << 23)
    private var rows = 0
    private var bytes = 0

    public init(path: String) {
        self.path = path
    }

    public func prepare(schema: Schema) async throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        guard FileManager.default.createFile(atPath: path, contents: nil) || path == "/dev/null",
            let h = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        handle = h
    }

    public func write(_ batch: RecordBatch) async throws {
        encoder.encode(batch, rows: 0..<batch.count, into: buffer)
        rows += batch.count
        if buffer.count >= 1 << 22 { try flush() }
    }

    public func commit() async throws -> LoadReceipt {
        try flush()
        try handle?.close()
        handle = nil
        return LoadReceipt(rows: rows, inserts: 1, bytesSent: bytes)
    }

    private func flush() throws {
        guard let handle, buffer.count > 0 else { return }
        try handle.write(contentsOf: buffer.bytes)
        bytes += buffer.count
        buffer.removeAll()
    }
}
