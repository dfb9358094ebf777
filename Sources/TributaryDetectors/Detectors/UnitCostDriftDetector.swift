import TributaryCore

/// `unit_cost_drift`: the cost per 1K tokens (or per request) of the same model changes and stays changed: a price
/// change, a routing change, lost caching.
///
/// The series' values are costs and its denominators the quantity (tokens, requests); the detector judges
/// value × `per` / quantity with the shift rule of `level_shift` (`sustain` consecutive periods past `threshold`),
/// so that a change in mix for one day does not alert, and reports the impact in money: the change in unit cost
/// times the quantity used since the onset. A series without denominators is taken to be unit costs already.
public struct UnitCostDriftDetector: Detector {
    /// Settings: the keys of `BaselineSettings`, plus `per` (decimal, default 1000: cost per 1K units; 1 for per
    /// request) and `sustain` (int or `auto`: 2 periods). Defaults: `threshold = 3`, `direction = "both"`,
    /// `min_percent = 10`, `high_percent = 25`, `critical_percent = 100`.
    public struct Configuration: Sendable, Equatable {
        public var baseline: BaselineSettings
        public var per: ExactDecimal
        public var sustain: Int?

        public static let defaults = BaselineSettings(
            threshold: 3, direction: .both, thresholds: Thresholds(minPercent: ExactDecimal(10)),
            severities: SeverityLevels(
                high: Thresholds(minPercent: ExactDecimal(25)), critical: Thresholds(minPercent: ExactDecimal(100))))

        public init(
            baseline: BaselineSettings = Self.defaults, per: ExactDecimal = ExactDecimal(1000), sustain: Int? = nil
        ) {
            self.baseline = baseline
            self.per = per
            self.sustain = sustain
        }

        public init(options: DetectorOptions) throws(DetectorOptionError) {
            var r = OptionReader(options, detector: UnitCostDriftDetector.kind)
            var b = Self.defaults
            try b.read(&r)
            let per = try r.decimal("per") ?? ExactDecimal(1000)
            guard !per.isZero else {
                throw .badValue(detector: UnitCostDriftDetector.kind, key: "per", value: "0", expected: "above zero")
            }
            var sustain: Int?
            try r.autoInt("sustain", minimum: 1, into: &sustain)
            try r.finish()
            self.init(baseline: b, per: per, sustain: sustain)
        }
    }

    public static let kind = "unit_cost_drift"
    public var kind: String { Self.kind }
    public var configuration: Configuration

    public init(_ configuration: Configuration = Configuration()) { self.configuration = configuration }

    public var ignoreRecentSeconds: Int64 { configuration.baseline.ignoreRecentSeconds }

    public func analyze(_ series: [Series], now: Int64?) -> DetectionResult {
        let c = configuration
        let sustain = c.sustain ?? 2
        var settings = c.baseline
        if settings.closeAfter == nil { settings.closeAfter = max(2, sustain - 1) }
        let runner = BaselineScanRunner(detector: kind, settings: settings, sustain: sustain, continueFactor: 0.75)
        var result = DetectionResult(scores: [], events: [])
        for s in series {
            let ratios = RatioValues.of(s, per: c.per, scale: 12, includeOneOff: settings.includeOneOff)
            let out = runner.run(
                s, values: ratios, limit: judgeLimit(s, now: now), impactUnit: s.denominators.isEmpty ? nil : s.unit,
                detail: { e, expected in
                    guard
                        let moved = RatioValues.impact(of: e, ratios: ratios, expected: expected, series: s, per: c.per)
                    else {
                        return LevelShiftDetector.shift(e, values: ratios, expected: expected)
                    }
                    return .unitCost(
                        per: c.per, quantity: moved.quantity, quantityUnit: s.denominatorUnit, moneyUnit: s.unit)
                },
                impact: { e, expected in
                    RatioValues.impact(of: e, ratios: ratios, expected: expected, series: s, per: c.per)?.impact
                })
            result.scores.append(out.scores)
            result.events.append(contentsOf: out.events)
        }
        return result
    }
}
