import TributaryCore

/// `budget`: month-to-date spend plus a forecast to month end against a budget per dimension.
///
/// The forecast is the month-to-date total plus the run rate (the median of the last `run_rate_window` periods,
/// one-off charges left out unless `include_one_off`, so that one invoice does not project itself over the month)
/// times the periods left in the month, counting those not judged yet. The soft limit alerts on the forecast
/// (`soft_percent` of the budget), the hard limit on the month-to-date itself (`hard_percent`; severity
/// critical). An event lasts until the forecast falls back under the limit or the month ends.
public struct BudgetDetector: Detector {
    /// A budget for the series whose keys contain every part of `match`; the most specific rule wins.
    public struct Rule: Sendable, Hashable {
        public var match: SeriesKey
        public var amount: ExactDecimal

        public init(match: SeriesKey, amount: ExactDecimal) {
            self.match = match
            self.amount = amount
        }
    }

    /// Settings:
    ///
    /// | key | type | default |
    /// |---|---|---|
    /// | `budget` | decimal | none: the monthly budget of series no rule matches (without it they are not judged) |
    /// | `budget[name=value,…]` | decimal | none: the budget of the series with those dimension values |
    /// | `soft_percent` | decimal | 100: the forecast alerts at this percent of the budget |
    /// | `hard_percent` | decimal | 100: the month-to-date alerts (critical) at this percent |
    /// | `run_rate_window` | int or `auto` | periods in the run rate: 7 days, 24 hours, otherwise 4 |
    /// | `min_history` | int | 3: periods of data before a forecast is trusted (the hard limit needs none) |
    /// | `ignore_recent_hours` | int | 48 |
    /// | `include_one_off` | bool | false: one-off charges count in the month-to-date but not in the run rate |
    public struct Configuration: Sendable, Equatable {
        public var budget: ExactDecimal?
        public var rules: [Rule] = []
        public var softPercent = ExactDecimal(100)
        public var hardPercent = ExactDecimal(100)
        public var runRateWindow: Int?
        public var minHistory = 3
        public var ignoreRecentHours = 48
        public var includeOneOff = false

        public init(budget: ExactDecimal? = nil, rules: [Rule] = []) {
            self.budget = budget
            self.rules = rules
        }

        public init(options: DetectorOptions) throws(DetectorOptionError) {
            var r = OptionReader(options, detector: BudgetDetector.kind)
            budget = try r.decimal("budget")
            for key in r.keys(withPrefix: "budget[") {
                guard key.hasSuffix("]"), let text = r.value(key), let amount = ExactDecimal(text) else {
                    throw .badValue(
                        detector: BudgetDetector.kind, key: key, value: r.value(key) ?? "",
                        expected: "budget[name=value,…] = amount")
                }
                var parts: [SeriesKey.Part] = []
                for pair in key.dropFirst(7).dropLast().split(separator: ",") {
                    let nv = pair.split(separator: "=", maxSplits: 1)
                    guard nv.count == 2 else {
                        throw .badValue(
                            detector: BudgetDetector.kind, key: key, value: text,
                            expected: "budget[name=value,…] = amount")
                    }
                    parts.append(SeriesKey.Part(nv[0].trimmingSpaces, nv[1].trimmingSpaces))
                }
                rules.append(Rule(match: SeriesKey(parts), amount: amount))
            }
            if let v = try r.decimal("soft_percent") { softPercent = v }
            if let v = try r.decimal("hard_percent") { hardPercent = v }
            try r.autoInt("run_rate_window", minimum: 1, into: &runRateWindow)
            if let v = try r.int("min_history") { minHistory = v }
            if let v = try r.int("ignore_recent_hours") { ignoreRecentHours = v }
            if let v = try r.bool("include_one_off") { includeOneOff = v }
            try r.finish()
            guard budget != nil || !rules.isEmpty else {
                throw .missing(
                    detector: BudgetDetector.kind, key: "budget",
                    why: "give budget = AMOUNT or budget[name=value] = AMOUNT")
            }
        }

        /// The budget of `key`: the most specific matching rule, else the default.
        public func budget(for key: SeriesKey) -> ExactDecimal? {
            rules.filter { key.belongs(to: $0.match) }.max { $0.match.parts.count < $1.match.parts.count }?.amount
                ?? budget
        }
    }

    public static let kind = "budget"
    public var kind: String { Self.kind }
    public var configuration: Configuration

    public init(_ configuration: Configuration) { self.configuration = configuration }

    public var ignoreRecentSeconds: Int64 { Int64(configuration.ignoreRecentHours) * 3600 }

    public func analyze(_ series: [Series], now: Int64?) -> DetectionResult {
        var result = DetectionResult(scores: [], events: [])
        for s in series {
            guard let budget = configuration.budget(for: s.key), budget > .zero else {
                result.scores.append(Array(repeating: 0, count: s.count))
                continue
            }
            let (scores, events) = scan(s, budget: budget, limit: judgeLimit(s, now: now))
            result.scores.append(scores)
            result.events.append(contentsOf: events)
        }
        return result
    }

    private func percentOf(_ budget: ExactDecimal, _ percent: ExactDecimal) -> ExactDecimal {
        budget.multiplying(percent, maxResultScale: 20)?.dividing(by: ExactDecimal(100), resultScale: 20) ?? budget
    }

    private func scan(_ s: Series, budget: ExactDecimal, limit: Int64?) -> ([Double], [AnomalyEvent]) {
        let g = s.granularity
        let soft = percentOf(budget, configuration.softPercent)
        let hard = percentOf(budget, configuration.hardPercent)
        let window: Int = configuration.runRateWindow ?? (g == .day ? 7 : (g == .hour ? 24 : 4))
        var scores = Array(repeating: 0.0, count: s.count)
        var events: [AnomalyEvent] = []
        var open: AnomalyEvent?
        var month = Int64.min
        var mtd = ExactDecimal.zero
        var recent: [ExactDecimal] = []
        var seen = 0
        func close(_ reason: CloseReason) {
            guard var e = open else { return }
            e.end = g.end(ofSlot: g.slot(of: e.lastSeen))
            e.closeReason = reason
            e.explanation = Explanation.render(e)
            events.append(e)
            open = nil
        }
        for i in s.values.indices {
            let slot = g.slot(of: s.timestamps[i])
            if let limit, slot > limit { break }
            if s.flags(at: i).contains(.missing) { continue }
            let start = g.start(ofSlot: slot)
            let m = Granularity.month.slot(of: start)
            if m != month {
                close(.ended)
                month = m
                mtd = .zero
            }
            seen += 1
            mtd = mtd.adding(s.values[i]) ?? mtd
            recent.append(s.judgedValue(at: i, includeOneOff: configuration.includeOneOff))
            if recent.count > window { recent.removeFirst() }
            let monthEnd = Granularity.month.end(ofSlot: m)
            let left = max(0, (monthEnd - g.end(ofSlot: slot)) / max(1, g.nominalSeconds))
            let rate = ExactMedian.of(recent) ?? .zero
            let forecast = mtd.adding(rate.multiplying(ExactDecimal(left), maxResultScale: 20) ?? .zero) ?? mtd
            let isHard = mtd >= hard
            let isSoft = seen >= configuration.minHistory && forecast >= soft
            let alerts = isHard || isSoft
            let ratio = max(
                isSoft || seen >= configuration.minHistory ? forecast.doubleValue / soft.doubleValue : 0,
                mtd.doubleValue / hard.doubleValue)
            let score = ScoreScale.calibrated(ScoreScale.map(ratio), alerts: alerts)
            scores[i] = score
            guard alerts else {
                close(.recovered)
                continue
            }
            let over = (isHard ? mtd : forecast).subtracting(budget) ?? .zero
            var e =
                open
                ?? AnomalyEvent(
                    detector: kind, series: s.name, key: s.key, granularity: g, unit: s.unit, onset: start,
                    start: start,
                    lastSeen: start, end: nil, closeReason: nil, sign: 1, periods: 0, actual: mtd, expected: budget,
                    band: .zero, impact: over, impactUnit: s.unit, severity: .warning, score: score, basis: .none,
                    detail: .spike)
            e.lastSeen = start
            e.periods += 1
            e.actual = mtd.trimmed
            e.impact = over.trimmed
            e.deviationPercent = AnomalyEvent.percent(mtd.subtracting(budget) ?? .zero, of: budget)
            e.severity = max(e.severity, isHard ? .critical : .warning)
            e.score = max(e.score, score)
            e.detail = .budget(
                budget: budget.trimmed, monthToDate: mtd.trimmed, forecast: forecast.trimmed,
                month: Granularity.month.start(ofSlot: m), hard: isHard)
            open = e
        }
        if let e = open, let limit,
            Granularity.month.slot(of: g.start(ofSlot: limit + 1)) > Granularity.month.slot(of: e.lastSeen)
        {
            close(.ended)
        }
        if var e = open {
            e.explanation = Explanation.render(e)
            events.append(e)
        }
        return (scores, events)
    }
}
