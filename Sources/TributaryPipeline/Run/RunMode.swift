import TributaryCore

/// What a run reads.
public enum RunMode: Sendable, Equatable {
    /// Only the inputs that are new or changed since the last committed run (plus the restatement window).
    case incremental
    /// Every input, whatever state says; the load replaces what it covers.
    case fullRefresh
    /// The rows of `[from, to)`, chunk by chunk, each chunk committed on its own.
    case backfill(BackfillRange)

    /// As written in run history and state: `incremental`, `full_refresh`, `backfill`.
    public var name: String {
        switch self {
        case .incremental: "incremental"
        case .fullRefresh: "full_refresh"
        case .backfill: "backfill"
        }
    }
}

/// The calendar periods a backfill walks.
public enum ChunkSize: String, Sendable, Hashable, CaseIterable {
    case day, week, month

    /// The first day (days since 1970-01-01) of the period holding `day`: the day itself, its Monday, or the
    /// first of its month.
    public func start(of day: Int64) -> Int64 {
        switch self {
        case .day: return day
        case .week: return day - ((day + 3) % 7 + 7) % 7  // 1970-01-01 was a Thursday
        case .month:
            let c = CivilTime.civil(days: day)
            return CivilTime.days(year: c.year, month: c.month, day: 1)
        }
    }

    /// The first day of the period after the one starting at `start`.
    public func next(after start: Int64) -> Int64 {
        switch self {
        case .day: return start + 1
        case .week: return start + 7
        case .month:
            let c = CivilTime.civil(days: start)
            return c.month == 12
                ? CivilTime.days(year: c.year + 1, month: 1, day: 1)
                : CivilTime.days(year: c.year, month: c.month + 1, day: 1)
        }
    }
}

/// `[from, to)` in whole days (days since 1970-01-01, UTC), walked in calendar chunks.
public struct BackfillRange: Sendable, Hashable {
    public var from: Int64
    public var to: Int64
    public var chunk: ChunkSize

    /// Fails with a sentence for the command line (exit 2) when a date does not parse or `from` is not before
    /// `to`.
    public init(from: String, to: String, chunk: ChunkSize) throws(BackfillRangeError) {
        guard let f = Self.parseDay(from) else { throw .badDate(option: "--from", text: from) }
        guard let t = Self.parseDay(to) else { throw .badDate(option: "--to", text: to) }
        guard f < t else { throw .emptyRange(from: from, to: to) }
        self.init(fromDay: f, toDay: t, chunk: chunk)
    }

    public init(fromDay: Int64, toDay: Int64, chunk: ChunkSize) {
        from = fromDay
        to = toDay
        self.chunk = chunk
    }

    /// The chunks, in order: calendar periods clipped to `[from, to)`.
    public var chunks: [DayWindow] {
        var result: [DayWindow] = []
        var start = from
        while start < to {
            let end = min(to, chunk.next(after: chunk.start(of: start)))
            result.append(DayWindow(from: start, to: end))
            start = end
        }
        return result
    }

    /// `YYYY-MM-DD` only, a real calendar day.
    static func parseDay(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]),
            (1...12).contains(m), d >= 1, d <= CivilTime.daysInMonth(year: y, month: m)
        else { return nil }
        return CivilTime.days(year: y, month: m, day: d)
    }

    public var description: String {
        "[\(CivilTime.formatDate(days: from)), \(CivilTime.formatDate(days: to))) by \(chunk.rawValue)"
    }
}

/// Whole days `[from, to)`, UTC.
public struct DayWindow: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var from: Int64
    public var to: Int64

    public init(from: Int64, to: Int64) {
        self.from = from
        self.to = to
    }

    public var description: String { "[\(CivilTime.formatDate(days: from)), \(CivilTime.formatDate(days: to)))" }
}

public enum BackfillRangeError: Error, Sendable, Equatable, CustomStringConvertible {
    case badDate(option: String, text: String)
    case emptyRange(from: String, to: String)

    public var description: String {
        switch self {
        case .badDate(let option, let text):
            "\(option) '\(text)' is not a date: write it as YYYY-MM-DD"
        case .emptyRange(let from, let to):
            "--from \(from) is not before --to \(to): the range [from, to) would be empty"
        }
    }
}
