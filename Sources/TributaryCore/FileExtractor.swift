/// One input file of a file source.
public struct InputFile: Sendable, Hashable {
    /// The path as the pipeline spells it: relative to the pipeline's folder for a relative pattern. Lineage,
    /// messages and state use it, so that they read the same on every machine.
    public var path: String
    /// The path to open.
    public var absolutePath: String

    public init(path: String, absolutePath: String) {
        self.path = path
        self.absolutePath = absolutePath
    }
}

/// An extractor that reads files, and can read a chosen subset of them: an incremental run reads only the files
/// that are new or changed since the last commit.
public protocol FileExtractor: Extractor {
    /// The files the source's patterns match now, in the order `open()` reads them.
    func inputFiles() throws -> [InputFile]
    /// Reads `files` (a subset of `inputFiles()`, in that order).
    func open(files: [InputFile]) throws -> any ExtractReader
}

extension FileExtractor {
    public func open() throws -> any ExtractReader { try open(files: try inputFiles()) }
}
