/// A `ByteSource` over bytes already in memory, for tests and small documents.
///
/// `chunkSizes` is the read schedule, cycled; a reader must give identical records under every schedule.
public struct MemoryByteSource: ByteSource, Sendable {
    public let bytes: [UInt8]
    public let chunkSizes: [Int]
    public private(set) var bytesConsumed = 0
    private var nextChunk = 0

    public init(_ bytes: [UInt8], chunkSizes: [Int] = [Int.max]) {
        precondition(!chunkSizes.isEmpty && chunkSizes.allSatisfy { $0 > 0 }, "chunk sizes must be positive")
        self.bytes = bytes
        self.chunkSizes = chunkSizes
    }

    public init(_ text: String, chunkSizes: [Int] = [Int.max]) {
        self.init(Array(text.utf8), chunkSizes: chunkSizes)
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, chunkSizes[nextChunk % chunkSizes.count], bytes.count - bytesConsumed)
        guard n > 0 else { return 0 }
        nextChunk += 1
        let start = bytesConsumed
        bytes.withUnsafeBytes { all in
            UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: all[start..<(start + n)]))
        }
        bytesConsumed += n
        return n
    }
}
