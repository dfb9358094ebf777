import TributaryCore

/// The gate a statistically unusual period must also pass to alert: a minimum cumulative impact (in the series'
/// unit, money for spend), a minimum absolute deviation of the latest period, and a minimum deviation in percent of
/// the expected value, combined by `gate`.
///
/// A zero threshold is not used at all (it neither passes nor blocks), so `min_impact = 0, min_percent = 10` with
/// `gate = "or"` gates on the percentage alone. With neither set, every statistically unusual period passes.
/// The decision is exact (`passes`); `score` is the same test as a number in [0, 1] that is 0.5 on the boundary.
public struct Thresholds: Sendable, Hashable {
    public var minImpact: ExactDecimal
    public var minDeviation: ExactDecimal
    public var minPercent: ExactDecimal
    public var gate: Gate

    public init(
        minImpact: ExactDecimal = .zero, minDeviation: ExactDecimal = .zero, minPercent: ExactDecimal = .zero,
        gate: Gate = .and
    ) {
        self.minImpact = minImpact
        self.minDeviation = minDeviation
        self.minPercent = minPercent
        self.gate = gate
    }

    /// Whether no threshold is set.
    public var isOpen: Bool { minImpact.isZero && minDeviation.isZero && minPercent.isZero }

    /// Whether a finding passes, computed exactly: `impact` (the cumulative impact of the event so far) against
    /// `min_impact`, and `deviation` (the latest period's actual minus expected) against `min_deviation` and, in
    /// percent of `expected`, against `min_percent`. `deviation` defaults to `impact`, for findings of one period.
    ///
    /// Against an expected zero any non-zero deviation is an infinite percentage, so that new spend from nothing
    /// passes a percent gate.
    public func passes(impact: ExactDecimal, deviation: ExactDecimal? = nil, expected: ExactDecimal) -> Bool {
        var outcomes: [Bool] = []
        let d = (deviation ?? impact).magnitude
        if !minImpact.isZero { outcomes.append(impact.magnitude >= minImpact.magnitude) }
        if !minDeviation.isZero { outcomes.append(d >= minDeviation.magnitude) }
        if !minPercent.isZero { outcomes.append(Self.percentPasses(d, expected.magnitude, minPercent)) }
        guard !outcomes.isEmpty else { return true }
        return gate == .and ? outcomes.allSatisfy { $0 } : outcomes.contains(true)
    }

    /// `|impact| × 100 ≥ minPercent × |expected|`, exact unless the products overflow 38 digits (then in Double).
    static func percentPasses(_ impact: ExactDecimal, _ expected: ExactDecimal, _ minPercent: ExactDecimal) -> Bool {
        if expected.isZero { return !impact.isZero }
        if let left = impact.multiplying(ExactDecimal(100), maxResultScale: ExactDecimal.maxScale),
            let right = minPercent.magnitude.multiplying(expected, maxResultScale: ExactDecimal.maxScale)
        {
            return left >= right
        }
        return impact.doubleValue * 100 >= minPercent.doubleValue * expected.doubleValue
    }

    /// The gate as a score: each threshold in use maps `measure / threshold` through `ScoreScale`, and `and` takes
    /// the smallest, `or` the largest. 1 when no threshold is set. `percent` may be infinite.
    public func score(impact: Double, deviation: Double, percent: Double) -> Double {
        var best = 0.0
        var worst = 1.0
        var any = false
        if !minImpact.isZero {
            let s = ScoreScale.map(abs(impact) / minImpact.magnitude.doubleValue)
            best = max(best, s)
            worst = min(worst, s)
            any = true
        }
        if !minDeviation.isZero {
            let s = ScoreScale.map(abs(deviation) / minDeviation.magnitude.doubleValue)
            best = max(best, s)
            worst = min(worst, s)
            any = true
        }
        if !minPercent.isZero {
            let s = ScoreScale.map(abs(percent) / minPercent.magnitude.doubleValue)
            best = max(best, s)
            worst = min(worst, s)
            any = true
        }
        guard any else { return 1 }
        return gate == .and ? worst : best
    }
}

extension ExactDecimal {
    /// The absolute value.
    public var magnitude: ExactDecimal { units < 0 ? negated : self }

    /// An approximation for scores and statistics, never for amounts that are reported.
    public var doubleValue: Double {
        units.approximateDouble / ExactDecimal.powersOfTenDouble[scale]
    }

    /// 10^0 … 10^38 as Doubles, so that conversions do not loop.
    static let powersOfTenDouble: [Double] = {
        var p: [Double] = [1]
        for _ in 1...38 { p.append(p[p.count - 1] * 10) }
        return p
    }()
}
