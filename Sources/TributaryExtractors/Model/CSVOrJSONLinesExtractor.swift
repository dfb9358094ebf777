import TributaryCore
import TributaryFormats

/// How one input file is written: CSV with a header, or JSON Lines.
public enum FileShape: String, Sendable, Equatable, CaseIterable {
    case csv
    case jsonLines = "jsonl"

    /// The shape of `file` as its first bytes say: JSON Lines when the first character that is not white space
    /// (after a byte order mark, gzip inflated) opens an object, CSV otherwise. An empty file is JSON Lines (no
    /// records), so that an empty extract shard reads as nothing rather than as a CSV without a header.
    public static func detect(_ file: InputFile) throws -> FileShape {
        var source = try ExtractorInput.open(file)
        var buffer = [UInt8](repeating: 0, count: 4096)
        var seen = 0
        while true {
            let n = try buffer.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0...]))
            }
            if n == 0 { return .jsonLines }
            for (i, byte) in buffer[0..<n].enumerated() {
                let offset = seen + i
                // The UTF-8 byte order mark, EF BB BF, at the very start.
                if offset < 3, byte == [0xEF, 0xBB, 0xBF][offset] { continue }
                switch byte {
                case 0x20, 0x09, 0x0A, 0x0D: continue
                case UInt8(ascii: "{"): return .jsonLines
                default: return .csv
                }
            }
            seen += n
            // A file that starts with more than a page of white space is neither.
            if seen >= 1 << 20 { return .csv }
        }
    }
}

/// A file source of a provider whose exports come as CSV or as JSON Lines (a BigQuery extract of the GCP
/// billing table, gateway request logs): each file is read by the extractor of its shape, told by its content
/// (`FileShape.detect`) unless the source fixes it.
///
/// Both extractors read the same patterns and yield the same schema (the model table's, or the same native
/// columns with `raw = true`); the runner sees one source, one file after another.
public struct CSVOrJSONLinesExtractor: FileExtractor, ModelExtractor {
    public let csv: any FileExtractor
    public let jsonLines: any FileExtractor
    /// Nil: each file's content decides.
    public let shape: FileShape?
    public let tableDefaults: TableDefaults?

    public var outputSchema: Schema { csv.outputSchema }
    public var moneyColumns: [String] { csv.moneyColumns }

    /// Fails when the two extractors disagree on the schema or the money columns: a programmer's error in the
    /// source's definition, reported as a configuration problem rather than a crash.
    public init(
        csv: any FileExtractor, jsonLines: any FileExtractor, shape: FileShape?, tableDefaults: TableDefaults?
    ) throws(ExtractorError) {
        guard csv.outputSchema == jsonLines.outputSchema, csv.moneyColumns == jsonLines.moneyColumns else {
            throw .invalidConfiguration(
                key: "format", message: "the CSV and JSON Lines readers yield different columns")
        }
        self.csv = csv
        self.jsonLines = jsonLines
        self.shape = shape
        self.tableDefaults = tableDefaults
    }

    public func inputFiles() throws -> [InputFile] { try csv.inputFiles() }

    public func open(files: [InputFile]) throws -> any ExtractReader {
        CSVOrJSONLinesReader(extractor: self, files: files)
    }

    func reader(for file: InputFile) throws -> any ExtractReader {
        switch try shape ?? FileShape.detect(file) {
        case .csv: try csv.open(files: [file])
        case .jsonLines: try jsonLines.open(files: [file])
        }
    }
}

/// Reads the files one at a time, each with the reader of its shape, passing its events on unchanged.
struct CSVOrJSONLinesReader: ExtractReader {
    let extractor: CSVOrJSONLinesExtractor
    let files: [InputFile]
    private var next = 0
    private var current: (any ExtractReader)?

    init(extractor: CSVOrJSONLinesExtractor, files: [InputFile]) {
        self.extractor = extractor
        self.files = files
    }

    mutating func next() async throws -> ExtractEvent? {
        while true {
            if var reader = current {
                let event = try await reader.next()
                current = reader
                if let event { return event }
                current = nil
            }
            guard next < files.count else { return nil }
            current = try extractor.reader(for: files[next])
            next += 1
        }
    }
}
