/// Word-at-a-time search for one byte value, the inner loop of the JSON Lines framer.
///
/// Eight bytes are tested per step with the classic "has a zero byte" trick on `word ^ pattern`. Only the lowest
/// flagged byte is used, and that one is exact (false positives can only sit above a true match), so no
/// per-byte loop is needed. Callers guarantee eight readable bytes past `end` (see `ChunkedInput.padding`).
enum ByteScan {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// A word with `byte` in every lane.
    @inline(__always)
    static func broadcast(_ byte: UInt8) -> UInt64 { UInt64(byte) &* ones }

    /// High bit set in the lowest lane of `word` equal to the pattern's lane (higher lanes may be flagged wrongly).
    @inline(__always)
    static func lowestMatch(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = word ^ pattern
        return (x &- ones) & ~x & highs
    }

    /// The index of the first byte in `from..<end` equal to `a`, or `end`.
    @inline(__always)
    static func first(_ a: UInt64, in base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var i = from
        while i < end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let m = lowestMatch(word, a)
            if m != 0 { return min(i &+ (m.trailingZeroBitCount &>> 3), end) }
            i &+= 8
        }
        return end
    }
}

/// Finds the CSV framer's special bytes (delimiter, LF, quote) 64 at a time.
///
/// A block of 64 bytes becomes a 64-bit mask with SIMD compares (16 lanes at a time), and the framer then walks
/// the set bits. A field costs a count-trailing-zeros rather than a loop whose exit the branch predictor keeps
/// missing, which roughly doubled the framer's speed. Blocks may read up to 63 bytes past `end`
/// (`ChunkedInput.padding`); bits there are ignored.
struct SpecialByteCursor {
    private let base: UnsafePointer<UInt8>
    private let end: Int
    private let delimiter: SIMD16<UInt8>
    private var blockStart: Int
    private var mask: UInt64 = 0

    init(base: UnsafePointer<UInt8>, end: Int, delimiter: UInt8) {
        self.base = base
        self.end = end
        self.delimiter = SIMD16(repeating: delimiter)
        blockStart = Int.min / 2
    }

    /// The position of the first special byte at or after `p`, or `end`. Positions must not go backwards.
    @inline(__always)
    mutating func next(from p: Int) -> Int {
        if p &- blockStart >= 64 {
            blockStart = p & ~63
            mask = Self.specials(UnsafeRawPointer(base + blockStart), delimiter)
        }
        var m = mask & (~0 &<< UInt64(p &- blockStart))
        while m == 0 {
            blockStart &+= 64
            if blockStart >= end {
                mask = 0
                return end
            }
            m = Self.specials(UnsafeRawPointer(base + blockStart), delimiter)
        }
        mask = m
        return min(blockStart &+ m.trailingZeroBitCount, end)
    }

    /// Bit `k` set when byte `k` of the 64 at `p` is the delimiter, LF or a quote.
    ///
    /// Not inlined, so that `next` stays small enough to inline and keep the cursor in registers.
    @inline(never)
    static func specials(_ p: UnsafeRawPointer, _ delimiter: SIMD16<UInt8>) -> UInt64 {
        let lf = SIMD16<UInt8>(repeating: 0x0A)
        let quote = SIMD16<UInt8>(repeating: 0x22)
        let zero = SIMD16<UInt8>(repeating: 0)
        var result: UInt64 = 0
        for k in 0..<4 {
            let v = p.loadUnaligned(fromByteOffset: k &* 16, as: SIMD16<UInt8>.self)
            let hits = zero.replacing(with: 0x80, where: (v .== delimiter) .| (v .== lf) .| (v .== quote))
            let words = unsafeBitCast(hits, to: SIMD2<UInt64>.self)
            // Gather the high bit of each byte into one byte (the multiply never carries between lanes).
            let low = ((words[0] &>> 7) &* 0x0102_0408_1020_4080) &>> 56
            let high = ((words[1] &>> 7) &* 0x0102_0408_1020_4080) &>> 56
            result |= (low | high &<< 8) &<< UInt64(k &* 16)
        }
        return result
    }
}
