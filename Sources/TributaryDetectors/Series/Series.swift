import TributaryCore

/// One time series as detectors read it: what a `[[detect]]` query returns for one combination of dimension values.
///
/// Values are exact decimals so that money is judged and reported to the cent (and beyond) without binary
/// rounding; a detector converts to `Double` only for scores. Optional per-point columns carry what the query knows
/// besides the value: flags (missing, acknowledged), the part of the value that is a one-off charge (tax, purchases,
/// credits), and a denominator for detectors of ratios (tokens for a cost per 1K tokens, input tokens for a cache
/// share). An empty optional column means "none".
public struct Series: Sendable, Equatable {
    /// The detection this series belongs to (the `[[detect]]` id); part of every finding id.
    public var name: String
    public var key: SeriesKey
    public var granularity: Granularity
    public var unit: ValueUnit
    /// Period starts in epoch seconds, ascending.
    public var timestamps: [Int64]
    public var values: [ExactDecimal]
    /// Empty, or one per point.
    public var flags: [PointFlags]
    /// Empty, or one per point: the one-off part of each value, left out unless a detector is told to include it.
    public var oneOff: [ExactDecimal]
    /// Empty, or one per point: what the value is divided by in ratio detectors.
    public var denominators: [ExactDecimal]
    public var denominatorUnit: ValueUnit

    public init(
        name: String = "series", key: SeriesKey = .total, granularity: Granularity, unit: ValueUnit = .plain,
        timestamps: [Int64], values: [ExactDecimal], flags: [PointFlags] = [], oneOff: [ExactDecimal] = [],
        denominators: [ExactDecimal] = [], denominatorUnit: ValueUnit = .plain
    ) {
        precondition(timestamps.count == values.count, "one value per timestamp")
        precondition(flags.isEmpty || flags.count == values.count, "flags are empty or one per point")
        precondition(oneOff.isEmpty || oneOff.count == values.count, "one-off amounts are empty or one per point")
        precondition(denominators.isEmpty || denominators.count == values.count, "denominators empty or one per point")
        self.name = name
        self.key = key
        self.granularity = granularity
        self.unit = unit
        self.timestamps = timestamps
        self.values = values
        self.flags = flags
        self.oneOff = oneOff
        self.denominators = denominators
        self.denominatorUnit = denominatorUnit
    }

    public var count: Int { values.count }

    public func flags(at i: Int) -> PointFlags { flags.isEmpty ? [] : flags[i] }

    /// The value a detector judges at point `i`: the one-off part removed unless `includeOneOff`.
    public func judgedValue(at i: Int, includeOneOff: Bool) -> ExactDecimal {
        guard !includeOneOff, !oneOff.isEmpty, !oneOff[i].isZero else { return values[i] }
        return values[i].subtracting(oneOff[i]) ?? values[i]
    }

    /// This series with the points inside any of `periods` (epoch seconds, inclusive) flagged as acknowledged: how
    /// the findings a user acknowledged are kept out of later baselines.
    public func acknowledging(_ periods: [ClosedRange<Int64>]) -> Series {
        guard !periods.isEmpty else { return self }
        var copy = self
        if copy.flags.isEmpty { copy.flags = Array(repeating: [], count: count) }
        for i in timestamps.indices where periods.contains(where: { $0.contains(timestamps[i]) }) {
            copy.flags[i].insert(.acknowledged)
        }
        return copy
    }

    /// The first `n` points: what the series looked like at an earlier time (causality checks, replays).
    public func prefix(_ n: Int) -> Series {
        let n = max(0, min(n, count))
        return Series(
            name: name, key: key, granularity: granularity, unit: unit, timestamps: Array(timestamps.prefix(n)),
            values: Array(values.prefix(n)), flags: Array(flags.prefix(n)), oneOff: Array(oneOff.prefix(n)),
            denominators: Array(denominators.prefix(n)), denominatorUnit: denominatorUnit)
    }
}
