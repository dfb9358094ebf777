/// A streaming RFC 4180 CSV framer: bytes in, records of field byte ranges out.
///
/// Framing only; what the fields mean (types, NULLs, the header's names) is the caller's business, the way NIO
/// separates a `ByteToMessageDecoder` from the handler that reads its messages. It reads quoted fields with
/// doubled quotes, delimiters and newlines, CRLF or LF line ends, and skips a UTF-8 byte order mark and blank
/// lines. Records may span any number of reads. At the end of input a half record is still returned, flagged
/// `.unterminatedQuote` with the line its quote opened on, so that the caller can reject it by name.
///
/// Speed matters here more than anywhere: the framer looks for the next delimiter or newline eight bytes at a
/// time, never makes a `String`, and allocates nothing per record.
///
///     let reader = CSVReader(source: try FileByteSource(path: path), path: path)
///     while let record = try reader.next() {
///         let amount = record[3]          // UnsafeRawBufferPointer, valid until the next call
///     }
///
/// A quote that starts a field opens a quoted field; a quote anywhere else is an ordinary byte. A lone CR that
/// does not end a line is data, as in RFC 4180, where only CRLF (and, leniently, LF) ends a record.
public final class CSVReader {
    /// How to frame.
    public struct Configuration: Sendable, Equatable {
        /// The field separator: one byte, not a quote, CR or LF. Default `,`.
        public var delimiter: UInt8
        /// The initial buffer size; it doubles when one record does not fit. Default 1 MiB.
        public var bufferSize: Int
        /// The longest record allowed before the reader gives up, which bounds memory when a quote never
        /// closes. Default 64 MiB.
        public var maxRecordBytes: Int

        public init(delimiter: UInt8 = UInt8(ascii: ","), bufferSize: Int = 1 << 20, maxRecordBytes: Int = 64 << 20) {
            precondition(
                delimiter != CSVReader.quote && delimiter != CSVReader.lf && delimiter != CSVReader.cr,
                "a CSV delimiter cannot be a quote or a line end")
            self.delimiter = delimiter
            self.bufferSize = bufferSize
            self.maxRecordBytes = maxRecordBytes
        }
    }

    static let quote = UInt8(ascii: "\"")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")

    /// All the state, in one struct, so that framing a record costs one checked access to this class.
    private var framer: CSVFramer

    /// The path records are read from, for messages.
    public let path: String
    /// The line the next record starts on.
    public var line: Int { framer.line }
    /// Bytes taken from the source so far (compressed bytes for gzip), for progress.
    public var bytesConsumed: Int { framer.input.bytesConsumed }

    public init(source: any ByteSource, path: String, configuration: Configuration = Configuration()) {
        self.path = path
        let input = ChunkedInput(
            source: source, path: path, bufferSize: configuration.bufferSize,
            maxRecordBytes: configuration.maxRecordBytes)
        framer = CSVFramer(input: input, delimiter: configuration.delimiter)
    }

    deinit { framer.deallocate() }

    /// The next record, or nil at the end of the input.
    ///
    /// Throws only what the source throws (I/O, gzip) and `FormatsError.recordTooLarge`.
    public func next() throws -> CSVRecord? { try framer.next() }
}
