import Foundation
import TributaryCore

@testable import TributaryDetectors

extension SeededRandom {
    /// A standard normal draw (Box–Muller), with the real tails that the library's quick approximation lacks.
    mutating func gaussian() -> Double {
        let u1 = max(Double.leastNonzeroMagnitude, uniform())
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

/// Builders of synthetic daily and hourly series with known, planted events.
enum Synthetic {
    /// 2025-01-06, a Monday.
    static let monday: Int64 = CivilTime.days(year: 2025, month: 1, day: 6) * 86400

    static func money(_ d: Double) -> ExactDecimal {
        ExactDecimal(units: Int128((d * 100).rounded()), scale: 2)
    }

    /// Daily spend around `level` with multiplicative `weekly` factors (Monday first), relative noise `noise`.
    static func daily(
        days: Int, level: Double = 100, weekly: [Double] = [1, 1, 1, 1, 1, 1, 1], noise: Double = 0.05,
        seed: UInt64 = 1, start: Int64 = monday, key: SeriesKey = .total, name: String = "spend",
        edit: (Int, Double) -> Double = { _, v in v }
    ) -> Series {
        var rng = SeededRandom(seed: seed)
        var ts: [Int64] = []
        var vs: [ExactDecimal] = []
        for d in 0..<days {
            let t = start + Int64(d) * 86400
            let wd = Int((Int64(d) + (start / 86400 + 3) % 7) % 7)
            let v = max(0, edit(d, level * weekly[wd] * (1 + noise * rng.gaussian())))
            ts.append(t)
            vs.append(money(v))
        }
        return Series(
            name: name, key: key, granularity: .day, unit: .money(currency: "USD"), timestamps: ts, values: vs)
    }

    static func hourly(
        hours: Int, level: Double = 50, dailyAmplitude: Double = 0.4, noise: Double = 0.05, seed: UInt64 = 2
    )
        -> Series
    {
        var rng = SeededRandom(seed: seed)
        var ts: [Int64] = []
        var vs: [ExactDecimal] = []
        for h in 0..<hours {
            let phase = Double(h % 24) / 24 * 2 * .pi
            let v = max(0, level * (1 + dailyAmplitude * sin(phase)) * (1 + noise * rng.gaussian()))
            ts.append(monday + Int64(h) * 3600)
            vs.append(money(v))
        }
        return Series(granularity: .hour, unit: .money(currency: "USD"), timestamps: ts, values: vs)
    }

    static let weekdayHeavy: [Double] = [1.2, 1.25, 1.2, 1.15, 1.1, 0.55, 0.5]
}

extension Synthetic {
    /// The start of day `n` after `monday`.
    static func day(_ n: Int) -> Int64 { monday + Int64(n) * 86400 }

    /// A daily series of exactly these amounts (decimal text), from `monday`.
    static func exact(_ amounts: [String], key: SeriesKey = .total, name: String = "spend") -> Series {
        Series(
            name: name, key: key, granularity: .day, unit: .money(currency: "USD"),
            timestamps: amounts.indices.map { day($0) }, values: amounts.map { ExactDecimal($0) ?? .zero })
    }

    static func decimal(_ text: String) -> ExactDecimal { ExactDecimal(text) ?? .zero }
}

extension Synthetic {
    /// A daily ratio series: `numerator(d, denominator)` over `denominator(d)`, as cost over tokens or cached over
    /// input tokens.
    static func ratio(
        days: Int, unit: ValueUnit = .money(currency: "USD"), quantity: ValueUnit = .count("tokens"), seed: UInt64,
        denominator: (Int, inout SeededRandom) -> Double, numerator: (Int, Double, inout SeededRandom) -> Double
    ) -> Series {
        var rng = SeededRandom(seed: seed)
        var values: [ExactDecimal] = []
        var denominators: [ExactDecimal] = []
        for d in 0..<days {
            let q = denominator(d, &rng).rounded()
            denominators.append(ExactDecimal(units: Int128(q), scale: 0))
            values.append(ExactDecimal(units: Int128((numerator(d, q, &rng) * 1_000_000).rounded()), scale: 6))
        }
        return Series(
            name: "usage", key: SeriesKey(["provider": "openai", "model": "gpt-4.1"]), granularity: .day, unit: unit,
            timestamps: (0..<days).map { day($0) }, values: values, denominators: denominators,
            denominatorUnit: quantity)
    }

    /// Monthly amounts from January 2023.
    static func monthly(_ amounts: [Double], key: SeriesKey = .total) -> Series {
        let g = Granularity.month
        let first = g.slot(of: CivilTime.days(year: 2023, month: 1, day: 1) * 86400)
        return Series(
            name: "revenue", key: key, granularity: g, unit: .money(currency: "EUR"),
            timestamps: amounts.indices.map { g.start(ofSlot: first + Int64($0)) }, values: amounts.map(money))
    }
}
