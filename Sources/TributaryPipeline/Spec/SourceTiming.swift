import TributaryCore

/// `[source] time_column` and `restate_window`: which column places a row in time, and how far back every run
/// re-reads because the provider restates recent periods (lesson L18).
///
///     [source]
///     time_column = "usage_date"        # a date or datetime column, nullable = false
///     restate_window = "2 months"       # the current and the previous month, re-read on every run
public struct SourceTiming: Sendable, Equatable {
    /// The source column (by its output name) that backfill chunks and the restatement window are judged by.
    public var timeColumn: String?
    public var restateWindow: RestateWindow?

    public init(timeColumn: String? = nil, restateWindow: RestateWindow? = nil) {
        self.timeColumn = timeColumn
        self.restateWindow = restateWindow
    }
}

/// The trailing `count` calendar periods, the current one included: `"2 months"` on 2026-11-21 is every day
/// from 2026-10-01 on.
public struct RestateWindow: Sendable, Equatable, CustomStringConvertible {
    public var count: Int
    public var unit: ChunkSize

    public init(count: Int, unit: ChunkSize) {
        self.count = count
        self.unit = unit
    }

    /// `"<n> day(s)|week(s)|month(s)"`, n ≥ 1.
    public init?(parsing text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 2, let n = Int(words[0]), n >= 1, n <= 1000 else { return nil }
        var unitWord = String(words[1]).lowercased()
        if unitWord.hasSuffix("s") { unitWord.removeLast() }
        guard let unit = ChunkSize(rawValue: unitWord) else { return nil }
        self.init(count: n, unit: unit)
    }

    /// The first day of the window when today is `today` (days since 1970-01-01, UTC).
    public func start(today: Int64) -> Int64 {
        var start = unit.start(of: today)
        for _ in 1..<max(1, count) { start = unit.start(of: start - 1) }
        return start
    }

    public var description: String { "\(count) \(unit.rawValue)\(count == 1 ? "" : "s")" }
}
