import TributaryCore

/// `revenue_drop`: monthly revenue (PennyLane) below its trailing baseline.
///
/// The same engine as `spend_spike`, pointed down: each complete month against the median of the months before it
/// (the same month of earlier years with `season = "yearly"`), with the gate in percent of that baseline. A drop
/// that lasts `adapt_after` months becomes the new baseline.
public struct RevenueDropDetector: Detector {
    /// Settings: the keys of `BaselineSettings`. Defaults: `threshold = 3`, `direction = "down"`, `min_percent = 10`,
    /// `season = "none"`, `window = 6` (months), `min_history = 6`, `ignore_recent_hours = 0` (a month is judged
    /// once it is over).
    public struct Configuration: Sendable, Equatable {
        public var baseline: BaselineSettings

        public static let defaults = BaselineSettings(
            minHistory: 6, ignoreRecentHours: 0, season: SeasonChoice.none, window: 6, threshold: 3, direction: .down,
            thresholds: Thresholds(minPercent: ExactDecimal(10)),
            severities: SeverityLevels(
                high: Thresholds(minPercent: ExactDecimal(25)), critical: Thresholds(minPercent: ExactDecimal(50))))

        public init(baseline: BaselineSettings = Self.defaults) { self.baseline = baseline }

        public init(options: DetectorOptions) throws(DetectorOptionError) {
            var r = OptionReader(options, detector: RevenueDropDetector.kind)
            var b = Self.defaults
            try b.read(&r)
            try r.finish()
            self.init(baseline: b)
        }
    }

    public static let kind = "revenue_drop"
    public var kind: String { Self.kind }
    public var configuration: Configuration

    public init(_ configuration: Configuration = Configuration()) { self.configuration = configuration }

    public var ignoreRecentSeconds: Int64 { configuration.baseline.ignoreRecentSeconds }

    public func analyze(_ series: [Series], now: Int64?) -> DetectionResult {
        let runner = BaselineScanRunner(detector: kind, settings: configuration.baseline)
        var result = DetectionResult(scores: [], events: [])
        for s in series {
            let values = BaselineScanRunner.judgedValues(s, includeOneOff: configuration.baseline.includeOneOff)
            let out = runner.run(s, values: values, limit: judgeLimit(s, now: now)) { _, _ in .revenueDrop }
            result.scores.append(out.scores)
            result.events.append(contentsOf: out.events)
        }
        return result
    }
}
