import Testing
import TributaryCore

@testable import TributaryDetectors

struct GranularityTests {
    static func t(_ text: String) -> Int64 {
        guard case .success(let s) = CivilTime.parseTimestamp(text) else { return 0 }
        return s
    }

    @Test func calendarSlotsAreConsecutivePeriods() {
        #expect(
            Granularity.day.slot(of: Self.t("2025-03-04 23:59:59")) + 1
                == Granularity.day.slot(of: Self.t("2025-03-05")))
        #expect(
            Granularity.month.slot(of: Self.t("2025-12-31 23:00:00")) + 1
                == Granularity.month.slot(of: Self.t("2026-01-01")))
        #expect(
            Granularity.month.start(ofSlot: Granularity.month.slot(of: Self.t("2024-02-29 12:00:00")))
                == Self.t("2024-02-01"))
        // ISO weeks start on Monday: Sunday 2025-03-09 and Monday 2025-03-03 share a week.
        #expect(
            Granularity.week.slot(of: Self.t("2025-03-09 12:00:00")) == Granularity.week.slot(of: Self.t("2025-03-03")))
        #expect(Granularity.week.start(ofSlot: Granularity.week.slot(of: Self.t("2025-03-09"))) == Self.t("2025-03-03"))
        #expect(
            Granularity.hour.end(ofSlot: Granularity.hour.slot(of: Self.t("2025-03-04 05:30:00")))
                == Self.t("2025-03-04 06:00:00"))
    }

    @Test func aFixedSpacingToleratesJitter() {
        let g = Granularity.every(seconds: 300, phase: 7)
        #expect(g.slot(of: 7 + 300 * 10 + 100) == g.slot(of: 7 + 300 * 10 - 100))
        #expect(g.slot(of: 7 + 300 * 11) == g.slot(of: 7 + 300 * 10) + 1)
    }

    struct Spacing: Sendable, CustomStringConvertible {
        var times: [Int64]
        var expected: String
        var description: String { expected }
    }

    static let spacings: [Spacing] = [
        Spacing(times: (0..<10).map { Int64($0) * 300 }, expected: "every 300 s"),
        Spacing(times: (0..<10).map { Int64($0) * 86400 }, expected: "day"),
        Spacing(times: (0..<10).map { Int64($0) * 3600 }, expected: "hour"),
        Spacing(times: (0..<10).map { Int64($0) }, expected: "every 1 s"),
        Spacing(
            times: (1...10).map { CivilTime.days(year: 2024, month: Int64($0), day: 1) * 86400 }, expected: "month"),
    ]

    @Test(arguments: spacings)
    func infersTheSpacing(_ c: Spacing) {
        #expect(Granularity.inferred(from: c.times)?.description == c.expected)
    }

    @Test func inferenceLooksOnlyAtAFixedPrefix() {
        let daily = (0..<10).map { Int64($0) * 86400 }
        #expect(Granularity.inferred(from: daily + [86400 * 10 + 1, 86400 * 10 + 2, 86400 * 10 + 3]) == .day)
    }

    @Test func naturalSeasons() {
        #expect(Granularity.day.naturalSeason == 7)
        #expect(Granularity.hour.naturalSeason == 24)
        #expect(Granularity.every(seconds: 300, phase: 0).naturalSeason == 288)
        #expect(Granularity.every(seconds: 7, phase: 0).naturalSeason == nil)
        #expect(Granularity.month.naturalSeason == nil)
    }
}
