import Testing
import TributaryCore

@testable import TributaryDetectors

struct LevelShiftDetectorTests {
    let detector = LevelShiftDetector()

    @Test func findsAStepWithItsOnsetAndLevels() throws {
        let s = Synthetic.daily(days: 160, noise: 0.05, seed: 41) { d, v in d >= 100 ? v * 1.3 : v }
        let events = detector.analyze([s], now: nil).events
        let e = try #require(events.first)
        #expect(events.count == 1)
        #expect(e.onset == Synthetic.day(100))
        // Judged after three sustained days: the alert starts on the third.
        #expect(e.start == Synthetic.day(102))
        guard case .shift(let before, let after) = e.detail else {
            Issue.record("not a shift: \(e.detail)")
            return
        }
        #expect(before > ExactDecimal(95) && before < ExactDecimal(105))
        #expect(after > ExactDecimal(122) && after < ExactDecimal(138))
        #expect(e.closeReason == .adapted)
        #expect(e.explanation.hasPrefix("total: level moved up from $"))
        #expect(e.explanation.contains(" per day (+3"))
    }

    @Test func aSingleOutlierIsNotAShift() {
        let s = Synthetic.daily(days: 160, noise: 0.05, seed: 42) { d, v in d == 100 ? v * 5 : v }
        #expect(detector.analyze([s], now: nil).events.isEmpty)
    }

    @Test func findsDropsToo() throws {
        let s = Synthetic.daily(days: 160, noise: 0.05, seed: 43) { d, v in d >= 120 ? v * 0.7 : v }
        let e = try #require(detector.analyze([s], now: nil).events.first)
        #expect(e.sign == -1 && e.onset == Synthetic.day(120))
        #expect(e.explanation.contains("level moved down"))
    }

    @Test func aStepUnderAWeeklyPatternIsFoundOnTheSeasonalBaseline() throws {
        let s = Synthetic.daily(days: 160, weekly: Synthetic.weekdayHeavy, noise: 0.05, seed: 44) { d, v in
            d >= 110 ? v * 1.35 : v
        }
        let events = detector.analyze([s], now: nil).events
        #expect(events.count == 1)
        // Day 110 is a Saturday, whose smaller amounts move less: the onset may be read a day late.
        #expect(events.first.map { (Synthetic.day(110)...Synthetic.day(111)).contains($0.onset) } == true)
        #expect(events.first.map { if case .seasonal = $0.basis { true } else { false } } == true)
    }
}
