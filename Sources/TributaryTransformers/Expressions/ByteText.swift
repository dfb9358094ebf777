import Foundation

/// Byte-level text operations for UTF-8 cells, so string kernels never build a `String` per row.
///
/// UTF-8 is self-synchronising: a byte match of valid UTF-8 text is a character match, and byte order is code
/// point order, so equality, ordering, prefixes and searches are correct on raw bytes.
enum ByteText {
    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        return memcmp(pa, pb, a.count) == 0
    }

    /// Negative, zero or positive as `a` sorts before, with or after `b`.
    @inline(__always)
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let c = memcmp(pa, pb, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }

    @inline(__always)
    static func hasPrefix(_ s: UnsafeRawBufferPointer, _ prefix: UnsafeRawBufferPointer) -> Bool {
        prefix.count <= s.count && equal(UnsafeRawBufferPointer(rebasing: s[0..<prefix.count]), prefix)
    }

    @inline(__always)
    static func hasSuffix(_ s: UnsafeRawBufferPointer, _ suffix: UnsafeRawBufferPointer) -> Bool {
        suffix.count <= s.count && equal(UnsafeRawBufferPointer(rebasing: s[(s.count - suffix.count)...]), suffix)
    }

    /// The offset of the first occurrence of `needle` at or after `start`, or nil.
    static func find(_ needle: UnsafeRawBufferPointer, in s: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        guard !needle.isEmpty else { return start <= s.count ? start : nil }
        guard needle.count <= s.count - start else { return nil }
        let first = needle[0]
        var i = start
        let last = s.count - needle.count
        while i <= last {
            if s[i] == first, equal(UnsafeRawBufferPointer(rebasing: s[i..<(i + needle.count)]), needle) { return i }
            i += 1
        }
        return nil
    }

    /// Number of Unicode code points: every byte that does not continue a multi-byte sequence starts one.
    @inline(__always)
    static func characterCount(_ s: UnsafeRawBufferPointer) -> Int {
        var n = 0
        for b in s where b & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Byte offset of the code point at `index` (0-based), or `s.count` when the text is shorter.
    static func byteOffset(ofCharacter index: Int, in s: UnsafeRawBufferPointer) -> Int {
        guard index > 0 else { return 0 }
        var seen = 0
        for (i, b) in s.enumerated() where b & 0xC0 != 0x80 {
            if seen == index { return i }
            seen += 1
        }
        return s.count
    }

    static func isASCII(_ s: UnsafeRawBufferPointer) -> Bool {
        for b in s where b >= 0x80 { return false }
        return true
    }

    @inline(__always) static func isTrimmable(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Text quoted for a reject reason, shortened so that a huge cell does not bloat the rejects file.
    static func quoted(_ s: UnsafeRawBufferPointer, limit: Int = 64) -> String {
        var text = String(decoding: s, as: UTF8.self)
        if text.count > limit { text = String(text.prefix(limit)) + "…" }
        return "'" + text + "'"
    }
}
