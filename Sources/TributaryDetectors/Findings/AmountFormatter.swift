import TributaryCore

/// How explanations print amounts, percentages and periods: `$1,234.50`, `+534 %`, `Tue 2025-03-04`.
///
/// Rounding happens here and only here, half to even on the exact value; records keep every digit.
enum AmountFormatter {
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// `v` in `unit`: money with its symbol, counts compact (`1.2M tokens`), shares as percentages.
    static func amount(_ v: ExactDecimal, _ unit: ValueUnit, signed: Bool = false) -> String {
        let sign = v.units < 0 ? "-" : (signed && v.units > 0 ? "+" : "")
        let m = v.magnitude
        switch unit {
        case .money(let currency):
            let text = grouped(m, decimals: decimals(for: m, minimum: 2, significant: 2))
            switch currency {
            case "USD": return sign + "$" + text
            case "EUR": return sign + "€" + text
            case "GBP": return sign + "£" + text
            case "JPY": return sign + "¥" + text
            default: return sign + text + " " + currency
            }
        case .count(let label):
            return sign + compact(m) + (label.isEmpty ? "" : " " + label)
        case .share:
            let p = m.multiplying(ExactDecimal(100), maxResultScale: ExactDecimal.maxScale) ?? m
            return sign + grouped(p, decimals: p < ExactDecimal(10) && !p.isZero ? 1 : 0) + " %"
        case .plain:
            let d =
                m >= ExactDecimal(1000) ? 0 : (m >= ExactDecimal(1) ? 2 : decimals(for: m, minimum: 2, significant: 3))
            return sign + grouped(m, decimals: d)
        }
    }

    /// Enough decimals to show `significant` digits of a value below 1, at least `minimum`, at most 8.
    static func decimals(for m: ExactDecimal, minimum: Int, significant: Int) -> Int {
        guard !m.isZero, m < ExactDecimal(1) else { return minimum }
        var d = 0
        var probe = ExactDecimal(1)
        while probe > m, d < 8 {
            probe = probe.dividing(by: ExactDecimal(10), resultScale: d + 1) ?? probe
            d += 1
        }
        return min(8, max(minimum, d + significant - 1))
    }

    /// `1234.5` → `1,234.50` (two decimals), rounded half to even.
    static func grouped(_ v: ExactDecimal, decimals: Int) -> String {
        let r = v.rounded(to: decimals) ?? v
        let text = r.magnitude.description
        let parts = text.split(separator: ".", maxSplits: 1)
        let integer = Array(parts.first.map(String.init) ?? "0")
        var out = ""
        for (i, c) in integer.enumerated() {
            if i > 0, (integer.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        if parts.count > 1 { out += "." + parts[1] }
        return (r.units < 0 ? "-" : "") + out
    }

    /// `12.3k`, `1.2M`, `3.4B` for counts, exact below 10,000.
    static func compact(_ m: ExactDecimal) -> String {
        let d = m.doubleValue
        func one(_ x: Double) -> String {
            let tenths = (x * 10).rounded()
            return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))" : "\(tenths / 10)"
        }
        if d >= 1e9 { return one(d / 1e9) + "B" }
        if d >= 1e6 { return one(d / 1e6) + "M" }
        if d >= 1e4 { return one(d / 1e3) + "k" }
        return grouped(m, decimals: m >= ExactDecimal(1) ? 0 : decimals(for: m, minimum: 0, significant: 2))
    }

    /// `+534 %`, `-12.5 %`: whole percents from 10 up, one decimal below.
    static func percent(_ p: Double, signed: Bool = true) -> String {
        guard p.isFinite else { return "new" }
        let sign = p < 0 ? "-" : (signed && p > 0 ? "+" : "")
        let m = abs(p)
        let text = m >= 10 ? String(Int(m.rounded())) : String(Double(Int((m * 10).rounded())) / 10)
        return sign + text + " %"
    }

    /// The period starting at `t`: `Tue 2025-03-04`, `Tue 2025-03-04 14:00`, `week of 2025-03-03`, `2025-03`.
    static func period(_ t: Int64, _ g: Granularity, withWeekday: Bool = true) -> String {
        let date = CivilTime.formatDate(days: Granularity.floorDiv(t, 86400))
        let day = withWeekday ? weekdays[weekday(t)] + " " : ""
        let time = CivilTime.formatDateTime(epochSeconds: t)
        switch g {
        case .day: return day + date
        case .hour: return day + String(time.prefix(16))
        case .week: return "week of " + date
        case .month: return String(date.prefix(7))
        case .every(let s, _): return day + (s % 60 == 0 ? String(time.prefix(16)) : time)
        }
    }

    /// The weekday of `t`, 0 for Monday.
    static func weekday(_ t: Int64) -> Int {
        let days = Granularity.floorDiv(t, 86400) + 3
        return Int(days - Granularity.floorDiv(days, 7) * 7)
    }

    /// `day`/`days`, `hour`/`hours`, …, for counts of periods.
    static func periods(_ n: Int, _ g: Granularity) -> String {
        let word: String
        switch g {
        case .hour: word = "hour"
        case .day: word = "day"
        case .week: word = "week"
        case .month: word = "month"
        case .every: word = "period"
        }
        return "\(n) \(word)\(n == 1 ? "" : "s")"
    }
}
