import TributaryCore

/// Pointer-based writers for the numbers and dates of the TabSeparated hot path.
///
/// They print exactly what `ExactDecimal.write` and `CivilTime.writeDateTime`/`writeDate` print (tests compare
/// the two over random values), but into memory the caller has already reserved, and with 64-bit arithmetic
/// where the value allows: `Int128` division costs about 100 ns per decimal, which alone would cap the loader
/// near 130 MB/s. Each writer returns the pointer just past what it wrote.
enum TextWriters {
    /// The widest text each writer can produce, for reserving.
    static let maxInt64Width = 20
    static let maxDecimalWidth = 48
    static let maxDateWidth = 10
    static let maxDateTimeWidth = 19

    private static let tenTo19: UInt64 = 10_000_000_000_000_000_000

    /// Number of decimal digits of `v` (1 for 0).
    @inline(__always)
    static func digitCount(_ v: UInt64) -> Int {
        var n = 1
        var x = v
        while x >= 10_000 {
            x /= 10_000
            n += 4
        }
        if x >= 100 { n += x >= 1_000 ? 3 : 2 } else if x >= 10 { n += 1 }
        return n
    }

    @inline(__always)
    static func writeUInt64(_ v: UInt64, to p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        let n = digitCount(v)
        var q = p + n
        var x = v
        repeat {
            q -= 1
            q.pointee = UInt8(truncatingIfNeeded: x % 10) &+ 0x30
            x /= 10
        } while x != 0
        return p + n
    }

    @inline(__always)
    static func writeInt64(_ v: Int64, to p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        if v >= 0 { return writeUInt64(UInt64(v), to: p) }
        p.pointee = UInt8(ascii: "-")
        return writeUInt64(v.magnitude, to: p + 1)
    }

    /// `units × 10^-scale` with exactly `scale` fraction digits, as `ExactDecimal.write` prints it.
    @inline(__always)
    static func writeDecimal(units: Int128, scale: Int, to p: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        var q = p
        if units < 0 {
            q.pointee = UInt8(ascii: "-")
            q += 1
        }
        let m = units.magnitude
        var hi: UInt64 = 0
        var lo: UInt64
        if m < UInt128(tenTo19) {
            lo = UInt64(truncatingIfNeeded: m)
        } else {
            // |Int128| < 1.8 × 10^38, so the quotient fits 64 bits: one wide division, then 64-bit digits.
            let (quotient, remainder) = m.quotientAndRemainder(dividingBy: UInt128(tenTo19))
            hi = UInt64(truncatingIfNeeded: quotient)
            lo = UInt64(truncatingIfNeeded: remainder)
        }
        let significant = hi == 0 ? digitCount(lo) : 19 + digitCount(hi)
        let digits = max(significant, scale + 1)
        let end = q + digits + (scale > 0 ? 1 : 0)
        var w = end
        var loDigits = 19  // digits of `lo` left before `hi` takes over
        for k in 0..<digits {
            if k == scale && scale > 0 {
                w -= 1
                w.pointee = UInt8(ascii: ".")
            }
            w -= 1
            if loDigits > 0 || hi == 0 {
                w.pointee = UInt8(truncatingIfNeeded: lo % 10) &+ 0x30
                lo /= 10
                loDigits -= 1
            } else {
                w.pointee = UInt8(truncatingIfNeeded: hi % 10) &+ 0x30
                hi /= 10
            }
        }
        q = end
        return q
    }

    @inline(__always)
    static func two(_ v: Int64, _ p: UnsafeMutablePointer<UInt8>) {
        p[0] = UInt8(truncatingIfNeeded: 0x30 + v / 10)
        p[1] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
    }

    /// `YYYY-MM-DD`, as `CivilTime.writeDate` prints it (years clamped to 0…9999).
    @inline(__always)
    static func writeDate(days: Int64, to p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        let (y, m, d) = CivilTime.civil(days: days)
        let yy = max(0, min(9999, y))
        two(yy / 100, p)
        two(yy % 100, p + 2)
        p[4] = 0x2D
        two(m, p + 5)
        p[7] = 0x2D
        two(d, p + 8)
        return p + 10
    }

    /// `YYYY-MM-DD hh:mm:ss` in UTC, as `CivilTime.writeDateTime` prints it.
    @inline(__always)
    static func writeDateTime(epochSeconds s: Int64, to p: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        let d = s >= 0 ? s / 86400 : (s - 86399) / 86400
        let r = s - d * 86400
        let q = writeDate(days: d, to: p)
        q[0] = 0x20
        two(r / 3600, q + 1)
        q[3] = 0x3A
        two(r / 60 % 60, q + 4)
        q[6] = 0x3A
        two(r % 60, q + 7)
        return q + 9
    }
}
