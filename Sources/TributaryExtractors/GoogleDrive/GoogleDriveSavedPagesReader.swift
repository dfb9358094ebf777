import TributaryCore
import TributaryFormats

/// Reads saved pages one file at a time: parse, check the shape, map, hand over the events.
public struct GoogleDriveSavedPagesReader<Format: GoogleDrivePageFormat>: ExtractReader {
    private let files: [InputFile]
    private let maxPageBytes: Int
    private var next = 0
    private var batcher: GoogleDrivePageBatcher<Format>
    private var events = EventQueue()

    init(format: Format, files: [InputFile], sourceID: String, batchRows: Int, maxPageBytes: Int) {
        self.files = files
        self.maxPageBytes = maxPageBytes
        batcher = GoogleDrivePageBatcher(format: format, sourceID: sourceID, batchRows: batchRows)
    }

    public mutating func next() async throws -> ExtractEvent? {
        while true {
            if let event = try events.next() { return event }
            guard !events.stopped, next < files.count else { return nil }
            let file = files[next]
            next += 1
            let (bytes, consumed) = try read(file)
            let json: JSONValue
            do {
                json = try JSONParser.parse(bytes)
            } catch {
                throw error.located(in: file.path)
            }
            try batcher.emit(GoogleDrivePage(json, file: file.path), bytes: consumed, listedAt: nil, into: &events)
        }
    }

    /// The whole file, decompressed, and the bytes taken from disk.
    private func read(_ file: InputFile) throws -> ([UInt8], Int) {
        var source = try ExtractorInput.open(file)
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            guard out.count <= maxPageBytes else {
                throw ExtractorError.wrongFormat(
                    file: file.path, line: 0, expected: "Drive JSON page",
                    message: "it is larger than \(maxPageBytes) bytes, more than any API page")
            }
        }
        return (out, source.bytesConsumed)
    }
}
