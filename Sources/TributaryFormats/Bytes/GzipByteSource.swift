import CZlib

/// Decompresses a gzip stream as it is read, through zlib, with fixed-size buffers.
///
/// Billing exports arrive as `.csv.gz` of several GB; inflating as a stream keeps memory bounded by the reader's
/// buffer. Concatenated members (what `cat a.gz b.gz` and parallel compressors produce) are read as one stream.
/// A stream that stops inside a member is an error rather than a quiet end of file, so that a partial download
/// never passes for a complete export. A class because zlib keeps a pointer to its `z_stream`, which must not move.
public final class GzipByteSource: ByteSource {
    /// The file the compressed bytes come from, for error messages.
    public let path: String
    private var source: any ByteSource
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    /// True between the first byte of a member and its end: an end of input here means truncation.
    private var insideMember = false
    private var finished = false

    public var bytesConsumed: Int { source.bytesConsumed }

    /// - Parameter inputBufferSize: compressed bytes read from `source` at a time.
    public init(source: any ByteSource, path: String, inputBufferSize: Int = 256 << 10) throws(FormatsError) {
        self.path = path
        self.source = source
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: max(inputBufferSize, 1), alignment: 16)
        // 16 + MAX_WBITS: expect a gzip header and trailer, with the largest window.
        let status = inflateInit2_(stream, 16 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            input.deallocate()
            throw FormatsError.gzipCorrupt(path: path, offset: 0, message: "zlib could not start (status \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }

    /// The compressed offset zlib has reached: bytes read minus bytes still waiting in the input buffer.
    private var compressedOffset: Int { source.bytesConsumed - Int(stream.pointee.avail_in) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let capacity = UInt32(clamping: buffer.count)
        stream.pointee.next_out = out.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = capacity
        // Loop until some output exists, since returning 0 would mean the end of the stream.
        while stream.pointee.avail_out == capacity {
            if stream.pointee.avail_in == 0, !inputEnded { try refill() }
            if stream.pointee.avail_in == 0, inputEnded {
                if insideMember { throw FormatsError.gzipTruncated(path: path, offset: source.bytesConsumed) }
                finished = true
                return 0
            }
            insideMember = true
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                break
            case Z_STREAM_END:
                // One member done; another may follow it.
                insideMember = false
                inflateReset(stream)
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw FormatsError.gzipCorrupt(path: path, offset: compressedOffset, message: reason)
            }
        }
        return Int(capacity - stream.pointee.avail_out)
    }

    private func refill() throws {
        let n = try source.read(into: input)
        if n == 0 {
            inputEnded = true
            return
        }
        stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = UInt32(n)
    }
}
