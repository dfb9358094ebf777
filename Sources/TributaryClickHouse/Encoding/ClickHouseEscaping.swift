/// ClickHouse's backslash escaping for text formats, over raw bytes.
///
/// The set is what ClickHouse itself writes (`writeAnyEscapedString`): `\\ \t \n \r \0 \b \f`, plus the quote
/// inside quoted strings. A tab or newline left raw would split a TabSeparated row; the rest keep the text
/// identical to what the server prints back, so that a read-back compares byte for byte.
enum ClickHouseEscaping {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// False only when no byte needs escaping in TabSeparated. May say true for a few harmless control bytes
    /// (1–7, 11); the escaping writer then copies them unchanged.
    @inline(__always)
    static func mayNeedEscaping(_ p: UnsafePointer<UInt8>, count: Int) -> Bool {
        var i = 0
        let raw = UnsafeRawPointer(p)
        // Eight bytes at a time: any byte below 0x0E, or any byte equal to '\\' (0x5C).
        while i + 8 <= count {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let below = (x &- ones &* 0x0E) & ~x & highs
            let y = x ^ (ones &* 0x5C)
            let backslash = (y &- ones) & ~y & highs
            if below | backslash != 0 { return true }
            i += 8
        }
        while i < count {
            let b = p[i]
            if b < 0x0E || b == 0x5C { return true }
            i += 1
        }
        return false
    }

    /// The escape letter for `b`, or 0 when `b` is written as is.
    @inline(__always)
    static func escapeLetter(_ b: UInt8, quote: Bool) -> UInt8 {
        switch b {
        case 0x5C: 0x5C
        case 0x09: UInt8(ascii: "t")
        case 0x0A: UInt8(ascii: "n")
        case 0x0D: UInt8(ascii: "r")
        case 0x00: UInt8(ascii: "0")
        case 0x08: UInt8(ascii: "b")
        case 0x0C: UInt8(ascii: "f")
        case 0x27: quote ? 0x27 : 0
        default: 0
        }
    }

    /// Writes `count` bytes with TabSeparated escaping; at most `2 × count` bytes.
    @inline(__always)
    static func writeEscaped(_ src: UnsafePointer<UInt8>, count: Int, to p: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        writeEscaped(src, count: count, to: p, quote: false)
    }

    /// Writes `'…'` with quoted-string escaping (an array element); at most `2 × count + 2` bytes.
    @inline(__always)
    static func writeQuoted(_ src: UnsafePointer<UInt8>, count: Int, to p: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        p.pointee = 0x27
        let q = writeEscaped(src, count: count, to: p + 1, quote: true)
        q.pointee = 0x27
        return q + 1
    }

    /// The one escaping loop: `quote` also escapes `'`, as array elements need.
    @inline(__always)
    private static func writeEscaped(
        _ src: UnsafePointer<UInt8>, count: Int, to p: UnsafeMutablePointer<UInt8>, quote: Bool
    ) -> UnsafeMutablePointer<UInt8> {
        var q = p
        for i in 0..<count {
            let b = src[i]
            let letter = escapeLetter(b, quote: quote)
            if letter == 0 {
                q.pointee = b
                q += 1
            } else {
                q[0] = 0x5C
                q[1] = letter
                q += 2
            }
        }
        return q
    }
}
