import TributaryCore

/// `new_dimension`: a model, service, project, account or api key that starts spending.
///
/// With `level = "value"` (the default) every dimension is checked on its own: a value of it (`model = gpt-5`) is
/// new when none of the series carrying it had spent anything in the first `min_history` periods of the data,
/// however many other dimensions it is combined with; its key also names the dimensions before it that are the same
/// for all its series (`openai · model gpt-5`). With `level = "combination"` each series key is checked instead.
/// A series without dimensions is new when it starts spending after `min_history` periods of nothing.
///
/// The finding alerts once the spend since it was first seen reaches `min_impact`, and is over at once (one alert,
/// never a "closed" one): a new dimension is news, not a state.
public struct NewDimensionDetector: Detector {
    /// Settings:
    ///
    /// | key | type | default |
    /// |---|---|---|
    /// | `min_history` | int or `auto` | periods of data before a value counts as new: 14 days, 48 hours, 4 weeks, 3 months |
    /// | `min_impact` | decimal | 0: spend since first seen needed to alert |
    /// | `level` | `value`, `combination` | `value` |
    /// | `ignore_recent_hours` | int | 48 |
    /// | `include_one_off` | bool | false: one-off charges alone do not make a value new |
    public struct Configuration: Sendable, Equatable {
        public enum Level: String, Sendable, CaseIterable { case value, combination }

        public var minHistory: Int?
        public var minImpact: ExactDecimal = .zero
        public var level: Level = .value
        public var ignoreRecentHours = 48
        public var includeOneOff = false

        public init() {}

        public init(options: DetectorOptions) throws(DetectorOptionError) {
            var r = OptionReader(options, detector: NewDimensionDetector.kind)
            try r.autoInt("min_history", into: &minHistory)
            if let v = try r.decimal("min_impact") { minImpact = v }
            if let v = try r.choice("level", Level.self) { level = v }
            if let v = try r.int("ignore_recent_hours") { ignoreRecentHours = v }
            if let v = try r.bool("include_one_off") { includeOneOff = v }
            try r.finish()
        }

        func history(_ g: Granularity) -> Int {
            if let minHistory { return minHistory }
            switch g {
            case .day: return 14
            case .hour, .every: return 48
            case .week: return 4
            case .month: return 3
            }
        }
    }

    public static let kind = "new_dimension"
    public var kind: String { Self.kind }
    public var configuration: Configuration

    public init(_ configuration: Configuration = Configuration()) { self.configuration = configuration }

    public var ignoreRecentSeconds: Int64 { Int64(configuration.ignoreRecentHours) * 3600 }
    public var readsDimensions: Bool { true }

    public func analyze(_ series: [Series], now: Int64?) -> DetectionResult {
        var scores = series.map { Array(repeating: 0.0, count: $0.count) }
        guard let g = series.first?.granularity else { return DetectionResult(scores: scores, events: []) }
        let slots = series.map { s in s.timestamps.map { g.slot(of: $0) } }
        let limit = series.first.flatMap { judgeLimit($0, now: now) }
        let origin = slots.compactMap(\.first).min() ?? 0
        var events: [AnomalyEvent] = []
        for group in groups(series) {
            guard let found = judge(group, series: series, slots: slots, origin: origin, limit: limit, scores: &scores)
            else { continue }
            events.append(found)
        }
        return DetectionResult(scores: scores, events: events)
    }

    /// A set of series judged together: every series carrying one dimension value, or one series.
    private struct Group {
        var key: SeriesKey
        var members: [Int]
    }

    private func groups(_ series: [Series]) -> [Group] {
        guard configuration.level == .value, let names = series.first?.key.parts.map(\.name), !names.isEmpty else {
            return series.indices.map { Group(key: series[$0].key, members: [$0]) }
        }
        var out: [Group] = []
        for (d, name) in names.enumerated() {
            var byValue: [String: [Int]] = [:]
            for (i, s) in series.enumerated() {
                if let v = s.key[name] { byValue[v, default: []].append(i) }
            }
            for value in byValue.keys.sorted() {
                let members = byValue[value] ?? []
                // Name the value with the dimensions before it that all its series share.
                var parts: [SeriesKey.Part] = []
                for earlier in names.prefix(d) {
                    let values = Set(members.compactMap { series[$0].key[earlier] })
                    if values.count == 1, let only = values.first { parts.append(SeriesKey.Part(earlier, only)) }
                }
                parts.append(SeriesKey.Part(name, value))
                out.append(Group(key: SeriesKey(parts), members: members))
            }
        }
        return out
    }

    /// The group's finding, scoring its members' points on the way.
    private func judge(
        _ group: Group, series: [Series], slots: [[Int64]], origin: Int64, limit: Int64?, scores: inout [[Double]]
    ) -> AnomalyEvent? {
        let s0 = series[group.members[0]]
        let g = s0.granularity
        // The group's spend per slot, summed exactly, in time order.
        var bySlot: [Int64: ExactDecimal] = [:]
        for m in group.members {
            for i in series[m].values.indices where limit.map({ slots[m][i] <= $0 }) ?? true {
                let v = series[m].judgedValue(at: i, includeOneOff: configuration.includeOneOff)
                bySlot[slots[m][i]] = (bySlot[slots[m][i]] ?? .zero).adding(v) ?? v
            }
        }
        let ordered = bySlot.keys.sorted()
        guard let firstSeen = ordered.first(where: { (bySlot[$0] ?? .zero) > .zero }),
            firstSeen - origin >= Int64(configuration.history(g))
        else { return nil }
        var total = ExactDecimal.zero
        var alertSlot: Int64?
        var scoreAt: [Int64: Double] = [:]
        for slot in ordered where slot >= firstSeen {
            total = total.adding(bySlot[slot] ?? .zero) ?? total
            guard alertSlot == nil else { continue }
            let passes = total > .zero && total >= configuration.minImpact
            let ratio =
                configuration.minImpact.isZero
                ? (total > .zero ? 1 : 0) : total.doubleValue / configuration.minImpact.doubleValue
            scoreAt[slot] = ScoreScale.calibrated(ScoreScale.map(ratio), alerts: passes)
            if passes { alertSlot = slot }
        }
        for m in group.members {
            for i in slots[m].indices { if let sc = scoreAt[slots[m][i]] { scores[m][i] = max(scores[m][i], sc) } }
        }
        guard let alert = alertSlot else { return nil }
        let latest = bySlot[alert] ?? .zero
        return AnomalyEvent(
            detector: kind, series: s0.name, key: group.key, granularity: g, unit: s0.unit,
            onset: g.start(ofSlot: firstSeen),
            start: g.start(ofSlot: alert), lastSeen: g.start(ofSlot: alert), end: g.end(ofSlot: alert),
            closeReason: .ended,
            sign: 1, periods: Int(alert - firstSeen + 1), actual: latest.trimmed, expected: .zero, band: .zero,
            impact: total.trimmed, impactUnit: s0.unit, severity: .warning, score: scoreAt[alert] ?? 0.5, basis: .none,
            detail: .newDimension(
                firstSeen: g.start(ofSlot: firstSeen), total: total.trimmed, historyPeriods: Int(firstSeen - origin)))
    }
}
