import Foundation
import TributaryCore

/// A file source of saved report pages (one API response per file) of one `ReportPageFormat`, producing one of
/// Tributary's tables.
///
/// `paths` are files, globs, or folders; a folder stands for the `*.json` and `*.json.gz` files directly in it,
/// read in name order, which is the order a pull saves its pages in (`2025-01-p01.json`, `2025-01-p02.json`, …).
/// Being a `FileExtractor`, an incremental run reads only new or changed pages, and a sink that replaces whole
/// partitions widens the run to every page that feeds a partition it replaces.
public struct JSONPagesExtractor<Format: ReportPageFormat>: FileExtractor, ModelExtractor {
    public let format: Format
    public let sourceID: String
    public let paths: [String]
    public let baseDirectory: String
    public let batchRows: Int
    public let tableDefaults: TableDefaults?

    public var outputSchema: Schema { Format.Row.schema }
    public var moneyColumns: [String] { Format.Row.moneyColumns }

    public init(
        format: Format, sourceID: String, paths: [String], baseDirectory: String, batchRows: Int = 16384,
        tableDefaults: TableDefaults?
    ) throws(ExtractorError) {
        try CSVExtractor.checkCommon(sourceID: sourceID, paths: paths, batchRows: batchRows)
        self.format = format
        self.sourceID = sourceID
        self.paths = paths
        self.baseDirectory = baseDirectory
        self.batchRows = batchRows
        self.tableDefaults = tableDefaults
    }

    public func inputFiles() throws -> [InputFile] {
        try FileGlob.expandPages(paths, baseDirectory: baseDirectory)
    }

    public func open(files: [InputFile]) throws -> any ExtractReader {
        JSONPagesReader(format: format, files: files, sourceID: sourceID, batchRows: batchRows)
    }
}
