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
        var files: [InputFile] = []
        var seen: Set<String> = []
        for path in paths {
            let found: [InputFile]
            if isDirectory(path) {
                let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
                let pages = (try? FileGlob.expand(["\(folder)/*.json"], baseDirectory: baseDirectory)) ?? []
                let zipped = (try? FileGlob.expand(["\(folder)/*.json.gz"], baseDirectory: baseDirectory)) ?? []
                found = (pages + zipped).sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
                guard !found.isEmpty else {
                    throw ExtractorError.noFilesMatch(pattern: "\(folder)/*.json", baseDirectory: baseDirectory)
                }
            } else {
                found = try FileGlob.expand([path], baseDirectory: baseDirectory)
            }
            for f in found where seen.insert(f.path).inserted { files.append(f) }
        }
        return files
    }

    public func open(files: [InputFile]) throws -> any ExtractReader {
        JSONPagesReader(format: format, files: files, sourceID: sourceID, batchRows: batchRows)
    }

    private func isDirectory(_ path: String) -> Bool {
        let absolute = path.hasPrefix("/") ? path : (baseDirectory.isEmpty ? path : baseDirectory + "/" + path)
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: absolute, isDirectory: &directory) && directory.boolValue
    }
}
