/// Reads JSON Lines: one JSON value per line, streamed from a `ByteSource`.
///
/// Framing is the newline; each line is then parsed on its own, so a bad line is that line's problem, reported
/// with its number, and reading goes on. Blank lines are skipped and CRLF line ends are accepted (CR is JSON
/// whitespace). The last line needs no newline.
///
///     let reader = JSONLinesReader(source: try FileByteSource(path: path), path: path)
///     while let record = try reader.next() {
///         switch record {
///         case .value(let value, let line): …
///         case .invalid(let error, let line, let text): …
///         }
///     }
public final class JSONLinesReader {
    public struct Configuration: Sendable, Equatable {
        /// The initial buffer size; it doubles for a longer line. Default 1 MiB.
        public var bufferSize: Int
        /// The longest line allowed. Default 64 MiB.
        public var maxLineBytes: Int
        /// The deepest nesting allowed in one line. Default `JSONParser.defaultMaxDepth`.
        public var maxDepth: Int

        public init(bufferSize: Int = 1 << 20, maxLineBytes: Int = 64 << 20, maxDepth: Int = JSONParser.defaultMaxDepth)
        {
            self.bufferSize = bufferSize
            self.maxLineBytes = maxLineBytes
            self.maxDepth = maxDepth
        }
    }

    /// How much of an invalid line is kept for its reject.
    public static let maxInvalidTextBytes = 4096

    private var input: ChunkedInput
    private let maxDepth: Int
    /// The number of the next line.
    public private(set) var line = 1
    /// How far past `input.start` the search for the newline has already looked, so a refill does not rescan.
    private var searched = 0

    public var path: String { input.path }
    /// Bytes taken from the source so far (compressed bytes for gzip), for progress.
    public var bytesConsumed: Int { input.bytesConsumed }

    public init(source: any ByteSource, path: String, configuration: Configuration = Configuration()) {
        input = ChunkedInput(
            source: source, path: path, bufferSize: configuration.bufferSize,
            maxRecordBytes: configuration.maxLineBytes)
        maxDepth = configuration.maxDepth
    }

    deinit { input.deallocate() }

    /// The next non-blank line, parsed; nil at the end of the input.
    ///
    /// Throws only what the source throws (I/O, gzip) and `FormatsError.recordTooLarge`.
    public func next() throws -> JSONLinesRecord? {
        let newline = ByteScan.broadcast(0x0A)
        while true {
            let base = input.bytes.assumingMemoryBound(to: UInt8.self)
            let lineStart = input.start
            let j = ByteScan.first(newline, in: base, from: lineStart + searched, end: input.end)
            if j == input.end, !input.atEOF {
                searched = j - lineStart
                try input.refill(recordLine: line)
                continue
            }
            searched = 0
            if j == lineStart, input.atEOF, j == input.end { return nil }
            input.start = j < input.end ? j + 1 : j
            let number = line
            line += 1
            let bytes = UnsafeRawBufferPointer(start: base + lineStart, count: j - lineStart)
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            do throws(JSONSyntaxError) {
                return .value(try JSONParser.parse(bytes, maxDepth: maxDepth), line: number)
            } catch {
                let shown = UnsafeRawBufferPointer(rebasing: bytes.prefix(Self.maxInvalidTextBytes))
                return .invalid(error, line: number, text: String(decoding: shown, as: UTF8.self))
            }
        }
    }
}

/// One line of a JSON Lines file.
public enum JSONLinesRecord: Sendable, Equatable {
    case value(JSONValue, line: Int)
    /// The line is not valid JSON; `error`'s line is 1 and its column counts bytes in this line. `text` is the
    /// line (at most `JSONLinesReader.maxInvalidTextBytes` of it, invalid UTF-8 replaced).
    case invalid(JSONSyntaxError, line: Int, text: String)

    /// The 1-based line number in the file.
    public var line: Int {
        switch self {
        case .value(_, let line), .invalid(_, let line, _): line
        }
    }
}
