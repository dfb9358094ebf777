import Testing
import TributaryCore

@testable import TributaryDetectors

struct NewDimensionDetectorTests {
    let detector = NewDimensionDetector()

    static func leaves(gpt5From: Int = 40, gpt5Daily: Double = 30) -> [Series] {
        [
            Synthetic.daily(days: 60, seed: 91, key: SeriesKey(["provider": "openai", "model": "gpt-4.1"])),
            Synthetic.daily(
                days: 60, level: 50, seed: 92, key: SeriesKey(["provider": "anthropic", "model": "claude"])),
            Synthetic.daily(
                days: 60, level: gpt5Daily, noise: 0, seed: 93,
                key: SeriesKey(["provider": "openai", "model": "gpt-5"])
            ) {
                d, v in d >= gpt5From ? v : 0
            },
        ]
    }

    @Test func aNewModelIsFoundOnceUnderItsProvider() throws {
        let events = detector.analyze(Self.leaves(), now: nil).events
        let e = try #require(events.first)
        #expect(events.count == 1)
        #expect(e.key == SeriesKey(["provider": "openai", "model": "gpt-5"]))
        #expect(e.onset == Synthetic.day(40) && e.start == Synthetic.day(40))
        #expect(!e.isOngoing && e.closeReason == .ended)
        // Its total grows with every judged day (20 of them at $30): later runs update the finding.
        #expect(e.impact == ExactDecimal(600))
        #expect(
            e.explanation
                == "openai · gpt-5: new model, $600.00 since 2025-02-15 (not seen in the 40 days before); "
                + "$30.00 on Sat 2025-02-15; started 2025-02-15, ended.")
    }

    @Test func itAlertsWhenTheSpendSinceFirstSeenReachesTheMinimum() throws {
        let d = try NewDimensionDetector(.init(options: DetectorOptions(["min_impact": "100"])))
        let r = d.analyze(Self.leaves(), now: nil)
        let e = try #require(r.events.first)
        #expect(e.onset == Synthetic.day(40) && e.start == Synthetic.day(43))
        #expect(r.scores[2][42] < 0.5 && r.scores[2][43] >= 0.5)
        #expect(r.scores[2][44] < 0.5)
    }

    @Test func aValueThatIsThereFromTheStartOrTooEarlyIsNotNew() {
        #expect(detector.analyze(Self.leaves(gpt5From: 5), now: nil).events.isEmpty)
        #expect(detector.analyze(Array(Self.leaves().prefix(2)), now: nil).events.isEmpty)
    }

    @Test func aSeriesWithoutDimensionsIsNewWhenItStartsSpending() throws {
        let s = Synthetic.daily(days: 60, seed: 94) { d, v in d >= 30 ? v : 0 }
        #expect(detector.analyze([s], now: nil).events.map(\.onset) == [Synthetic.day(30)])
    }

    @Test func recentDaysAreNotJudged() {
        #expect(detector.detect(Self.leaves(gpt5From: 58), now: Synthetic.day(60)).isEmpty)
        #expect(detector.detect(Self.leaves(gpt5From: 58), now: Synthetic.day(61)).count == 1)
    }
}
