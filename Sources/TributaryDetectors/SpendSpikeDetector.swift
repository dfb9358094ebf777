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
    /// Settings; keys in `BaselineSettings`. Defaults: `threshold = 4.5`, `direction = "up"`, `min_percent = 10`,
    /// `min_impact = 0`, `gate = "and"`, `ignore_recent_hours = 48`, `season = "auto"`, `season_peers = 4`.
    public struct Configuration: Sendable, Equatable {
        public var baseline: BaselineSettings

        public init(baseline: BaselineSettings = Self.defaults) { self.baseline = baseline }

        public static let defaults = BaselineSettings(
            threshold: 4.5, direction: .up, thresholds: Thresholds(minPercent: ExactDecimal(10)))

        public init(options: DetectorOptions) throws(DetectorOptionError) {
            var r = OptionReader(options, detector: SpendSpikeDetector.kind)
            var b = Self.defaults
            try b.read(&r)
            try r.finish()
            self.init(baseline: b)
        }
    }

    public static let kind = "spend_spike"
    public var kind: String { Self.kind }
    public var configuration: Configuration

    public init(_ configuration: Configuration = Configuration()) { self.configuration = configuration }

    public var ignoreRecentSeconds: Int64 { configuration.baseline.ignoreRecentSeconds }

    public func analyze(_ series: [Series], now: Int64?) -> DetectionResult {
        let runner = BaselineScanRunner(detector: kind, settings: configuration.baseline)
        var result = DetectionResult(scores: [], events: [])
        for s in series {
            let values = BaselineScanRunner.judgedValues(s, includeOneOff: configuration.baseline.includeOneOff)
            let out = runner.run(s, values: values, limit: judgeLimit(s, now: now))
            result.scores.append(out.scores)
            result.events.append(contentsOf: out.events)
        }
        return result
    }
}
