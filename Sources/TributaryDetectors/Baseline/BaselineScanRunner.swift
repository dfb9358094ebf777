import TributaryCore

/// Runs `DeviationScan` over one series for a baseline detector and turns what it found into `AnomalyEvent`s: the
/// glue the five baseline detectors share.
struct BaselineScanRunner {
    var detector: String
    var settings: BaselineSettings
    var sustain = 1
    var continueFactor = 0.75

    /// Scores and events of `series`, whose judged values are `values` (nil where none), judged up to `limit`;
    /// `detail` and `impact` see each event with the expected value of every point.
    func run(
        _ series: Series, values: [ExactDecimal?], limit: Int64?, impactUnit: ValueUnit? = nil,
        detail: (ScanEvent, _ expected: [ExactDecimal?]) -> EventDetail = { _, _ in .spike },
        impact: (ScanEvent, _ expected: [ExactDecimal?]) -> ExactDecimal? = { _, _ in nil }
    ) -> (scores: [Double], expected: [ExactDecimal?], events: [AnomalyEvent]) {
        let g = series.granularity
        let slots = series.timestamps.map { g.slot(of: $0) }
        let acknowledged = series.flags.isEmpty ? [] : series.flags.map { $0.contains(.acknowledged) }
        let plan = settings.plan(for: g, sustain: sustain, continueFactor: continueFactor)
        let out = DeviationScan.run(
            slots: slots, values: values, acknowledged: acknowledged, plan: plan, judgeUntil: limit)
        let events = out.events.map { e in
            AnomalyEvent(
                detector: detector, series: series.name, key: series.key, granularity: g, unit: series.unit,
                onset: g.start(ofSlot: slots[e.onset]), start: g.start(ofSlot: slots[e.start]),
                lastSeen: g.start(ofSlot: slots[e.lastSeen]),
                end: e.closed.map { _ in g.end(ofSlot: slots[e.lastSeen]) },
                closeReason: e.closed, sign: e.sign, periods: e.periods, actual: e.actual.trimmed,
                expected: e.expected.trimmed, band: e.band.trimmed,
                impact: (impact(e, out.expected) ?? e.impact).trimmed,
                impactUnit: impactUnit ?? series.unit, severity: e.severity, score: e.score, basis: e.basis,
                detail: detail(e, out.expected))
        }
        return (out.scores, out.expected, events)
    }

    /// The values a detector judges: one-off parts removed unless included, missing points nil.
    static func judgedValues(_ series: Series, includeOneOff: Bool) -> [ExactDecimal?] {
        series.values.indices.map { i in
            series.flags(at: i).contains(.missing) ? nil : series.judgedValue(at: i, includeOneOff: includeOneOff)
        }
    }
}

extension ExactDecimal {
    /// The same value without trailing fraction zeros beyond two decimals, for records and messages.
    var trimmed: ExactDecimal {
        rescaledExactly(to: Swift.min(scale, Swift.max(2, significantScale))) ?? self
    }
}
