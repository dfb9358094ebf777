/// Checks that bytes are well-formed UTF-8 without decoding them into a `String`.
///
/// Every string cell of every row passes through here, and most are ASCII: eight bytes are tested at a time for
/// a high bit, and only words that have one take the full check (overlong forms, surrogates and code points past
/// U+10FFFF are refused, as the Unicode standard's table 3-7 requires).
public enum UTF8Validator {
    /// The 0-based offset of the first byte that does not start or continue a valid sequence, or nil when all
    /// of `bytes` is valid UTF-8.
    @inlinable
    public static func firstInvalidByte(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        if n >= 8 {
            var i = 0
            while i &+ 8 <= n {
                let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { return firstInvalidByte(base, n, from: i) }
                i &+= 8
            }
            // The tail as one word that overlaps bytes already checked.
            let tail = base.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            return tail & 0x8080_8080_8080_8080 == 0 ? nil : firstInvalidByte(base, n, from: n &- 8)
        }
        if n >= 4 {
            let head = base.loadUnaligned(as: UInt32.self)
            let tail = base.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            return (head | tail) & 0x8080_8080 == 0 ? nil : firstInvalidByte(base, n, from: 0)
        }
        for i in 0..<n where base.load(fromByteOffset: i, as: UInt8.self) >= 0x80 {
            return firstInvalidByte(base, n, from: i)
        }
        return nil
    }

    /// Whether `bytes` is valid UTF-8.
    @inlinable
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool { firstInvalidByte(in: bytes) == nil }

    /// The full check, from `start` to the end.
    @usableFromInline
    static func firstInvalidByte(_ base: UnsafeRawPointer, _ n: Int, from start: Int) -> Int? {
        let b = base.assumingMemoryBound(to: UInt8.self)
        var i = start
        while i < n {
            if b[i] < 0x80 {
                i &+= 1
                continue
            }
            guard let length = sequenceLength(b, n, at: i) else { return i }
            i &+= length
        }
        return nil
    }

    /// The length of the valid sequence starting at `i`, or nil when the bytes there are not valid UTF-8.
    @usableFromInline
    static func sequenceLength(_ b: UnsafePointer<UInt8>, _ n: Int, at i: Int) -> Int? {
        @inline(__always) func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            k < n && b[k] >= low && b[k] <= high
        }
        let c = b[i]
        switch c {
        case 0..<0x80:
            return 1
        case 0xC2...0xDF:
            return continuation(i + 1) ? 2 : nil
        case 0xE0...0xEF:
            let low: UInt8 = c == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = c == 0xED ? 0x9F : 0xBF
            return continuation(i + 1, low, high) && continuation(i + 2) ? 3 : nil
        case 0xF0...0xF4:
            let low: UInt8 = c == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = c == 0xF4 ? 0x8F : 0xBF
            return continuation(i + 1, low, high) && continuation(i + 2) && continuation(i + 3) ? 4 : nil
        default:
            return nil
        }
    }
}
