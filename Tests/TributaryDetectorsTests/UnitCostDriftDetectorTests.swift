import Testing
import TributaryCore

@testable import TributaryDetectors

struct UnitCostDriftDetectorTests {
    let detector = UnitCostDriftDetector()

    /// Between 1M and 2M tokens a day at $0.002 per 1K tokens (±1 % from the mix), $0.003 from day `change`.
    static func usage(change: Int, newPrice: Double, seed: UInt64 = 51) -> Series {
        Synthetic.ratio(
            days: 120, seed: seed, denominator: { _, rng in 1_000_000 + rng.uniform() * 1_000_000 },
            numerator: { d, tokens, rng in
                tokens / 1000 * (d >= change ? newPrice : 0.002) * (1 + 0.01 * rng.gaussian())
            })
    }

    @Test func aPriceChangeIsFoundWithItsCostInMoney() throws {
        let s = Self.usage(change: 80, newPrice: 0.003)
        let events = detector.analyze([s], now: nil).events
        let e = try #require(events.first)
        #expect(events.count == 1)
        #expect(e.onset == Synthetic.day(80) && e.sign == 1)
        #expect(e.impactUnit == .money(currency: "USD"))
        // $0.001 more per 1K tokens over the event's tokens.
        guard case .unitCost(_, let quantity, _, _) = e.detail else {
            Issue.record("not a unit cost: \(e.detail)")
            return
        }
        let expected = quantity.doubleValue / 1000 * 0.001
        #expect(abs(e.impact.doubleValue - expected) < expected * 0.05)
        #expect(e.explanation.contains("cost per 1K tokens $0.0030"))
        #expect(e.explanation.contains("against $0.0020 expected"))
        #expect(e.explanation.contains("M tokens that is +$\(AmountFormatter.grouped(e.impact, decimals: 2)) over "))
    }

    @Test func moreTokensAtTheSamePriceIsNotADrift() {
        let s = Synthetic.ratio(
            days: 120, seed: 52, denominator: { d, _ in d >= 80 ? 5_000_000 : 1_000_000 },
            numerator: { _, tokens, rng in tokens / 1000 * 0.002 * (1 + 0.01 * rng.gaussian()) })
        #expect(detector.analyze([s], now: nil).events.isEmpty)
    }

    @Test func aSmallChangeStaysUnderTheTenPercentGate() {
        let s = Self.usage(change: 80, newPrice: 0.00212)
        #expect(detector.analyze([s], now: nil).events.isEmpty)
    }
}
