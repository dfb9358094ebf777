import TributaryCore

/// `cache_efficiency`: the cached share of input tokens falls, and stays down (a prompt change that broke prefix
/// caching, a new route without it).
///
/// The series' values are cached input tokens and its denominators all input tokens; the detector judges the share
/// with the shift rule of `level_shift`, downwards, gated on the drop in percentage points of the latest period
/// (`min_drop_points`), and reports how many input tokens were no longer served from the cache. A series without
/// denominators is taken to be shares (0 to 1) already.
public struct CacheEfficiencyDetector: Detector {
    /// Settings: the keys of `BaselineSettings`, plus `min_drop_points` (decimal, default 10: the share must fall by
    /// at least 10 percentage points; it sets `min_deviation`) and `sustain` (int or `auto`: 2 periods).
    /// Defaults: `threshold = 3`, `direction = "down"`, `min_percent = 0`, `high_percent = 30`,
    /// `critical_percent = 60` (relative falls of the share).
    public struct Configuration: Sendable, Equatable {
        public var baseline: BaselineSettings
        public var sustain: Int?

        public static let defaults = BaselineSettings(
            threshold: 3, direction: .down, thresholds: Thresholds(minDeviation: ExactDecimal(units: 10, scale: 2)),
            severities: SeverityLevels(
                high: Thresholds(minPercent: ExactDecimal(30)), critical: Thresholds(minPercent: ExactDecimal(60))))

        public init(baseline: BaselineSettings = Self.defaults, sustain: Int? = nil) {
            self.baseline = baseline
            self.sustain = sustain
        }

        public init(options: DetectorOptions) throws(DetectorOptionError) {
            var r = OptionReader(options, detector: CacheEfficiencyDetector.kind)
            var b = Self.defaults
            try b.read(&r)
            if let points = try r.decimal("min_drop_points") {
                b.thresholds.minDeviation =
                    points.dividing(by: ExactDecimal(100), resultScale: points.scale + 2) ?? points
            }
            var sustain: Int?
            try r.autoInt("sustain", minimum: 1, into: &sustain)
            try r.finish()
            self.init(baseline: b, sustain: sustain)
        }
    }

    public static let kind = "cache_efficiency"
    public var kind: String { Self.kind }
    public var configuration: Configuration

    public init(_ configuration: Configuration = Configuration()) { self.configuration = configuration }

    public var ignoreRecentSeconds: Int64 { configuration.baseline.ignoreRecentSeconds }

    public func analyze(_ series: [Series], now: Int64?) -> DetectionResult {
        let sustain = configuration.sustain ?? 2
        var settings = configuration.baseline
        if settings.closeAfter == nil { settings.closeAfter = max(2, sustain - 1) }
        let runner = BaselineScanRunner(detector: kind, settings: settings, sustain: sustain, continueFactor: 0.75)
        var result = DetectionResult(scores: [], events: [])
        for s in series {
            let shares = RatioValues.of(s, per: ExactDecimal(1), scale: 6, includeOneOff: settings.includeOneOff)
            var shareSeries = s
            shareSeries.unit = .share
            let out = runner.run(
                shareSeries, values: shares, limit: judgeLimit(s, now: now),
                impactUnit: s.denominators.isEmpty ? .share : s.denominatorUnit,
                detail: { e, expected in
                    guard
                        let moved = RatioValues.impact(
                            of: e, ratios: shares, expected: expected, series: s, per: ExactDecimal(1))
                    else {
                        return LevelShiftDetector.shift(e, values: shares, expected: expected)
                    }
                    return .cacheShare(inputTokens: moved.quantity)
                },
                impact: { e, expected in
                    RatioValues.impact(of: e, ratios: shares, expected: expected, series: s, per: ExactDecimal(1))?
                        .impact
                })
            result.scores.append(out.scores)
            result.events.append(contentsOf: out.events)
        }
        return result
    }
}
