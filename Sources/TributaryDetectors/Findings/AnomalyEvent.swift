import TributaryCore

/// One finding: an event with an onset, a first alert, a last-seen period and, once over, an end, with what was
/// expected, what happened, and what it cost, rather than a string of flagged points.
///
/// This is what the anomalies table stores (one row per `id`, updated by later runs) and what alerts carry.
/// Amounts are exact; `deviationPercent` and `score` are approximations for display and ranking.
public struct AnomalyEvent: Sendable, Hashable {
    public var id: FindingID
    /// The detector's `type` (`spend_spike`).
    public var detector: String
    /// The detection's name (the `[[detect]]` id).
    public var series: String
    public var key: SeriesKey
    public var granularity: Granularity
    public var unit: ValueUnit
    /// The start of the first unusual period; part of the id.
    public var onset: Int64
    /// The start of the first period that passed the gate: when it would have alerted.
    public var start: Int64
    /// The start of the latest period that passed the gate.
    public var lastSeen: Int64
    /// The end (exclusive) of the last unusual period, once the event is over; nil while it is ongoing.
    public var end: Int64?
    public var closeReason: CloseReason?
    /// +1 for an increase, −1 for a decrease.
    public var sign: Int
    /// Judged periods from onset to last seen.
    public var periods: Int
    /// The latest alerting period's value, its expected value and the band around it.
    public var actual: ExactDecimal
    public var expected: ExactDecimal
    public var band: ExactDecimal
    /// `actual − expected` in percent of `expected`; nil when `expected` is zero.
    public var deviationPercent: Double?
    /// The cumulative impact over the event, in `impactUnit`.
    public var impact: ExactDecimal
    public var impactUnit: ValueUnit
    public var severity: Severity
    /// The highest anomaly score of its periods (≥ 0.5).
    public var score: Double
    public var basis: BaselineBasis
    public var detail: EventDetail
    /// Dimension values below `key`, ranked by how much of the impact they carried.
    public var contributors: [Contributor]
    /// The analyst's sentence, from `Explanation.render`.
    public var explanation: String

    public init(
        detector: String, series: String, key: SeriesKey, granularity: Granularity, unit: ValueUnit, onset: Int64,
        start: Int64, lastSeen: Int64, end: Int64?, closeReason: CloseReason?, sign: Int, periods: Int,
        actual: ExactDecimal, expected: ExactDecimal, band: ExactDecimal, impact: ExactDecimal, impactUnit: ValueUnit,
        severity: Severity, score: Double, basis: BaselineBasis, detail: EventDetail, contributors: [Contributor] = []
    ) {
        self.id = FindingID(detector: detector, series: series, key: key, onset: onset)
        self.detector = detector
        self.series = series
        self.key = key
        self.granularity = granularity
        self.unit = unit
        self.onset = onset
        self.start = start
        self.lastSeen = lastSeen
        self.end = end
        self.closeReason = closeReason
        self.sign = sign
        self.periods = periods
        self.actual = actual
        self.expected = expected
        self.band = band
        self.deviationPercent = Self.percent(actual.subtracting(expected) ?? .zero, of: expected)
        self.impact = impact
        self.impactUnit = impactUnit
        self.severity = severity
        self.score = score
        self.basis = basis
        self.detail = detail
        self.contributors = contributors
        self.explanation = ""
        self.explanation = Explanation.render(self)
    }

    /// Whether the event is still going on at the last judged period.
    public var isOngoing: Bool { end == nil }

    /// From the onset to the end, or to the end of the last-seen period while ongoing, in seconds.
    public var duration: Int64 {
        (end ?? granularity.end(ofSlot: granularity.slot(of: lastSeen))) - onset
    }

    /// `deviation / |expected|` in percent; nil for an expected zero.
    static func percent(_ deviation: ExactDecimal, of expected: ExactDecimal) -> Double? {
        guard !expected.isZero else { return nil }
        return deviation.doubleValue / expected.magnitude.doubleValue * 100
    }

    /// The same event with its contributors set and its explanation rendered again.
    public func with(contributors: [Contributor]) -> AnomalyEvent {
        var copy = self
        copy.contributors = contributors
        copy.explanation = Explanation.render(copy)
        return copy
    }
}
