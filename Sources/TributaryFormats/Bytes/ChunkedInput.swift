import TributaryCore

/// The buffer a framer scans: bytes pulled from a `ByteSource`, a consumed prefix, and room to read into.
///
/// Framers scan `bytes[start..<end]` in place. When a record runs past `end`, `refill` moves the unconsumed tail to
/// the front, doubles the buffer if that tail already fills it, and reads until the buffer is full or the source
/// ends, so a record is never split and byte-by-byte sources cost no more than large reads. Sixty-four zeroed bytes
/// past the capacity let scanners load whole words at the end of the data.
///
/// A struct, so that the framer's many reads of `start` and `end` are plain loads rather than checked class
/// accesses; its owner (a reader class) calls `deallocate()` once, in its `deinit`.
struct ChunkedInput {
    static let padding = 64

    private var source: any ByteSource
    let path: String
    let maxRecordBytes: Int
    private(set) var bytes: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// First byte not yet consumed.
    var start = 0
    /// End of the bytes read.
    private(set) var end = 0
    /// The source returned 0: `end` is the end of the stream.
    private(set) var atEOF = false
    private var checkedByteOrderMark = false
    /// A read error that came after some bytes of the same refill: raised by the next refill, so that the
    /// records completed before it (a truncated gzip's good part) are still framed and counted.
    private var deferredError: (any Error)?

    var bytesConsumed: Int { source.bytesConsumed }

    init(source: any ByteSource, path: String, bufferSize: Int, maxRecordBytes: Int) {
        self.source = source
        self.path = path
        // At least 4 bytes, so that the first fill always sees a whole byte order mark.
        capacity = max(bufferSize, 4)
        self.maxRecordBytes = max(maxRecordBytes, capacity)
        bytes = Self.allocate(capacity)
    }

    func deallocate() { bytes.deallocate() }

    private static func allocate(_ capacity: Int) -> UnsafeMutableRawPointer {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: capacity + padding, alignment: 16)
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: capacity + padding)
        return memory
    }

    /// Reads more input after the unconsumed bytes; afterwards either `end` grew or `atEOF` is true.
    ///
    /// - Parameter recordLine: the line of the record being framed, for the error when it outgrows the limit.
    mutating func refill(recordLine: Int) throws {
        if let error = deferredError {
            deferredError = nil
            throw error
        }
        if start > 0 {
            let pending = end - start
            if pending > 0 { bytes.copyMemory(from: bytes + start, byteCount: pending) }
            end = pending
            start = 0
        }
        if end == capacity { try grow(recordLine: recordLine) }
        let before = end
        while end < capacity {
            let n: Int
            do {
                n = try source.read(into: UnsafeMutableRawBufferPointer(start: bytes + end, count: capacity - end))
            } catch {
                guard end > before else { throw error }
                deferredError = error
                break
            }
            if n == 0 {
                atEOF = true
                break
            }
            end += n
        }
        if !checkedByteOrderMark {
            checkedByteOrderMark = true
            if end >= 3, bytes.load(as: UInt8.self) == 0xEF, bytes.load(fromByteOffset: 1, as: UInt8.self) == 0xBB,
                bytes.load(fromByteOffset: 2, as: UInt8.self) == 0xBF
            {
                start = 3
            }
        }
    }

    private mutating func grow(recordLine: Int) throws {
        guard capacity < maxRecordBytes else {
            throw FormatsError.recordTooLarge(SourceLocation(file: path, line: recordLine), limit: maxRecordBytes)
        }
        let larger = min(capacity * 2, maxRecordBytes)
        let memory = Self.allocate(larger)
        memory.copyMemory(from: bytes, byteCount: end)
        bytes.deallocate()
        bytes = memory
        capacity = larger
    }
}
