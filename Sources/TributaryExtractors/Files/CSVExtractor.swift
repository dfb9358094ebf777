import TributaryCore
import TributaryFormats

/// The `csv` source: delimited text files (plain or gzip), typed by declared columns.
///
/// Framing (`CSVReader`) and typing (`CellDecoder`) are separate; rows that cannot be typed become rejects with
/// the file, line, field and reason, while a file whose header lacks a declared column stops the run.
/// Construction checks the configuration (nothing is opened); `open()` expands the paths.
///
///     let extractor = try CSVExtractor(.init(sourceID: "aws", paths: ["cur/*.csv.gz"], columns: columns))
///     var reader = try extractor.open()
///     while let event = try await reader.next() { … }
public struct CSVExtractor: FileExtractor {
    public let configuration: Configuration
    public let outputSchema: Schema
    public var moneyColumns: [String] { plan.moneyColumnNames }
    let plan: ColumnPlan
    let delimiter: UInt8

    public init(_ configuration: Configuration) throws(ExtractorError) {
        try Self.checkCommon(
            sourceID: configuration.sourceID, paths: configuration.paths, batchRows: configuration.batchRows)
        let bytes = Array(configuration.delimiter.utf8)
        guard bytes.count == 1, let delimiter = bytes.first, delimiter < 0x80,
            delimiter != UInt8(ascii: "\""), delimiter != 0x0A, delimiter != 0x0D
        else {
            throw .invalidConfiguration(
                key: "delimiter",
                message: "the delimiter must be one ASCII character other than a quote or a line end, "
                    + "not '\(configuration.delimiter)'")
        }
        guard configuration.maxRecordBytes > 0 else {
            throw .invalidConfiguration(key: "max_record_bytes", message: "must be positive")
        }
        plan = try ColumnPlan(columns: configuration.columns, nullValues: configuration.nullValues)
        self.delimiter = delimiter
        self.configuration = configuration
        outputSchema = plan.schema
    }

    /// Expands the path patterns; fails when one matches no file.
    public func inputFiles() throws -> [InputFile] {
        try FileGlob.expand(configuration.paths, baseDirectory: configuration.baseDirectory)
    }

    /// Reads `files`, opening them one at a time.
    public func open(files: [InputFile]) throws -> any ExtractReader {
        CSVExtractReader(extractor: self, files: files)
    }

    static func checkCommon(sourceID: String, paths: [String], batchRows: Int) throws(ExtractorError) {
        guard !sourceID.isEmpty else { throw .invalidConfiguration(key: "source_id", message: "source id is empty") }
        guard !paths.isEmpty else {
            throw .invalidConfiguration(key: "paths", message: "give at least one path or glob pattern")
        }
        if let index = paths.firstIndex(where: \.isEmpty) {
            throw .invalidConfiguration(key: "paths[\(index)]", message: "the pattern is empty")
        }
        guard batchRows > 0 else {
            throw .invalidConfiguration(key: "batch_rows", message: "must be positive, not \(batchRows)")
        }
    }
}
