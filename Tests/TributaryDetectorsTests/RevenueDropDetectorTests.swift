import Foundation
import Testing
import TributaryCore

@testable import TributaryDetectors

struct RevenueDropDetectorTests {
    let detector = RevenueDropDetector()

    static func revenue(drop month: Int?, to factor: Double = 0.7, seed: UInt64 = 71) -> Series {
        var rng = SeededRandom(seed: seed)
        return Synthetic.monthly(
            (0..<24).map { m in 50_000 * (1 + 0.03 * rng.gaussian()) * (m == month ? factor : 1) })
    }

    @Test func aMonthBelowItsTrailingBaselineIsFound() throws {
        let s = Self.revenue(drop: 18)
        let events = detector.analyze([s], now: nil).events
        let e = try #require(events.first)
        #expect(events.count == 1)
        #expect(e.onset == s.timestamps[18] && e.sign == -1)
        #expect(e.severity == .high)
        #expect(e.explanation.contains("in 2024-07 against €"))
        #expect(e.explanation.contains("median of the last 6 months"))
    }

    @Test func steadyGrowthIsNotADrop() {
        let s = Synthetic.monthly((0..<24).map { 40_000 * pow(1.02, Double($0)) })
        #expect(detector.analyze([s], now: nil).events.isEmpty)
    }

    @Test func theCurrentMonthIsJudgedOnlyOnceItIsOver() {
        let s = Self.revenue(drop: 23)
        let g = Granularity.month
        let midMonth = s.timestamps[23] + 10 * 86400
        #expect(detector.detect(s, now: midMonth).isEmpty)
        #expect(detector.detect(s, now: g.end(ofSlot: g.slot(of: s.timestamps[23])) + 3600).count == 1)
    }
}
