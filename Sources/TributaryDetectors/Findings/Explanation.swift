import TributaryCore

/// Renders a finding the way a good analyst would write it: what moved, by how much in money, against what
/// baseline, since when, and who carried it.
///
///     openai · gpt-4.1 · project web-search: $812.40 on Tue 2025-03-04 against $128.10 expected (median of the
///     last 4 Tuesdays, ±$22.00); +534 %, impact +$684.30; started 2025-03-04, ongoing.
public enum Explanation {
    public static func render(_ e: AnomalyEvent) -> String {
        var text = "\(e.key): "
        switch e.detail {
        case .spike, .revenueDrop:
            text += comparison(e) + "; " + percentAndImpact(e, impactUnit: e.impactUnit)
        case .shift(let before, let after):
            let word = e.sign > 0 ? "up" : "down"
            let change = after.subtracting(before).flatMap { AnomalyEvent.percent($0, of: before) }
            text += "level moved \(word) from \(amount(before, e.unit)) to \(amount(after, e.unit)) per "
            text += "\(periodWord(e.granularity)) (\(change.map { AmountFormatter.percent($0) } ?? "from nothing"))"
            text += "\(basisClause(e)); "
            text += impactClause(e, unit: e.impactUnit, signed: true)
        case .unitCost(let per, let quantity, let quantityUnit, let moneyUnit):
            text += "cost per \(perText(per, quantityUnit)) " + comparison(e) + "; " + percentText(e)
            text += ", at \(AmountFormatter.amount(quantity, quantityUnit)) that is "
            text += amount(e.impact, moneyUnit, signed: true)
            if e.periods > 1 { text += " over \(AmountFormatter.periods(e.periods, e.granularity))" }
        case .cacheShare(let tokens):
            text += "cached share of input tokens " + comparison(e) + "; "
            let points = (e.actual.subtracting(e.expected) ?? .zero).multiplying(ExactDecimal(100)) ?? .zero
            text += "\(AmountFormatter.grouped(points, decimals: 0)) points (\(percentText(e))), "
            text += "\(AmountFormatter.compact(e.impact.magnitude)) of \(AmountFormatter.compact(tokens)) input tokens "
            text += "no longer cached"
        case .newDimension(let firstSeen, let total, let history):
            let dimension = e.key.parts.last.map { SeriesKey.label($0.name) } ?? "series"
            text += "new \(dimension), \(AmountFormatter.amount(total, e.unit)) since "
            text += "\(AmountFormatter.period(firstSeen, e.granularity, withWeekday: false)) "
            text += "(not seen in the \(AmountFormatter.periods(history, e.granularity)) before); "
            text +=
                "\(AmountFormatter.amount(e.actual, e.unit)) on \(AmountFormatter.period(e.lastSeen, e.granularity))"
        case .missing(let last, let lastValue, let missing, let reported, let window):
            text += "no data since \(AmountFormatter.period(e.onset, e.granularity))"
            if let last, let lastValue {
                text += " (last reported \(AmountFormatter.amount(lastValue, e.unit)) on "
                text += "\(AmountFormatter.period(last, e.granularity)), after reporting \(reported) of the "
                text += "previous \(AmountFormatter.periods(window, e.granularity)))"
            }
            text += "; \(AmountFormatter.periods(missing, e.granularity)) missing"
        case .budget(let budget, let mtd, let forecast, let month, let hard):
            let monthText = AmountFormatter.period(month, .month)
            if hard {
                text += "month-to-date \(amount(mtd, e.unit)) exceeds the \(amount(budget, e.unit)) budget for "
                text += "\(monthText) (\(AmountFormatter.percent(ratio(mtd, budget), signed: false)))"
            } else {
                text += "month-to-date \(amount(mtd, e.unit)) of a \(amount(budget, e.unit)) budget for \(monthText), "
                text += "forecast \(amount(forecast, e.unit)) by month end "
                text += "(\(AmountFormatter.percent(ratio(forecast, budget), signed: false)))"
            }
        }
        text += "; " + lifecycle(e) + "."
        if !e.contributors.isEmpty {
            let ranked = e.contributors.map { c in
                "\(c.key) \(amount(c.impact, e.impactUnit, signed: true)) "
                    + "(\(AmountFormatter.percent(c.share * 100, signed: false)))"
            }
            text += " Top contributors: " + ranked.joined(separator: ", ") + "."
        }
        return text
    }

    /// `$812.40 on Tue 2025-03-04 against $128.10 expected (median of the last 4 Tuesdays, ±$22.00)`.
    static func comparison(_ e: AnomalyEvent) -> String {
        let on = e.granularity == .month ? "in" : "on"
        var text = "\(amount(e.actual, e.unit)) \(on) \(AmountFormatter.period(e.lastSeen, e.granularity)) "
        text += "against \(amount(e.expected, e.unit)) expected"
        let basis = basisText(e)
        text += " (" + (basis.isEmpty ? "" : basis + ", ") + "±\(amount(e.band, e.unit)))"
        return text
    }

    /// `+534 %, impact +$684.30` and, for longer events, the cumulative impact.
    static func percentAndImpact(_ e: AnomalyEvent, impactUnit: ValueUnit) -> String {
        percentText(e) + ", " + impactClause(e, unit: impactUnit, signed: true)
    }

    static func percentText(_ e: AnomalyEvent) -> String {
        e.deviationPercent.map { AmountFormatter.percent($0) } ?? "from nothing"
    }

    /// `impact +$684.30`, or `impact +$684.30 on the day, +$1,102.40 over 2 days` when the event spans more.
    static func impactClause(_ e: AnomalyEvent, unit: ValueUnit, signed: Bool) -> String {
        let latest = e.actual.subtracting(e.expected) ?? .zero
        let prefix = "impact "
        if e.periods <= 1 || unit != e.unit { return prefix + amount(e.impact, unit, signed: signed) }
        return prefix + "\(amount(latest, unit, signed: signed)) on the \(periodWord(e.granularity)), "
            + "\(amount(e.impact, unit, signed: signed)) over \(AmountFormatter.periods(e.periods, e.granularity))"
    }

    /// `started 2025-03-04, ongoing`, `started …, ended … (3 days)`, `… and is now the baseline`.
    static func lifecycle(_ e: AnomalyEvent) -> String {
        let started = AmountFormatter.period(e.onset, e.granularity, withWeekday: false)
        var text = "started \(started)"
        guard let end = e.end else { return text + ", ongoing" }
        let last = AmountFormatter.period(e.lastSeen, e.granularity, withWeekday: false)
        let length = AmountFormatter.periods(
            max(1, e.granularity.slot(of: end - 1) - e.granularity.slot(of: e.onset) + 1).clampedInt, e.granularity)
        switch e.closeReason {
        case .adapted: text += ", lasted \(length) and is now the baseline"
        case .ended: text += ", ended"
        default: text += ", last seen \(last) (\(length))"
        }
        return text
    }

    static func basisClause(_ e: AnomalyEvent) -> String {
        let b = basisText(e)
        return b.isEmpty ? "" : " against the \(b), ±\(amount(e.band, e.unit))"
    }

    /// `median of the last 4 Tuesdays`, `median of the same hour on the last 4 days`, `median of the last 28 days`.
    static func basisText(_ e: AnomalyEvent) -> String {
        switch e.basis {
        case .none: return ""
        case .trailing(let n): return "median of the last \(AmountFormatter.periods(n, e.granularity))"
        case .seasonal(let peers, let season):
            let seconds = Int64(season) * e.granularity.nominalSeconds
            switch (e.granularity, seconds) {
            case (.day, 7 * 86400):
                return
                    "median of the last \(peers) \(AmountFormatter.weekdayNames[AmountFormatter.weekday(e.lastSeen)])s"
            case (.hour, 7 * 86400):
                let hour = String(CivilTime.formatDateTime(epochSeconds: e.lastSeen).dropFirst(11).prefix(5))
                let day = AmountFormatter.weekdayNames[AmountFormatter.weekday(e.lastSeen)]
                return "median of the last \(peers) \(day)s at \(hour)"
            case (.hour, 86400), (.every, 86400):
                return "median of the same time on the last \(peers) days"
            case (.every, 7 * 86400):
                let time = String(CivilTime.formatDateTime(epochSeconds: e.lastSeen).dropFirst(11).prefix(5))
                let day = AmountFormatter.weekdayNames[AmountFormatter.weekday(e.lastSeen)]
                return "median of the last \(peers) \(day)s at \(time)"
            case (.month, _) where season == 12:
                return "median of the same month in the last \(peers) years"
            default:
                return "median of the same point in the last \(peers) seasons of \(season) periods"
            }
        }
    }

    static func amount(_ v: ExactDecimal, _ unit: ValueUnit, signed: Bool = false) -> String {
        AmountFormatter.amount(v, unit, signed: signed)
    }

    static func periodWord(_ g: Granularity) -> String {
        switch g {
        case .hour: "hour"
        case .day: "day"
        case .week: "week"
        case .month: "month"
        case .every: "period"
        }
    }

    /// `1K tokens`, `request`.
    static func perText(_ per: ExactDecimal, _ unit: ValueUnit) -> String {
        var label = "unit"
        if case .count(let l) = unit { label = l }
        if per == ExactDecimal(1) { return label.hasSuffix("s") ? String(label.dropLast()) : label }
        if per == ExactDecimal(1000) { return "1K \(label)" }
        if per == ExactDecimal(1_000_000) { return "1M \(label)" }
        return "\(AmountFormatter.grouped(per, decimals: 0)) \(label)"
    }

    static func ratio(_ a: ExactDecimal, _ b: ExactDecimal) -> Double {
        b.isZero ? .infinity : a.doubleValue / b.doubleValue * 100
    }
}

extension Int64 {
    var clampedInt: Int { Int(clamping: self) }
}
