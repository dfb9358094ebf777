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
        if scale <= 18, m < UInt128(tenTo19) {
            return writeSmallDecimal(UInt64(truncatingIfNeeded: m), scale: scale, to: q)
        }
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

    /// Powers of ten up to 10^18, for splitting a decimal into its integer and fraction digits.
    private static let powersOfTen:
        (
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
        ) = (
            1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
            100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
            10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000
        )

    @inline(__always)
    static func powerOfTen(_ n: Int) -> UInt64 {
        withUnsafeBytes(of: powersOfTen) { $0.load(fromByteOffset: n &* 8, as: UInt64.self) }
    }

    /// The common case of `writeDecimal`: a magnitude below 10^19 and at most 18 fraction digits. The integer
    /// part and the fraction are split with one division, and the fraction is written two digits per step:
    /// the digit-by-digit loop with its per-digit branches was 8% of the file sink's time.
    @inline(__always)
    static func writeSmallDecimal(_ m: UInt64, scale: Int, to p: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        let unit = powerOfTen(scale)
        var q = writeUInt64(m / unit, to: p)
        guard scale > 0 else { return q }
        q.pointee = UInt8(ascii: ".")
        q += 1
        var fraction = m % unit
        var w = q + scale
        var left = scale
        while left >= 2 {
            let pair = fraction % 100
            fraction /= 100
            w -= 2
            w[0] = UInt8(truncatingIfNeeded: pair / 10) &+ 0x30
            w[1] = UInt8(truncatingIfNeeded: pair % 10) &+ 0x30
            left -= 2
        }
        if left == 1 {
            w -= 1
            w.pointee = UInt8(truncatingIfNeeded: fraction) &+ 0x30
        }
        return q + scale
    }

    /// Copies a cell's bytes; short ones (most cells) with two overlapping loads and stores instead of a call to
    /// `memmove`, which was most of the encoder's copying cost.
    @inline(__always)
    static func copy(_ source: UnsafePointer<UInt8>, count n: Int, to target: UnsafeMutablePointer<UInt8>) {
        let s = UnsafeRawPointer(source)
        let t = UnsafeMutableRawPointer(target)
        if n >= 8 {
            if n <= 16 {
                let head = s.loadUnaligned(as: UInt64.self)
                let tail = s.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                t.storeBytes(of: head, as: UInt64.self)
                t.storeBytes(of: tail, toByteOffset: n &- 8, as: UInt64.self)
            } else if n <= 32 {
                let a = s.loadUnaligned(as: (UInt64, UInt64).self)
                let b = s.loadUnaligned(fromByteOffset: n &- 16, as: (UInt64, UInt64).self)
                t.storeBytes(of: a.0, as: UInt64.self)
                t.storeBytes(of: a.1, toByteOffset: 8, as: UInt64.self)
                t.storeBytes(of: b.0, toByteOffset: n &- 16, as: UInt64.self)
                t.storeBytes(of: b.1, toByteOffset: n &- 8, as: UInt64.self)
            } else {
                target.update(from: source, count: n)
            }
        } else if n >= 4 {
            let head = s.loadUnaligned(as: UInt32.self)
            let tail = s.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            t.storeBytes(of: head, as: UInt32.self)
            t.storeBytes(of: tail, toByteOffset: n &- 4, as: UInt32.self)
        } else {
            for k in 0..<n { target[k] = source[k] }
        }
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

    /// The last day a column wrote and its `YYYY-MM-DD` text, so that the next cell on the same day copies it.
    struct DayMemo {
        var days = Int64.min
        var head: UInt64 = 0
        var tail: UInt16 = 0
    }

    /// `writeDate`, reusing the text of `memo`'s day when `days` is that day, and remembering `days` otherwise.
    @inline(__always)
    static func writeDate(days: Int64, to p: UnsafeMutablePointer<UInt8>, memo: inout DayMemo)
        -> UnsafeMutablePointer<UInt8>
    {
        let raw = UnsafeMutableRawPointer(p)
        if days != memo.days {
            _ = writeDate(days: days, to: p)
            memo = DayMemo(
                days: days, head: raw.loadUnaligned(as: UInt64.self),
                tail: raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        } else {
            raw.storeBytes(of: memo.head, as: UInt64.self)
            raw.storeBytes(of: memo.tail, toByteOffset: 8, as: UInt16.self)
        }
        return p + 10
    }

    /// `YYYY-MM-DD hh:mm:ss` in UTC, as `CivilTime.writeDateTime` prints it.
    @inline(__always)
    static func writeDateTime(epochSeconds s: Int64, to p: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        var memo = DayMemo()
        return writeDateTime(epochSeconds: s, to: p, memo: &memo)
    }

    /// `writeDateTime`, with the date part through `memo` (see `writeDate(days:to:memo:)`).
    @inline(__always)
    static func writeDateTime(epochSeconds s: Int64, to p: UnsafeMutablePointer<UInt8>, memo: inout DayMemo)
        -> UnsafeMutablePointer<UInt8>
    {
        let d = s >= 0 ? s / 86400 : (s - 86399) / 86400
        let r = s - d * 86400
        let q = writeDate(days: d, to: p, memo: &memo)
        q[0] = 0x20
        two(r / 3600, q + 1)
        q[3] = 0x3A
        two(r / 60 % 60, q + 4)
        q[6] = 0x3A
        two(r % 60, q + 7)
        return q + 9
    }
}
