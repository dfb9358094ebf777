import TributaryCore

/// A detector: reads series, says what moved.
///
/// Contract: `analyze` is pure and deterministic. Scores are causal (the score of a point depends on the points up
/// to it only), in [0, 1], and 0.5 or more exactly where the detector, at its configured settings, counts the
/// point as alerting; events are built from the same pass, so an event's `start` always scores ≥ 0.5. With `now`,
/// periods that end within `ignore_recent_hours` of it are not judged; without, everything is (offline use).
///
///     let detector = SpendSpikeDetector()
///     let events = detector.detect(series, now: runStartedAt)
public protocol Detector: Sendable {
    /// The `type` in pipeline files: `spend_spike`.
    var kind: String { get }
    /// Recent seconds left unjudged, since providers have not finished reporting them.
    var ignoreRecentSeconds: Int64 { get }
    /// Whether the detector wants the finest series (one per combination of every dimension) rather than series
    /// rolled up to the detection's `group_by`: `new_dimension` looks at each dimension itself.
    var readsDimensions: Bool { get }
    func analyze(_ series: [Series], now: Int64?) -> DetectionResult
}

/// Scores per input series (one per point) and the events found in all of them.
public struct DetectionResult: Sendable {
    public var scores: [[Double]]
    public var events: [AnomalyEvent]

    public init(scores: [[Double]], events: [AnomalyEvent]) {
        self.scores = scores
        self.events = events
    }
}

extension Detector {
    public var readsDimensions: Bool { false }

    /// The events in `series` as judged at `now`.
    public func detect(_ series: [Series], now: Int64) -> [AnomalyEvent] { analyze(series, now: now).events }

    public func detect(_ series: Series, now: Int64) -> [AnomalyEvent] { analyze([series], now: now).events }

    /// The causal per-point scores of one series, judging every point.
    public func scores(_ series: Series) -> [Double] { analyze([series], now: nil).scores.first ?? [] }

    /// The last slot judged at `now` in `series`: the last period that ended `ignoreRecentSeconds` before it.
    func judgeLimit(_ series: Series, now: Int64?) -> Int64? {
        guard let now else { return nil }
        return series.granularity.slot(of: now - ignoreRecentSeconds) - 1
    }
}
