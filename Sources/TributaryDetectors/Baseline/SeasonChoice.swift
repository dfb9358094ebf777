/// Which seasonal pattern a baseline compares with (`season` key).
///
/// `auto` (the default) takes the granularity's natural season (a week of days, a day of hours or of shorter
/// periods) and uses it only while it predicts better than the plain trailing median, so that series without a
/// pattern, or with too little history for seasonal peers, fall back to the trailing window.
public enum SeasonChoice: Sendable, Hashable {
    case auto
    case none
    case daily
    case weekly
    case yearly
    /// A season of this many periods.
    case periods(Int)

    /// `auto`, `none`, `daily`, `weekly`, `yearly` or a number of periods.
    public init?(text: String) {
        switch text {
        case "auto": self = .auto
        case "none": self = .none
        case "daily": self = .daily
        case "weekly": self = .weekly
        case "yearly": self = .yearly
        default:
            guard let n = Int(text), n >= 2 else { return nil }
            self = .periods(n)
        }
    }

    /// The season in periods of `granularity`, and whether it is forced (used whenever peers exist) rather than
    /// chosen by how well it predicts. Zero when there is none.
    func resolved(for granularity: Granularity) -> (periods: Int, forced: Bool) {
        let seconds = granularity.nominalSeconds
        func calendar(_ span: Int64) -> Int {
            if case .month = granularity { return span == 365 * 86400 ? 12 : 0 }
            return span % seconds == 0 && span / seconds >= 2 ? Int(span / seconds) : 0
        }
        switch self {
        case .auto: return (granularity.naturalSeason ?? 0, false)
        case .none: return (0, false)
        case .daily: return (calendar(86400), true)
        case .weekly: return (calendar(7 * 86400), true)
        case .yearly:
            if case .week = granularity { return (52, true) }
            return (calendar(365 * 86400), true)
        case .periods(let n): return (n, true)
        }
    }
}
