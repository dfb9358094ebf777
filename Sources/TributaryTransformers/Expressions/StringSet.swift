/// A set of byte strings that answers membership for a column's rows without making a `String` or an array per
/// row: a short list is scanned, a long one is bucketed by a hash of the bytes.
struct StringSet {
    private let needles: [[UInt8]]
    private let buckets: [UInt64: [Int]]

    /// Lists up to this size are scanned; comparing lengths first makes a miss cost a few instructions.
    static let scanLimit = 8

    init(_ needles: [[UInt8]]) {
        self.needles = needles
        var buckets: [UInt64: [Int]] = [:]
        if needles.count > Self.scanLimit {
            for (i, n) in needles.enumerated() {
                n.withUnsafeBytes { buckets[Self.hash($0), default: []].append(i) }
            }
        }
        self.buckets = buckets
    }

    /// FNV-1a, 64-bit.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    func contains(_ lane: StringLane, count: Int) -> [Bool] {
        let scan = needles.count <= Self.scanLimit
        return lane.withRows { rows in
            needles.withUnsafeBufferPointer { list in
                [Bool](unsafeUninitializedCapacity: count) { out, initialized in
                    for i in 0..<count {
                        let cell = rows[i]
                        var found = false
                        if scan {
                            for n in list where n.count == cell.count {
                                if n.withUnsafeBytes({ ByteText.equal($0, cell) }) {
                                    found = true
                                    break
                                }
                            }
                        } else if let candidates = buckets[Self.hash(cell)] {
                            found = candidates.contains { list[$0].withUnsafeBytes { ByteText.equal($0, cell) } }
                        }
                        out.initializeElement(at: i, to: found)
                    }
                    initialized = count
                }
            }
        }
    }
}
