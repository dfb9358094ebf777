import Testing
import TributaryCore

@testable import TributaryDetectors

struct CacheEfficiencyDetectorTests {
    let detector = CacheEfficiencyDetector()

    /// About 1M input tokens a day, 60 % of them cached (±2 points), then `after` from day 70.
    static func usage(after: Double, seed: UInt64 = 61) -> Series {
        Synthetic.ratio(
            days: 110, unit: .count("tokens"), seed: seed,
            denominator: { _, rng in 1_000_000 + 100_000 * rng.gaussian() },
            numerator: { d, input, rng in input * ((d >= 70 ? after : 0.6) + 0.02 * rng.gaussian()) })
    }

    @Test func aFallingCacheShareIsFoundInPointsAndTokens() throws {
        let events = detector.analyze([Self.usage(after: 0.2)], now: nil).events
        let e = try #require(events.first)
        #expect(events.count == 1)
        #expect(e.onset == Synthetic.day(70) && e.sign == -1)
        #expect(e.actual < ExactDecimal(units: 30, scale: 2) && e.expected > ExactDecimal(units: 55, scale: 2))
        // About 40 % of 1M tokens a day are no longer cached.
        #expect(
            e.impact.doubleValue < -350_000 * Double(e.periods) && e.impact.doubleValue > -450_000 * Double(e.periods))
        #expect(e.explanation.contains("cached share of input tokens"))
        #expect(e.explanation.contains("M input tokens no longer cached"))
        #expect(
            e.explanation.contains("-40 points") || e.explanation.contains("-41 points")
                || e.explanation.contains("-39 points"))
    }

    @Test func aFewPointsLessIsUnderTheGate() {
        #expect(detector.analyze([Self.usage(after: 0.55)], now: nil).events.isEmpty)
    }

    @Test func aRisingShareIsNotAProblem() {
        #expect(detector.analyze([Self.usage(after: 0.9)], now: nil).events.isEmpty)
    }
}
