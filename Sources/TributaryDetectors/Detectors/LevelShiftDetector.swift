import TributaryCore

/// `level_shift`: a sustained change of level, such as a new steady cost after a deploy.
///
/// A shift is `sustain` consecutive periods all at least `threshold` robust deviations from the baseline on the
/// same side: each alone may be unremarkable, together they are not noise (three periods past 2.5 deviations happen
/// by chance about once in two million). The onset is the first of them; the baseline stays frozen at the old level
/// while the event lasts (periods past 0.75 × `threshold` keep it going; `close_after`, default
/// max(2, sustain − 1), ordinary ones end it), and after `adapt_after` periods the new level becomes the baseline
/// and the event closes.
public struct LevelShiftDetector: Detector {
    /// Settings: the keys of `BaselineSettings`, plus
    /// `sustain` (int or `auto`: consecutive periods that make a shift; 3 days, 6 hours or shorter periods,
    /// 2 weeks or months). Defaults: `threshold = 2.5`, `direction = "both"`, `min_percent = 10`.
    public struct Configuration: Sendable, Equatable {
        public var baseline: BaselineSettings
        public var sustain: Int?

        public static let defaults = BaselineSettings(
            threshold: 2.5, direction: .both, thresholds: Thresholds(minPercent: ExactDecimal(10)))

        public init(baseline: BaselineSettings = Self.defaults, sustain: Int? = nil) {
            self.baseline = baseline
            self.sustain = sustain
        }

        public init(options: DetectorOptions) throws(DetectorOptionError) {
            var r = OptionReader(options, detector: LevelShiftDetector.kind)
            var b = Self.defaults
            try b.read(&r)
            var sustain: Int?
            try r.autoInt("sustain", minimum: 2, into: &sustain)
            try r.finish()
            self.init(baseline: b, sustain: sustain)
        }

        func sustain(for g: Granularity) -> Int {
            if let sustain { return sustain }
            switch g {
            case .day: return 3
            case .hour, .every: return 6
            case .week, .month: return 2
            }
        }
    }

    public static let kind = "level_shift"
    public var kind: String { Self.kind }
    public var configuration: Configuration

    public init(_ configuration: Configuration = Configuration()) { self.configuration = configuration }

    public var ignoreRecentSeconds: Int64 { configuration.baseline.ignoreRecentSeconds }

    public func analyze(_ series: [Series], now: Int64?) -> DetectionResult {
        var result = DetectionResult(scores: [], events: [])
        for s in series {
            let sustain = configuration.sustain(for: s.granularity)
            var settings = configuration.baseline
            if settings.closeAfter == nil { settings.closeAfter = max(2, sustain - 1) }
            let runner = BaselineScanRunner(detector: kind, settings: settings, sustain: sustain, continueFactor: 0.75)
            let values = BaselineScanRunner.judgedValues(s, includeOneOff: settings.includeOneOff)
            let out = runner.run(s, values: values, limit: judgeLimit(s, now: now)) { e, expected in
                Self.shift(e, values: values, expected: expected)
            }
            result.scores.append(out.scores)
            result.events.append(contentsOf: out.events)
        }
        return result
    }

    /// The level before (the median of what the baseline expected over the event's periods) and after (the median
    /// of what they were), so that both are read over the same days of the week.
    static func shift(_ e: ScanEvent, values: [ExactDecimal?], expected: [ExactDecimal?]) -> EventDetail {
        var before: [ExactDecimal] = []
        var after: [ExactDecimal] = []
        for i in e.onset...e.lastSeen {
            guard let v = values[i], let x = expected[i] else { continue }
            before.append(x)
            after.append(v)
        }
        return .shift(
            before: (ExactMedian.of(before) ?? e.expected).trimmed, after: (ExactMedian.of(after) ?? e.actual).trimmed)
    }
}
