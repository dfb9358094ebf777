import TributaryCore

/// Integer arithmetic on decimal units (`Int128` counts of 10^-scale), for the evaluator's loops.
///
/// Money never becomes a Double here: products and quotients are computed on integers and rounded half to
/// even, the rounding accountants and IEEE 754 decimal arithmetic use.
enum DecimalMath {
    /// The largest magnitude of a 38-digit decimal, ClickHouse's `Decimal(38, S)`.
    static let maxUnits: Int128 = ExactDecimal.powersOfTen[38] - 1

    @inline(__always) static func fits(_ units: Int128) -> Bool { units >= -maxUnits && units <= maxUnits }

    @inline(__always) static func pow10(_ n: Int) -> Int128 { ExactDecimal.powersOfTen[n] }

    /// `value / divisor` rounded half to even; `divisor` is positive. Uses 64-bit division when both fit, which
    /// is the common case and several times faster than 128-bit division.
    @inline(__always)
    static func divideRounded(_ value: Int128, by divisor: Int128) -> Int128 {
        if let v = Int64(exactly: value), let d = Int64(exactly: divisor) {
            let (q, r) = v.quotientAndRemainder(dividingBy: d)
            let twice = r.magnitude * 2
            if twice > d.magnitude || (twice == d.magnitude && q & 1 != 0) { return Int128(q + (v < 0 ? -1 : 1)) }
            return Int128(q)
        }
        let (q, r) = value.quotientAndRemainder(dividingBy: divisor)
        let twice = r.magnitude * 2
        if twice > divisor.magnitude || (twice == divisor.magnitude && q & 1 != 0) { return q + (value < 0 ? -1 : 1) }
        return q
    }

    /// `a × b / 10^shift`, rounded half to even, through a 256-bit product: for the rare products that overflow
    /// 128 bits before the scale is brought down. Nil when the result does not fit 38 digits.
    static func multiplyWide(_ a: Int128, _ b: Int128, shift: Int) -> Int128? {
        let negative = (a < 0) != (b < 0)
        let product = a.magnitude.multipliedFullWidth(by: b.magnitude)
        let divisor = UInt128(pow10(shift))
        guard product.high < divisor else { return nil }
        let (q, r) = divisor.dividingFullWidth(product)
        var m = q
        if r * 2 > divisor || (r * 2 == divisor && q & 1 != 0) { m += 1 }
        guard m <= UInt128(maxUnits) else { return nil }
        return negative ? -Int128(m) : Int128(m)
    }

    /// `a × b` at scale `sa + sb - shift`, exact when `shift` is 0, else rounded half to even.
    @inline(__always)
    static func multiply(_ a: Int128, _ b: Int128, shift: Int, divisor: Int128) -> Int128? {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { return multiplyWide(a, b, shift: shift) }
        let r = shift == 0 ? p : divideRounded(p, by: divisor)
        return fits(r) ? r : nil
    }

    /// `units` (at `scale`) as text, for messages and string conversions.
    static func text(_ units: Int128, scale: Int) -> String {
        ExactDecimal(units: units, scale: scale).description
    }
}
