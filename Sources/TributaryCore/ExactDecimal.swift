/// An exact decimal number: an `Int128` count of units of 10^-scale.
///
/// Money never passes through binary floating point (lesson L7): amounts are parsed from their text straight
/// into scaled integers, summed exactly, and written back as text. 38 significant digits fit, which is what
/// ClickHouse's `Decimal(38, S)` holds.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var units: Int128
    public var scale: Int

    public static let maxScale = 38
    public static let zero = ExactDecimal(units: 0, scale: 0)

    public init(units: Int128, scale: Int) {
        precondition((0...Self.maxScale).contains(scale), "decimal scale out of range")
        self.units = units
        self.scale = scale
    }

    public init(_ integer: Int64) {
        self.init(units: Int128(integer), scale: 0)
    }

    /// Parses `-12.3400`, `+5`, `.5`, `1e-7`, `3.6E+2`, keeping the scale the text implies (at least 0).
    public init?(_ text: some StringProtocol) {
        var bytes = Array(text.utf8)
        let parsed = bytes.withUnsafeMutableBytes { raw -> ExactDecimal? in
            switch ExactDecimal.parse(UnsafeRawBufferPointer(raw), scale: nil) {
            case .value(let d): return d
            default: return nil
            }
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Why text did not become a decimal.
    public enum ParseFailure: Sendable, Equatable {
        case notANumber
        case tooManyDecimals(found: Int, allowed: Int)
        case overflow
    }

    public enum ParseResult: Sendable, Equatable {
        case value(ExactDecimal)
        case failure(ParseFailure)
    }

    /// Parses decimal text from raw bytes.
    ///
    /// With a target `scale`, the result has exactly that scale; digits beyond it must be zeros, otherwise the
    /// value is refused rather than rounded, so that no money is lost silently. Surrounding spaces are allowed.
    public static func parse(_ bytes: UnsafeRawBufferPointer, scale target: Int?) -> ParseResult {
        var i = 0
        var end = bytes.count
        while i < end, bytes[i] == 0x20 { i += 1 }
        while end > i, bytes[end - 1] == 0x20 { end -= 1 }
        guard i < end else { return .failure(.notANumber) }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if bytes[i] == UInt8(ascii: "+") {
            i += 1
        }
        var units: Int128 = 0
        var digits = 0
        var significant = 0
        var fraction = 0
        var seenPoint = false
        var overflow = false
        while i < end {
            let c = bytes[i]
            if c >= 0x30 && c <= 0x39 {
                digits += 1
                if units != 0 || c != 0x30 { significant += 1 }
                if significant > 38 {
                    overflow = true
                } else {
                    units = units &* 10 &+ Int128(c &- 0x30)
                }
                if seenPoint { fraction += 1 }
            } else if c == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return .failure(.notANumber) }
        var exponent = 0
        if i < end {
            guard bytes[i] | 0x20 == UInt8(ascii: "e") else { return .failure(.notANumber) }
            i += 1
            var expNegative = false
            if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var expDigits = 0
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                exponent = exponent * 10 + Int(bytes[i] - 0x30)
                if exponent > 1000 { return .failure(.overflow) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0, i == end else { return .failure(.notANumber) }
            if expNegative { exponent = -exponent }
        }
        if overflow { return .failure(.overflow) }
        // value = units * 10^(exponent - fraction)
        var scale = fraction - exponent
        if scale < 0 {
            guard let scaled = multiply(units, byPowerOfTen: -scale) else { return .failure(.overflow) }
            units = scaled
            scale = 0
        }
        if negative { units = -units }
        var value = ExactDecimal(units: 0, scale: 0)
        value.units = units
        value.scale = min(scale, maxScale)
        if scale > maxScale {
            // Only trailing zeros may go.
            guard let trimmed = ExactDecimal(units: units, scaleUnchecked: scale).rescaledExactly(to: maxScale)
            else { return .failure(.tooManyDecimals(found: scale, allowed: maxScale)) }
            value = trimmed
        }
        guard let target else { return .value(value) }
        if let exact = value.rescaledExactly(to: target) { return .value(exact) }
        if value.scale > target {
            return .failure(.tooManyDecimals(found: value.significantScale, allowed: target))
        }
        return .failure(.overflow)
    }

    private init(units: Int128, scaleUnchecked: Int) {
        self.units = units
        self.scale = scaleUnchecked
    }

    /// Powers of ten that fit an Int128: 10^0 … 10^38.
    public static let powersOfTen: [Int128] = {
        var p: [Int128] = [1]
        for _ in 1...38 { p.append(p[p.count - 1] * 10) }
        return p
    }()

    static func multiply(_ value: Int128, byPowerOfTen n: Int) -> Int128? {
        guard n >= 0 else { return nil }
        guard n <= 38 else { return value == 0 ? 0 : nil }
        let (r, o) = value.multipliedReportingOverflow(by: powersOfTen[n])
        return o ? nil : r
    }

    /// The smallest scale that represents this value exactly (trailing zeros dropped).
    public var significantScale: Int {
        var s = scale
        var u = units
        while s > 0, u % 10 == 0 {
            u /= 10
            s -= 1
        }
        return s
    }

    /// The same value at another scale, or nil if that would drop non-zero digits or overflow.
    public func rescaledExactly(to target: Int) -> ExactDecimal? {
        if target == scale { return self }
        if target > scale {
            guard target <= Self.maxScale, let u = Self.multiply(units, byPowerOfTen: target - scale) else {
                return nil
            }
            return ExactDecimal(units: u, scaleUnchecked: target)
        }
        let divisor = Self.powersOfTen[scale - target]
        let (q, r) = units.quotientAndRemainder(dividingBy: divisor)
        return r == 0 ? ExactDecimal(units: q, scaleUnchecked: target) : nil
    }

    /// The value at `target` scale, rounded half to even when digits must go (banker's rounding, as
    /// accountants and IEEE 754 decimal arithmetic do). Nil on overflow.
    public func rounded(to target: Int) -> ExactDecimal? {
        if target >= scale { return rescaledExactly(to: target) }
        let divisor = Self.powersOfTen[scale - target]
        let (truncated, r) = units.quotientAndRemainder(dividingBy: divisor)
        var q = truncated
        let twice = r.magnitude * 2
        if twice > divisor.magnitude || (twice == divisor.magnitude && q % 2 != 0) {
            q += r < 0 ? -1 : 1
        }
        return ExactDecimal(units: q, scaleUnchecked: target)
    }

    private static func aligned(_ a: ExactDecimal, _ b: ExactDecimal) -> (Int128, Int128, Int)? {
        let s = max(a.scale, b.scale)
        guard let x = a.rescaledExactly(to: s), let y = b.rescaledExactly(to: s) else { return nil }
        return (x.units, y.units, s)
    }

    /// Exact sum; nil on overflow.
    public func adding(_ other: ExactDecimal) -> ExactDecimal? {
        guard let (x, y, s) = Self.aligned(self, other) else { return nil }
        let (r, o) = x.addingReportingOverflow(y)
        return o ? nil : ExactDecimal(units: r, scaleUnchecked: s)
    }

    /// Exact difference; nil on overflow.
    public func subtracting(_ other: ExactDecimal) -> ExactDecimal? {
        guard let (x, y, s) = Self.aligned(self, other) else { return nil }
        let (r, o) = x.subtractingReportingOverflow(y)
        return o ? nil : ExactDecimal(units: r, scaleUnchecked: s)
    }

    /// The product, exact when its scale (the sum of both scales) is at most `maxResultScale`, otherwise
    /// rounded half to even to that scale. Nil on overflow.
    public func multiplying(_ other: ExactDecimal, maxResultScale: Int = 12) -> ExactDecimal? {
        let (r, o) = units.multipliedReportingOverflow(by: other.units)
        guard !o else { return nil }
        let product = ExactDecimal(units: r, scaleUnchecked: scale + other.scale)
        if product.scale <= min(maxResultScale, Self.maxScale) { return product }
        return product.rounded(to: maxResultScale)
    }

    /// The quotient at `resultScale`, rounded half to even. Nil on division by zero or overflow.
    public func dividing(by other: ExactDecimal, resultScale: Int = 12) -> ExactDecimal? {
        guard other.units != 0 else { return nil }
        // q = (a.units / 10^a.s) / (b.units / 10^b.s) at scale R  =>  a.units * 10^(R + b.s - a.s + 1) / b.units, then round.
        let shift = resultScale + other.scale - scale + 1
        var numerator = units
        var denominator = other.units
        if shift >= 0 {
            guard let n = Self.multiply(numerator, byPowerOfTen: shift) else { return nil }
            numerator = n
        } else {
            guard let d = Self.multiply(denominator, byPowerOfTen: -shift) else { return nil }
            denominator = d
        }
        let extra = numerator / denominator  // one digit more than wanted, truncated
        let remainderNonZero = numerator % denominator != 0
        let (truncated, last) = extra.quotientAndRemainder(dividingBy: 10)
        var q = truncated
        let lastDigit = last.magnitude
        if lastDigit > 5 || (lastDigit == 5 && (remainderNonZero || q % 2 != 0)) {
            q += (extra < 0 || (extra == 0 && (numerator < 0) != (denominator < 0))) ? -1 : 1
        }
        return ExactDecimal(units: q, scaleUnchecked: resultScale)
    }

    public var negated: ExactDecimal { ExactDecimal(units: -units, scaleUnchecked: scale) }
    public var isZero: Bool { units == 0 }

    public static func < (a: ExactDecimal, b: ExactDecimal) -> Bool {
        let s = max(a.scale, b.scale)
        if let x = a.rescaledExactly(to: s), let y = b.rescaledExactly(to: s) { return x.units < y.units }
        // One side overflowed when widened, so it is the larger in magnitude.
        return a.scale < b.scale ? a.units < 0 : b.units > 0
    }

    public static func == (a: ExactDecimal, b: ExactDecimal) -> Bool {
        let s = max(a.scale, b.scale)
        guard let x = a.rescaledExactly(to: s), let y = b.rescaledExactly(to: s) else { return false }
        return x.units == y.units
    }

    public func hash(into hasher: inout Hasher) {
        let n = rescaledExactly(to: significantScale) ?? self
        hasher.combine(n.units)
        hasher.combine(n.scale)
    }

    /// Plain decimal text with exactly `scale` fraction digits: `-0.050000`.
    public var description: String {
        var out: [UInt8] = []
        Self.write(units: units, scale: scale, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the text of `units × 10^-scale` to `out` without allocating a String (the loader's hot path).
    @inlinable
    public static func write(units: Int128, scale: Int, into out: inout [UInt8]) {
        if units < 0 { out.append(UInt8(ascii: "-")) }
        var m = units.magnitude
        // 39 digits at most.
        var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { raw in
            var n = 0
            repeat {
                raw[39 - n] = UInt8(truncatingIfNeeded: m % 10) &+ 0x30
                m /= 10
                n += 1
            } while m != 0 || n <= scale
            let start = 40 - n
            let integerDigits = n - scale
            for k in 0..<integerDigits { out.append(raw[start + k]) }
            if scale > 0 {
                out.append(UInt8(ascii: "."))
                for k in integerDigits..<n { out.append(raw[start + k]) }
            }
        }
    }
}
