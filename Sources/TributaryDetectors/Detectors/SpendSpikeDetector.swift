import TributaryCore

/// `spend_spike`: a period far above (optionally below) a robust seasonal baseline.
///
/// The baseline is the median of the same weekday (or hour) over the last `season_peers` seasons, or the trailing
/// median where there is no useful season, with a band from the baseline's own past errors (see `RobustBaseline`).
/// Consecutive unusual periods are one event with an onset, a last-seen period and a cumulative impact; the gate
/// (`min_impact`, `min_percent`, `gate`) decides which events alert. Unusual and acknowledged periods never enter
/// later baselines, so one spike does not hide the next; a spike that lasts `adapt_after` periods becomes the new
/// normal (and is `level_shift`'s to report).
public struct SpendSpikeDetector: Detector {
    /// Settings; keys in `BaselineSettings`. Defaults: `threshold = 4.5`, `direction = "up"` for money (a drop in
    /// spend is good news, and alerts only when asked) and `both` for any other series (a metric, an offline CSV:
    /// there a dip is as anomalous as a spike), `min_percent = 10`, `min_impact = 0`, `gate = "and"`,
    /// `ignore_recent_hours = 48`, `season = "auto"`, `season_peers = 4`.
    public struct Configuration: Sendable, Equatable {
        public var baseline: BaselineSettings
        /// Whether `direction` was set; if not, it follows the series' unit (see above).
        public var directionGiven: Bool

        public init(baseline: BaselineSettings = Self.defaults, directionGiven: Bool = false) {
            self.baseline = baseline
            self.directionGiven = directionGiven
        }

        public static let defaults = BaselineSettings(
            threshold: 4.5, direction: .up, thresholds: Thresholds(minPercent: ExactDecimal(10)))

        public init(options: DetectorOptions) throws(DetectorOptionError) {
            var r = OptionReader(options, detector: SpendSpikeDetector.kind)
            var b = Self.defaults
            let given = r.value("direction") != nil
            try b.read(&r)
            try r.finish()
            self.init(baseline: b, directionGiven: given)
        }
    }

    public static let kind = "spend_spike"
    public var kind: String { Self.kind }
    public var configuration: Configuration

    public init(_ configuration: Configuration = Configuration()) { self.configuration = configuration }

    public var ignoreRecentSeconds: Int64 { configuration.baseline.ignoreRecentSeconds }

    public func analyze(_ series: [Series], now: Int64?) -> DetectionResult {
        var result = DetectionResult(scores: [], events: [])
        for s in series {
            var settings = configuration.baseline
            if !configuration.directionGiven, !s.unit.isMoney { settings.direction = .both }
            let runner = BaselineScanRunner(detector: kind, settings: settings)
            let values = BaselineScanRunner.judgedValues(s, includeOneOff: configuration.baseline.includeOneOff)
            let out = runner.run(s, values: values, limit: judgeLimit(s, now: now))
            result.scores.append(out.scores)
            result.events.append(contentsOf: out.events)
        }
        return result
    }
}
