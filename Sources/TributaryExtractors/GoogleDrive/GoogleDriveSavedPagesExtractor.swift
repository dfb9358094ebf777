import Foundation
import TributaryCore
import TributaryFormats

/// The `gdrive` source reading saved API responses: one `files.list` or `changes.list` page per file (`.json`, or
/// gzipped), as a script or `curl` saved them.
///
/// A file source like the CSV ones, so an incremental run reads only pages that are new or changed, and a page read
/// again loads rows that collapse onto the ones already there (`drive_files` merges by id, `drive_changes` by the
/// change's row id). Each page is parsed whole: a page is at most 1,000 records, a few megabytes.
///
/// `paths` name files, globs or folders; a folder stands for its `*.json` and `*.json.gz` files, in name order.
/// For `drive_files` both kinds of page count (a change updates its file's state), for `drive_changes` only change
/// pages. A saved listing with `incompleteSearch: true` loads as it was saved; a live pull refuses one instead,
/// since there the user can list drive by drive.
public struct GoogleDriveSavedPagesExtractor<Format: GoogleDrivePageFormat>: FileExtractor, ModelExtractor {
    public let format: Format
    public let sourceID: String
    public let paths: [String]
    public let baseDirectory: String
    public let batchRows: Int
    /// A page larger than this is refused rather than held in memory.
    public let maxPageBytes: Int

    public var outputSchema: Schema { Format.Row.schema }
    public var moneyColumns: [String] { Format.Row.moneyColumns }
    public var tableDefaults: TableDefaults? { format.resource.tableDefaults }

    public init(
        format: Format, sourceID: String, paths: [String], baseDirectory: String, batchRows: Int = 16384,
        maxPageBytes: Int = 256 << 20
    ) throws(ExtractorError) {
        try CSVExtractor.checkCommon(sourceID: sourceID, paths: paths, batchRows: batchRows)
        self.format = format
        self.sourceID = sourceID
        self.paths = paths
        self.baseDirectory = baseDirectory
        self.batchRows = batchRows
        self.maxPageBytes = maxPageBytes
    }

    public func inputFiles() throws -> [InputFile] {
        try FileGlob.expandPages(paths, baseDirectory: baseDirectory)
    }

    public func open(files: [InputFile]) throws -> any ExtractReader {
        GoogleDriveSavedPagesReader(
            format: format, files: files, sourceID: sourceID, batchRows: batchRows, maxPageBytes: maxPageBytes)
    }
}
