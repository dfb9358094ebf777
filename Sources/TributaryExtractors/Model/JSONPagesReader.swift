import TributaryCore
import TributaryFormats

/// Reads saved API responses, one response object per file, through a `ReportPageFormat`: `.fileStarted`, the
/// page's batches and rejects, `.fileFinished`, file after file.
///
/// A saved page is what `curl` or a notebook wrote from the API (`GET /v1/organization/costs?… > page-01.json`),
/// gzip-compressed or not. Each file is read whole, as the API sent it whole: memory is one page. A file that is
/// not JSON, or not shaped as the report, stops the run naming the file and the JSON path
/// (`ExtractorError.unexpectedJSON`), after the pages before it were delivered.
public struct JSONPagesReader<Format: ReportPageFormat>: ExtractReader {
    private let files: [InputFile]
    private var next = 0
    private var mapper: ReportPageMapper<Format>
    private var events = EventQueue()

    public init(format: Format, files: [InputFile], sourceID: String, batchRows: Int = 16384) {
        self.files = files
        mapper = ReportPageMapper(format: format, sourceID: sourceID, batchRows: batchRows)
    }

    public mutating func next() async throws -> ExtractEvent? {
        if let event = try events.next() { return event }
        if events.stopped { return nil }
        guard next < files.count else { return nil }
        let file = files[next]
        next += 1
        events.append(.fileStarted(path: file.path))
        do {
            let (bytes, consumed) = try Self.readAll(file)
            let page: JSONValue
            do throws(JSONSyntaxError) {
                page = try JSONParser.parse(bytes)
            } catch {
                throw ExtractorError.wrongFormat(
                    file: file.path, line: error.line, expected: mapper.format.name + " response",
                    message: "not valid JSON: \(error.message) at column \(error.column)")
            }
            do throws(JSONShapeError) {
                let mapped = try mapper.map(page, file: file.path, bytesRead: consumed)
                for event in mapped.events { events.append(event) }
            } catch {
                throw error.extractorError(file: file.path)
            }
            events.append(.fileFinished(path: file.path, bytes: consumed))
        } catch {
            events.fail(error)
        }
        return try events.next()
    }

    /// The file's bytes (inflated when gzip) and the bytes taken from disk.
    static func readAll(_ file: InputFile) throws -> ([UInt8], Int) {
        var source = try ExtractorInput.open(file)
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return (out, source.bytesConsumed)
    }
}
