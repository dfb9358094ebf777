import Foundation
import TributaryCore

/// Appends rejected rows to the run's rejects file, one JSON object per line.
///
/// The file is created on the first reject only, so a clean run leaves nothing behind. Each line names the
/// pipeline, run, stage, source file, line, field and reason, and carries the raw row.
final class RejectsWriter {
    let path: String
    let pipeline: String
    let runID: String
    private var handle: FileHandle?
    private var buffer = Data()
    private(set) var count = 0

    init(path: String, pipeline: String, runID: String) {
        self.path = path
        self.pipeline = pipeline
        self.runID = runID
    }

    func write(_ r: Reject) throws {
        var json = JSONText()
        json.add("pipeline", pipeline)
        json.add("run_id", runID)
        json.add("stage", r.stage)
        json.add("source_file", r.file)
        json.add("line", r.line)
        json.add("field", r.field)
        json.add("reason", r.reason)
        var raw = JSONText()
        for (k, v) in r.raw { raw.add(k, v) }
        json.add("raw", raw: raw.closed())
        buffer.append(contentsOf: Array((json.closed() + "\n").utf8))
        count += 1
        if buffer.count > 1 << 16 { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        if handle == nil {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw RunError.io("cannot create the rejects file \(path)")
            }
            handle = FileHandle(forWritingAtPath: path)
        }
        guard let handle else { throw RunError.io("cannot open the rejects file \(path)") }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle?.close()
        handle = nil
    }
}
