import Foundation
import TributaryCore
import TributaryFormats

/// The `pennylane` source reading saved API responses: list pages of either generation, changelog pages, and
/// resources saved one per file, from files or folders of them (`paths`).
///
/// A saved changelog page contributes its deletions (tombstones); its inserts and updates are data only once
/// the resources are read again, so they come in other files (a later listing, or `GET /<resource>/<id>`
/// responses). Rows of every file are merged by version in the table, so the order of the files does not matter.
/// Line entities read the lines saved pages hold: a v2 listing saved with `include=invoice_lines`, or v1
/// `line_items`.
///
///     let extractor = try PennyLaneFileExtractor(
///         format: .invoices(.customerInvoices), sourceID: "pennylane", paths: ["saved/customer_invoices"],
///         baseDirectory: ".", tableDefaults: InvoiceRow.tableDefaults)
public struct PennyLaneFileExtractor<Row: ModelRow>: FileExtractor, ModelExtractor {
    public let format: PennyLaneFormat<Row>
    public let sourceID: String
    public let paths: [String]
    public let baseDirectory: String
    public let batchRows: Int
    public let tableDefaults: TableDefaults?

    public var outputSchema: Schema { Row.schema }
    public var moneyColumns: [String] { Row.moneyColumns }

    public init(
        format: PennyLaneFormat<Row>, sourceID: String, paths: [String], baseDirectory: String,
        batchRows: Int = 16384, tableDefaults: TableDefaults?
    ) throws(ExtractorError) {
        try CSVExtractor.checkCommon(sourceID: sourceID, paths: paths, batchRows: batchRows)
        self.format = format
        self.sourceID = sourceID
        self.paths = paths
        self.baseDirectory = baseDirectory
        self.batchRows = batchRows
        self.tableDefaults = tableDefaults
    }

    /// The files `paths` match; a folder means every `.json` (or `.json.gz`) file below it, changelog pages and
    /// the records they point at included.
    public func inputFiles() throws -> [InputFile] {
        try FileGlob.expandPages(paths, baseDirectory: baseDirectory, recursive: true)
    }

    public func open(files: [InputFile]) throws -> any ExtractReader {
        PennyLaneFileReader(format: format, files: files, sourceID: sourceID, batchRows: batchRows)
    }
}

/// Reads saved responses one file at a time: a file is parsed whole (a page is as large as the API's page
/// limit), classified, and emitted as its rows and rejects.
struct PennyLaneFileReader<Row: ModelRow>: ExtractReader {
    let format: PennyLaneFormat<Row>
    let files: [InputFile]
    private var index = 0
    private var emitter: PennyLaneEmitter<Row>
    private var pending: [ExtractEvent] = []
    private var bytesBefore = 0

    init(format: PennyLaneFormat<Row>, files: [InputFile], sourceID: String, batchRows: Int) {
        self.format = format
        self.files = files
        emitter = PennyLaneEmitter(sourceID: sourceID, batchRows: batchRows)
    }

    mutating func next() async throws -> ExtractEvent? {
        while pending.isEmpty {
            guard index < files.count else { return nil }
            let file = files[index]
            index += 1
            let bytes = try Self.contents(of: file)
            let json: JSONValue
            do {
                json = try JSONParser.parse(bytes)
            } catch {
                throw ExtractorError.wrongFormat(
                    file: file.path, line: error.line, expected: "PennyLane API response",
                    message: "not valid JSON: \(error.message) at column \(error.column)")
            }
            let records: [PennyLaneRecord<Row>]
            do throws(PennyLaneShapeError) {
                records = try format.records(of: try PennyLanePage.classify(json, entity: format.entity), json: json)
            } catch {
                throw error.extractorError(file: file.path)
            }
            pending = emitter.events(file: file.path, records: records, bytes: bytes.count, bytesBefore: bytesBefore)
            bytesBefore += bytes.count
        }
        return pending.removeFirst()
    }

    /// The file's bytes, inflated when it is gzip.
    static func contents(of file: InputFile) throws -> [UInt8] {
        var source = try ExtractorInput.open(file)
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
        }
    }
}
