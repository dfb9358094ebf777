/// A stream of bytes that readers pull from in chunks: a file, a gzip stream, or a test's byte array.
///
/// Pulling into a buffer the reader owns (rather than pushing `Data` values) lets the CSV and JSON Lines readers
/// frame records in place with no copy and no allocation per chunk.
///
///     var source = try FileByteSource(path: "costs.csv")
///     let n = try source.read(into: buffer)   // 0 at the end of the stream
public protocol ByteSource {
    /// Fills a prefix of `buffer` and returns its length; 0 means the end of the stream, and only then.
    ///
    /// A short read does not mean the end: callers loop until they have what they need or get 0.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int

    /// Bytes taken from the underlying storage so far (compressed bytes for gzip), for progress reports.
    var bytesConsumed: Int { get }
}
