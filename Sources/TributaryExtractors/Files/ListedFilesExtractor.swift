import TributaryCore

/// A file extractor that reads the files a function chooses from its paths instead of their glob matches: a
/// provider source's `raw = true` twin, which must read the same files as the mapped source (AWS CUR's: those its
/// newest manifests list).
public struct ListedFilesExtractor<Base: FileExtractor>: FileExtractor {
    public let base: Base
    public let paths: [String]
    public let baseDirectory: String
    let listFiles: @Sendable ([String], String) throws -> [InputFile]

    public init(
        _ base: Base, paths: [String], baseDirectory: String,
        listFiles: @escaping @Sendable ([String], String) throws -> [InputFile]
    ) {
        self.base = base
        self.paths = paths
        self.baseDirectory = baseDirectory
        self.listFiles = listFiles
    }

    public var outputSchema: Schema { base.outputSchema }
    public var moneyColumns: [String] { base.moneyColumns }

    public func inputFiles() throws -> [InputFile] { try listFiles(paths, baseDirectory) }

    public func open(files: [InputFile]) throws -> any ExtractReader { try base.open(files: files) }
}
