import TributaryCore

/// A file source of one provider CSV format, producing one of Tributary's tables (`spend`, `llm_usage`).
///
/// The format decides what each file must look like and how a record maps to rows; this type does the rest the
/// same way for every provider: globs, gzip by content, batches, rejects with file and line, incremental reads of
/// a chosen subset of files. A source whose files are not simply its glob's matches (AWS CUR reads the files its
/// newest manifest lists) gives its own `listFiles`.
public struct ProviderCSVExtractor<Format: ProviderCSVFormat>: FileExtractor, ModelExtractor {
    public let format: Format
    public let sourceID: String
    public let paths: [String]
    public let baseDirectory: String
    public let batchRows: Int
    public let tableDefaults: TableDefaults?
    let listFiles: @Sendable ([String], String) throws -> [InputFile]

    public var outputSchema: Schema { Format.Row.schema }
    public var moneyColumns: [String] { Format.Row.moneyColumns }

    public init(
        format: Format, sourceID: String, paths: [String], baseDirectory: String, batchRows: Int = 16384,
        tableDefaults: TableDefaults?,
        listFiles: @escaping @Sendable ([String], String) throws -> [InputFile] = { patterns, base in
            try FileGlob.expand(patterns, baseDirectory: base)
        }
    ) throws(ExtractorError) {
        try CSVExtractor.checkCommon(sourceID: sourceID, paths: paths, batchRows: batchRows)
        self.format = format
        self.sourceID = sourceID
        self.paths = paths
        self.baseDirectory = baseDirectory
        self.batchRows = batchRows
        self.tableDefaults = tableDefaults
        self.listFiles = listFiles
    }

    public func inputFiles() throws -> [InputFile] { try listFiles(paths, baseDirectory) }

    public func open(files: [InputFile]) throws -> any ExtractReader {
        ProviderCSVReader(format: format, files: files, sourceID: sourceID, batchRows: batchRows)
    }
}
