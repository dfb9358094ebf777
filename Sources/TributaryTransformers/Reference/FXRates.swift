import TributaryCore

/// Daily reference exchange rates against one base currency (the ECB publishes EUR rates: 1 EUR = `rate` units
/// of each currency), exact.
public struct FXRates: Sendable, Equatable {
    /// The currency every rate is quoted against (`EUR` for the ECB).
    public var base: String
    /// By day (days since 1970-01-01), then currency: units of the currency per 1 `base`.
    public var days: [Int64: [String: ExactDecimal]]
    /// What the rows' `x_fx_source` could say: the file and its content hash.
    public var version: String
    private let sortedDays: [Int64]

    public init(base: String, days: [Int64: [String: ExactDecimal]], version: String) {
        self.base = base
        self.days = days
        self.version = version
        sortedDays = days.keys.sorted()
    }

    public static func == (a: FXRates, b: FXRates) -> Bool {
        a.base == b.base && a.days == b.days && a.version == b.version
    }

    /// How to turn an amount in `from` into `to` on `day`: multiply by `numerator`, divide by `denominator`
    /// (the two currencies' rates against the base, so that the conversion rounds once, at the end), and the
    /// day whose rates were used: the latest day with both rates on or before `day`, no more than `maxAgeDays`
    /// earlier (rates are not published at weekends and on holidays). Nil when there is none: the caller
    /// rejects, never assumes 1.
    public func rate(from: String, to: String, on day: Int64, maxAgeDays: Int64)
        -> (numerator: ExactDecimal, denominator: ExactDecimal, day: Int64)?
    {
        if from == to { return (ExactDecimal(1), ExactDecimal(1), day) }
        // The latest published day on or before `day`.
        var lo = 0
        var hi = sortedDays.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sortedDays[mid] <= day { lo = mid + 1 } else { hi = mid }
        }
        var i = lo - 1
        while i >= 0, day - sortedDays[i] <= maxAgeDays {
            let d = sortedDays[i]
            if let table = days[d], let a = units(of: from, in: table), let b = units(of: to, in: table), !a.isZero {
                return (b, a, d)
            }
            i -= 1
        }
        return nil
    }

    private func units(of currency: String, in table: [String: ExactDecimal]) -> ExactDecimal? {
        currency == base ? ExactDecimal(1) : table[currency]
    }
}
