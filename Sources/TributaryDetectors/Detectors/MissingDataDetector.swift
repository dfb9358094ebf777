import TributaryCore

/// `missing_data`: a series that reported (almost) every period and stopped: a source that broke.
///
/// A period counts as reported when it has a value (non-zero, unless `zero_is_missing = false`). A run of
/// unreported periods alerts after `after` of them, if the series reported at least `min_coverage` percent of the
/// `window` periods before the run and has `min_history` periods of history; series that report now and then never
/// qualify, so they stay quiet. With `now`, the run extends to the last judged period, past the last row the query
/// returned. The event closes when data comes back. Its impact is the typical value (the median of the reported
/// periods in the window) times the missing periods: what is probably unaccounted for.
public struct MissingDataDetector: Detector {
    /// Settings:
    ///
    /// | key | type | default |
    /// |---|---|---|
    /// | `min_history` | int or `auto` | periods since the first report before judging: 14 days, 48 hours, 8 weeks, 6 months |
    /// | `window` | int or `auto` | periods before a gap whose coverage is checked: as `min_history` |
    /// | `min_coverage` | decimal | 90: percent of `window` that must have reported |
    /// | `after` | int or `auto` | missing periods that alert: 1 day, 3 hours, 6 shorter periods, 1 week or month |
    /// | `zero_is_missing` | bool | true: a zero counts as not reported |
    /// | `high_after`, `critical_after` | int or `auto` | missing periods for severity high and critical: 3× and 7× `after` |
    /// | `ignore_recent_hours` | int | 48 |
    /// | `include_one_off` | bool | false: a period with only one-off charges is not a report |
    public struct Configuration: Sendable, Equatable {
        public var minHistory: Int?
        public var window: Int?
        public var minCoverage: ExactDecimal = ExactDecimal(90)
        public var after: Int?
        public var zeroIsMissing = true
        public var highAfter: Int?
        public var criticalAfter: Int?
        public var ignoreRecentHours = 48
        public var includeOneOff = false

        public init() {}

        public init(options: DetectorOptions) throws(DetectorOptionError) {
            var r = OptionReader(options, detector: MissingDataDetector.kind)
            try r.autoInt("min_history", into: &minHistory)
            try r.autoInt("window", minimum: 1, into: &window)
            if let v = try r.decimal("min_coverage") { minCoverage = v }
            try r.autoInt("after", minimum: 1, into: &after)
            if let v = try r.bool("zero_is_missing") { zeroIsMissing = v }
            try r.autoInt("high_after", minimum: 1, into: &highAfter)
            try r.autoInt("critical_after", minimum: 1, into: &criticalAfter)
            if let v = try r.int("ignore_recent_hours") { ignoreRecentHours = v }
            if let v = try r.bool("include_one_off") { includeOneOff = v }
            try r.finish()
        }

        func resolved(_ g: Granularity) -> (history: Int, window: Int, after: Int) {
            let h: Int
            let a: Int
            switch g {
            case .day: (h, a) = (14, 1)
            case .hour: (h, a) = (48, 3)
            case .week: (h, a) = (8, 1)
            case .month: (h, a) = (6, 1)
            case .every: (h, a) = (48, 6)
            }
            return (minHistory ?? h, max(1, window ?? minHistory ?? h), after ?? a)
        }
    }

    public static let kind = "missing_data"
    public var kind: String { Self.kind }
    public var configuration: Configuration

    public init(_ configuration: Configuration = Configuration()) { self.configuration = configuration }

    public var ignoreRecentSeconds: Int64 { Int64(configuration.ignoreRecentHours) * 3600 }

    public func analyze(_ series: [Series], now: Int64?) -> DetectionResult {
        var result = DetectionResult(scores: [], events: [])
        for s in series {
            let (scores, events) = scan(s, limit: judgeLimit(s, now: now))
            result.scores.append(scores)
            result.events.append(contentsOf: events)
        }
        return result
    }

    private func scan(_ s: Series, limit: Int64?) -> ([Double], [AnomalyEvent]) {
        let g = s.granularity
        let (history, window, after) = configuration.resolved(g)
        let slots = s.timestamps.map { g.slot(of: $0) }
        var scores = Array(repeating: 0.0, count: s.count)
        var events: [AnomalyEvent] = []
        var reportedSlots: [Int64] = []
        var reportedValues: [ExactDecimal] = []
        var runStart: Int64?
        var runAlerted = false
        let last = limit ?? (slots.last ?? 0)

        func isReported(_ i: Int) -> Bool {
            if s.flags(at: i).contains(.missing) { return false }
            let v = s.judgedValue(at: i, includeOneOff: configuration.includeOneOff)
            return !(configuration.zeroIsMissing && v.isZero)
        }
        /// Whether a run starting at `m` is a source that stopped: enough history, and it reported nearly always.
        func qualifies(_ m: Int64) -> Bool {
            guard let first = reportedSlots.first, m - first >= Int64(history) else { return false }
            let covered = reportedSlots.count - lowerBound(reportedSlots, m - Int64(window))
            let needed = configuration.minCoverage.multiplying(ExactDecimal(Int64(window))) ?? .zero
            return ExactDecimal(Int64(covered)).multiplying(ExactDecimal(100)) ?? .zero >= needed
        }
        func score(_ length: Int64, _ m: Int64) -> (Double, Bool) {
            guard qualifies(m) else { return (0, false) }
            let alerts = length >= Int64(after)
            return (ScoreScale.calibrated(ScoreScale.map(Double(length) / Double(after)), alerts: alerts), alerts)
        }
        func event(_ m: Int64, until lastMissing: Int64, returned: Int64?) -> AnomalyEvent {
            let lo = lowerBound(reportedSlots, m - Int64(window))
            let typical = ExactMedian.of(Array(reportedValues[lo...])) ?? .zero
            let missing = Int(lastMissing - m + 1)
            let impact = typical.multiplying(ExactDecimal(Int64(missing)))?.negated ?? .zero
            let severity: Severity =
                missing >= (configuration.criticalAfter ?? 7 * after)
                ? .critical : (missing >= (configuration.highAfter ?? 3 * after) ? .high : .warning)
            return AnomalyEvent(
                detector: kind, series: s.name, key: s.key, granularity: g, unit: s.unit, onset: g.start(ofSlot: m),
                start: g.start(ofSlot: m + Int64(after) - 1), lastSeen: g.start(ofSlot: lastMissing),
                end: returned.map { g.start(ofSlot: $0) }, closeReason: returned == nil ? nil : .recovered, sign: -1,
                periods: missing, actual: .zero, expected: typical.trimmed, band: .zero, impact: impact.trimmed,
                impactUnit: s.unit, severity: severity,
                score: ScoreScale.calibrated(ScoreScale.map(Double(missing) / Double(after)), alerts: true),
                basis: .trailing(points: reportedValues.count - lo),
                detail: .missing(
                    lastReported: reportedSlots.last.map { g.start(ofSlot: $0) },
                    lastValue: reportedValues.last?.trimmed,
                    missingPeriods: missing, reported: reportedSlots.count - lo, window: window))
        }

        for i in s.values.indices where slots[i] <= last {
            let slot = slots[i]
            if isReported(i) {
                if let previous = reportedSlots.last, slot > previous + 1 {
                    let m = runStart ?? previous + 1
                    let (sc, alerts) = score(slot - m, m)
                    if alerts || runAlerted {
                        // The gap shows only at the row that ends it, unless rows inside it already alerted.
                        scores[i] = runAlerted ? ScoreScale.calibrated(sc, alerts: false) : sc
                        events.append(event(m, until: slot - 1, returned: slot))
                    }
                }
                runStart = nil
                runAlerted = false
                if reportedSlots.last == slot, let v = reportedValues.popLast() {
                    reportedValues.append(v.adding(s.values[i]) ?? v)
                } else {
                    reportedSlots.append(slot)
                    reportedValues.append(s.judgedValue(at: i, includeOneOff: configuration.includeOneOff))
                }
            } else if let previous = reportedSlots.last, slot > previous {
                let m = runStart ?? previous + 1
                runStart = m
                let (sc, alerts) = score(slot - m + 1, m)
                scores[i] = sc
                runAlerted = runAlerted || alerts
            }
        }
        // A run still open at the last judged period, whether the rows stopped or kept coming as zeros.
        if let previous = reportedSlots.last, last > previous {
            let m = runStart ?? previous + 1
            if score(last - m + 1, m).1 { events.append(event(m, until: last, returned: nil)) }
        }
        return (scores, events)
    }

    private func lowerBound(_ a: [Int64], _ x: Int64) -> Int {
        var lo = 0
        var hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
