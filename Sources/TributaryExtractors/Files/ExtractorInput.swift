import TributaryFormats

/// Opens a matched file as a byte stream, decompressing it when its first bytes say gzip.
///
/// Content decides, not the name: a `.csv.gz` that an HTTP client already inflated reads as plain CSV, and a
/// gzip file without the suffix still inflates.
enum ExtractorInput {
    static func open(_ match: FileGlob.Match) throws(FormatsError) -> any ByteSource {
        let file = try FileByteSource(path: match.absolutePath, displayPath: match.path)
        if try file.isGzip() { return try GzipByteSource(source: file, path: match.path) }
        return file
    }
}
