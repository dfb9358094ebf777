import Testing
import TributaryCore

@testable import TributaryDetectors

struct MissingDataDetectorTests {
    let detector = MissingDataDetector()

    @Test func aSeriesThatStoppedIsOpenUntilTheLastJudgedDay() throws {
        let s = Synthetic.daily(days: 50, seed: 81)
        // Day 60, one hour in: with 48 hours not judged, days 50 … 57 are missing.
        let events = detector.detect(s, now: Synthetic.day(60) + 3600)
        let e = try #require(events.first)
        #expect(events.count == 1)
        #expect(e.onset == Synthetic.day(50) && e.start == Synthetic.day(50))
        #expect(e.isOngoing && e.periods == 8 && e.lastSeen == Synthetic.day(57))
        #expect(e.severity == .critical)
        // About $100 a day is unaccounted for.
        #expect(e.impact < ExactDecimal(-700) && e.impact > ExactDecimal(-900))
        #expect(e.explanation.hasPrefix("total: no data since Tue 2025-02-25 (last reported $"))
        #expect(e.explanation.contains(" on Mon 2025-02-24, after"))
        #expect(e.explanation.contains("after reporting 14 of the previous 14 days); 8 days missing"))
    }

    @Test func zerosCountAsMissingAndDataComingBackClosesIt() throws {
        let s = Synthetic.daily(days: 70, seed: 82) { d, v in (50..<53).contains(d) ? 0 : v }
        let r = detector.analyze([s], now: nil)
        let e = try #require(r.events.first)
        #expect(r.events.count == 1)
        #expect(e.onset == Synthetic.day(50) && e.end == Synthetic.day(53) && e.closeReason == .recovered)
        #expect(e.severity == .high)
        #expect(r.scores[0][50] >= 0.5 && r.scores[0][52] >= 0.5 && r.scores[0][53] < 0.5 && r.scores[0][49] < 0.5)
    }

    @Test func aGapInTheRowsShowsAtTheRowThatEndsIt() throws {
        let full = Synthetic.daily(days: 70, seed: 83)
        let keep = full.timestamps.indices.filter { !(50..<55).contains($0) }
        let s = Series(
            name: full.name, granularity: .day, unit: full.unit, timestamps: keep.map { full.timestamps[$0] },
            values: keep.map { full.values[$0] })
        let r = detector.analyze([s], now: nil)
        #expect(r.events.map(\.onset) == [Synthetic.day(50)])
        #expect(r.events.first?.end == Synthetic.day(55))
        let returning = try #require(s.timestamps.firstIndex(of: Synthetic.day(55)))
        #expect(r.scores[0][returning] >= 0.5)
        #expect(r.scores[0].enumerated().allSatisfy { $0.offset == returning || $0.element < 0.5 })
    }

    @Test func aSeriesThatReportsNowAndThenNeverQualifies() {
        let s = Synthetic.daily(days: 120, seed: 84) { d, v in d % 3 == 0 ? v : 0 }
        #expect(detector.detect(s, now: Synthetic.day(130)).isEmpty)
    }

    @Test func tooShortAHistoryIsNotJudged() {
        let s = Synthetic.daily(days: 10, seed: 85)
        #expect(detector.detect(s, now: Synthetic.day(30)).isEmpty)
    }
}
