import TributaryCore

/// One `[[detect]]` run over many series: roll the finest series up to the level findings are reported at, detect,
/// then explain each finding by the dimension values below it that moved most.
///
/// The runner queries the detection's series once, grouped by every dimension it names (`leaves`), and calls `run`
/// with the dimensions findings are keyed by (`groupBy`, a subset). A provider-level spike is then explained by the
/// models and projects that carried it: each remaining dimension's values are rolled up, given their own robust
/// baseline over the same periods, and ranked by their impact in the finding's direction.
///
///     let events = MultiSeriesDetection.run(detector, leaves: series, groupBy: ["provider"], now: now)
public enum MultiSeriesDetection {
    /// Findings in `leaves` judged at `now` (nil: every period). `acknowledged` maps a finding's key to the periods
    /// users acknowledged, which are kept out of that series' baseline.
    public static func run(
        _ detector: any Detector, leaves: [Series], groupBy: [String], now: Int64?,
        acknowledged: [SeriesKey: [ClosedRange<Int64>]] = [:], topContributors: Int = 5
    ) -> [AnomalyEvent] {
        if detector.readsDimensions {
            return detector.analyze(leaves.map { $0.acknowledging(acknowledged[$0.key] ?? []) }, now: now).events
        }
        let groups = Series.rollUp(leaves, by: groupBy).map { $0.acknowledging(acknowledged[$0.key] ?? []) }
        let events = detector.analyze(groups, now: now).events
        guard topContributors > 0 else { return events }
        return events.map { e in
            let children = leaves.filter { $0.key.belongs(to: e.key) }
            guard children.count > 1, e.impactUnit == e.unit else { return e }
            return e.with(
                contributors: contributors(of: e, children: children, groupBy: groupBy, limit: topContributors))
        }
    }

    /// The values of the dimensions below `e.key` ranked by their impact over the event's periods, in its
    /// direction; at most `limit`, and only those that carried at least `minimumShare` of the event's impact, so
    /// that noise in the others is not listed as a cause.
    public static func contributors(
        of e: AnomalyEvent, children: [Series], groupBy: [String], limit: Int, minimumShare: Double = 0.05
    ) -> [Contributor] {
        let names = children.first.map { $0.key.parts.map(\.name).filter { !groupBy.contains($0) } } ?? []
        var ranked: [Contributor] = []
        let baseline = BaselineSettings(direction: .both)
        // A value with no row in a period (a customer not invoiced in the month of a revenue drop) is the largest
        // contributor there is, and only counts once its missing periods count as zero.
        let times = Array(Set(children.flatMap(\.timestamps))).sorted()
        for name in names {
            let keep = groupBy + [name]
            for sub in Series.rollUp(children, by: keep).map({ $0.zeroFilled(over: times) }) {
                guard let part = sub.key.parts.first(where: { $0.name == name }) else { continue }
                let values = BaselineScanRunner.judgedValues(sub, includeOneOff: false)
                let g = sub.granularity
                let slots = sub.timestamps.map { g.slot(of: $0) }
                let plan = baseline.plan(for: g)
                let expected = DeviationScan.run(slots: slots, values: values, acknowledged: [], plan: plan).expected
                var actual = ExactDecimal.zero
                var base = ExactDecimal.zero
                for i in sub.timestamps.indices where sub.timestamps[i] >= e.onset && sub.timestamps[i] <= e.lastSeen {
                    guard let v = values[i] else { continue }
                    actual = actual.adding(v) ?? actual
                    base = base.adding(expected[i] ?? .zero) ?? base
                }
                let impact = actual.subtracting(base) ?? .zero
                let share = e.impact.isZero ? 0 : impact.doubleValue / e.impact.doubleValue
                ranked.append(
                    Contributor(
                        key: SeriesKey([part]), actual: actual.trimmed, expected: base.trimmed, impact: impact.trimmed,
                        share: share))
            }
        }
        let sign = ExactDecimal(Int64(e.sign))
        return Array(
            ranked.filter { ($0.impact.multiplying(sign) ?? .zero) > .zero && $0.share >= minimumShare }
                .sorted { ($0.impact.multiplying(sign) ?? .zero) > ($1.impact.multiplying(sign) ?? .zero) }
                .prefix(limit))
    }
}
