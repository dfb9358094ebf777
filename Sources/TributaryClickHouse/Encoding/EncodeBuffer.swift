/// Encoded bytes waiting to be written or handed on, in memory that is reused from batch to batch.
///
/// The encoder writes through a raw pointer into room reserved for a range's worst case. A `[UInt8]` would have
/// to initialise that room first (zero-filling megabytes per batch was 5% of the file sink's time), and a fresh
/// array per batch faults in fresh pages; this buffer grows to the largest batch once and stays there.
///
/// A class because it owns its memory; it belongs to one loader and is used on that loader's actor only.
final class EncodeBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Lets `write` put at most `room` bytes after the current ones; it returns the address just past its last byte.
    func append(room: Int, _ write: (UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>) {
        if capacity - count < room { grow(toFit: count + room) }
        let start = base + count
        let end = write(start)
        let written = end - start
        precondition(written >= 0 && written <= room, "wrote outside the room reserved")
        count += written
    }

    /// The bytes so far, valid until the next `append` or `removeAll`.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Forgets the bytes and keeps the memory.
    func removeAll() { count = 0 }

    private func grow(toFit needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        memory.update(from: base, count: count)
        base.deallocate()
        base = memory
        capacity = larger
    }
}
