import CZlib
import Foundation

/// Streaming deflate with a gzip header: feed chunks as they are encoded, take the body at the end.
///
/// An insert's rows are compressed as they are encoded, so that memory stays near the compressed size rather
/// than the text's. The result is one complete gzip member, sent with `Content-Encoding: gzip` and a fixed
/// `Content-Length` (chunked streaming can idle past the server's receive timeout).
///
/// A class because it owns zlib's state, which must stay at one address; it belongs to one task at a time.
public final class GzipCompressor {
    private let stream: UnsafeMutablePointer<z_stream>
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    private var state = State.open

    private enum State { case open, finished, failed }

    /// Bytes given to `append` so far.
    public private(set) var bytesIn = 0
    /// Compressed bytes produced so far.
    public var bytesOut: Int { count }

    /// Level 1 is several times faster than zlib's default 6 and loses little on repetitive billing rows.
    public init(level: Int = 1, initialCapacity: Int = 1 << 20) throws(ClickHouseError) {
        capacity = max(1 << 12, initialCapacity)
        guard let memory = malloc(capacity) else { throw ClickHouseError.compression(detail: "out of memory") }
        buffer = memory.assumingMemoryBound(to: UInt8.self)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16 asks zlib for a gzip header and trailer; memLevel 8 is zlib's default.
        let rc = deflateInit2_(
            stream, Int32(max(0, min(9, level))), Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            stream.deallocate()
            free(buffer)
            throw ClickHouseError.compression(detail: "deflateInit2 returned \(rc)")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        // Once finished, the buffer belongs to the `Data` that `finish` returned.
        if state != .finished { free(buffer) }
    }

    /// Compresses `bytes`; the caller may reuse them as soon as this returns.
    public func append(_ bytes: UnsafeRawBufferPointer) throws(ClickHouseError) {
        precondition(state == .open, "append after finish")
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        bytesIn += bytes.count
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(bytes.count)
        defer { stream.pointee.next_in = nil }
        try deflateAll(flush: Z_NO_FLUSH)
    }

    public func append(_ bytes: [UInt8]) throws(ClickHouseError) {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(ClickHouseError) in try append(raw) } }
        try result.get()
    }

    /// Ends the gzip member and hands over the whole compressed body. The compressor is spent afterwards.
    public func finish() throws(ClickHouseError) -> Data {
        precondition(state == .open, "finish called twice")
        try deflateAll(flush: Z_FINISH)
        // The buffer is handed over rather than copied: a copy held every finished body twice for a moment, tens
        // of megabytes of peak memory on a large load. Shrinking it first returns the doubling's slack.
        if let shrunk = realloc(buffer, count) {
            buffer = shrunk.assumingMemoryBound(to: UInt8.self)
            capacity = count
        }
        state = .finished
        return Data(bytesNoCopy: buffer, count: count, deallocator: .free)
    }

    private func deflateAll(flush: Int32) throws(ClickHouseError) {
        while true {
            if capacity - count < 1 << 15 { try grow() }
            stream.pointee.next_out = buffer + count
            let room = capacity - count
            stream.pointee.avail_out = UInt32(clamping: room)
            let rc = deflate(stream, flush)
            count += room - Int(stream.pointee.avail_out)
            switch rc {
            case Z_STREAM_END:
                return
            case Z_OK, Z_BUF_ERROR:
                // Without Z_FINISH, zlib is done once it consumed all input and still had room to spare.
                if flush == Z_NO_FLUSH, stream.pointee.avail_in == 0, stream.pointee.avail_out > 0 { return }
            default:
                state = .failed
                throw ClickHouseError.compression(detail: "deflate returned \(rc)")
            }
        }
    }

    private func grow() throws(ClickHouseError) {
        let bigger = capacity * 2
        guard let memory = realloc(buffer, bigger) else {
            state = .failed
            throw ClickHouseError.compression(detail: "out of memory growing the buffer to \(bigger) bytes")
        }
        buffer = memory.assumingMemoryBound(to: UInt8.self)
        capacity = bigger
    }
}
