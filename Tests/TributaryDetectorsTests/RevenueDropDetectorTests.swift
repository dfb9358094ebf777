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

    /// A company's first year: ten months are enough to judge the tenth (a monthly baseline needs five errors, not
    /// the ten a daily one waits for, or nothing would be judged before the second year).
    @Test func aDropInTheFirstYearIsFound() throws {
        var rng = SeededRandom(seed: 5)
        let s = Synthetic.monthly((0..<10).map { m in 50_000 * (1 + 0.05 * rng.gaussian()) * (m == 9 ? 0.4 : 1) })
        let e = try #require(detector.analyze([s], now: nil).events.first)
        #expect(e.onset == s.timestamps[9] && e.sign == -1)
    }

    /// A customer with no invoice at all in the month of the drop has no row in it: counted as zero, it is what
    /// explains the drop, ahead of the noise of the customers who were invoiced.
    @Test func aCustomerMissingFromTheMonthLeadsTheContributors() throws {
        func customer(_ id: String, _ amount: Double, noise: Double, seed: UInt64, pausedAt: Int? = nil) -> Series {
            var rng = SeededRandom(seed: seed)
            var s = Synthetic.monthly(
                (0..<12).map { _ in amount * (1 + noise * rng.gaussian()) }, key: SeriesKey(["customer": id]))
            if let m = pausedAt {
                s.timestamps.remove(at: m)
                s.values.remove(at: m)
            }
            return s
        }
        let leaves = [
            customer("big", 3000, noise: 0.01, seed: 1, pausedAt: 9),
            customer("steady", 1500, noise: 0.03, seed: 2),
            customer("small", 500, noise: 0.10, seed: 3),
        ]
        let events = MultiSeriesDetection.run(detector, leaves: leaves, groupBy: [], now: nil)
        let e = try #require(events.first)
        #expect(events.count == 1 && e.onset == leaves[1].timestamps[9])
        let top = try #require(e.contributors.first)
        #expect(top.key.description == "customer big")
        #expect(top.impact < ExactDecimal(-2900) && top.impact > ExactDecimal(-3100), "\(top)")
    }
}
