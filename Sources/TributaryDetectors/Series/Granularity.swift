import TributaryCore

/// The period a series is bucketed by: calendar hours, days, ISO weeks or months in UTC, or a fixed spacing that
/// offline series (5-minute metrics, integer indices) arrive with.
///
/// Detectors never compare timestamps directly; they work on *slots*, the consecutive period numbers of
/// `slot(of:)`, so that a gap is a missing slot and "the same weekday four weeks ago" is slot − 28.
public enum Granularity: Sendable, Hashable, CustomStringConvertible {
    case hour
    case day
    /// ISO weeks, starting on Monday.
    case week
    case month
    /// A fixed spacing in seconds; `phase` is a timestamp on the grid, so that slots round to the nearest point of
    /// it and a few seconds of jitter never moves a point into its neighbour's slot.
    case every(seconds: Int64, phase: Int64)

    /// `hour`, `day`, `week` or `month`, as pipeline files spell them.
    public init?(name: String) {
        switch name {
        case "hour": self = .hour
        case "day": self = .day
        case "week": self = .week
        case "month": self = .month
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .hour: "hour"
        case .day: "day"
        case .week: "week"
        case .month: "month"
        case .every(let s, _): "every \(s) s"
        }
    }

    /// The typical length of one period, in seconds (a month counts 30 days): for defaults and spacing checks.
    public var nominalSeconds: Int64 {
        switch self {
        case .hour: 3600
        case .day: 86400
        case .week: 7 * 86400
        case .month: 30 * 86400
        case .every(let s, _): s
        }
    }

    /// The number of the period holding `t`: hours, days, weeks or months since the epoch.
    @inlinable
    public func slot(of t: Int64) -> Int64 {
        switch self {
        case .hour: return Self.floorDiv(t, 3600)
        case .day: return Self.floorDiv(t, 86400)
        // 1970-01-01 was a Thursday, so weeks counted from Monday 1969-12-29 start 3 days earlier.
        case .week: return Self.floorDiv(t + 3 * 86400, 7 * 86400)
        case .month:
            let (y, m, _) = CivilTime.civil(days: Self.floorDiv(t, 86400))
            return (y - 1970) * 12 + (m - 1)
        case .every(let s, let phase): return Self.floorDiv(t - phase + s / 2, s)
        }
    }

    /// The first second of period `slot`.
    @inlinable
    public func start(ofSlot slot: Int64) -> Int64 {
        switch self {
        case .hour: return slot * 3600
        case .day: return slot * 86400
        case .week: return slot * 7 * 86400 - 3 * 86400
        case .month:
            let y = 1970 + Self.floorDiv(slot, 12)
            let m = slot - Self.floorDiv(slot, 12) * 12 + 1
            return CivilTime.days(year: y, month: m, day: 1) * 86400
        case .every(let s, let phase): return slot * s + phase
        }
    }

    /// The first second after period `slot`.
    @inlinable
    public func end(ofSlot slot: Int64) -> Int64 { start(ofSlot: slot + 1) }

    @inlinable
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// How many spacings `inferred(from:)` looks at: a fixed prefix, so that the answer for a point never depends
    /// on rows after it once that many rows exist.
    public static let inferencePrefix = 9

    /// The granularity of offline timestamps: the median of the first spacings, read as an hour, day, week or
    /// month when it is one (within 10 %), otherwise as a fixed spacing. Nil for fewer than two distinct times.
    public static func inferred(from timestamps: [Int64]) -> Granularity? {
        let prefix = timestamps.prefix(inferencePrefix + 1).sorted()
        var gaps: [Int64] = []
        for i in prefix.indices.dropFirst() where prefix[i] > prefix[i - 1] { gaps.append(prefix[i] - prefix[i - 1]) }
        guard !gaps.isEmpty, let first = prefix.first else { return nil }
        gaps.sort()
        let median = gaps[(gaps.count - 1) / 2]
        func near(_ x: Int64) -> Bool { median * 10 >= x * 9 && median * 10 <= x * 11 }
        if median >= 28 * 86400 && median <= 31 * 86400 { return .month }
        if near(7 * 86400) && first % 86400 == 0 { return .week }
        if near(86400) && first % 86400 == 0 { return .day }
        if near(3600) && first % 3600 == 0 { return .hour }
        return .every(seconds: median, phase: first - floorDiv(first, median) * median)
    }

    /// The season `auto` picks: a week of days, a day of hours or of shorter periods (when they divide the day).
    public var naturalSeason: Int? {
        switch self {
        case .day: return 7
        case .hour: return 24
        case .week, .month: return nil
        case .every(let s, _): return s < 86400 && 86400 % s == 0 && 86400 / s >= 2 ? Int(86400 / s) : nil
        }
    }

    /// The number of periods in `span` seconds, rounded down (at least 0): to turn `ignore_recent_hours` and
    /// calendar seasons into slots.
    public func periods(inSeconds span: Int64) -> Int {
        max(0, Int(span / max(1, nominalSeconds)))
    }
}
