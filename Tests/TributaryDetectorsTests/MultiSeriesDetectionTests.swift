import Testing
import TributaryCore

@testable import TributaryDetectors

struct MultiSeriesDetectionTests {
    static func key(_ provider: String, _ model: String, _ project: String) -> SeriesKey {
        SeriesKey(["provider": provider, "model": model, "project": project])
    }

    /// Four leaves; on day 100 openai spends $500 more on gpt-4.1 for web-search and $50 more on gpt-4o.
    static func leaves() -> [Series] {
        [
            Synthetic.daily(days: 120, level: 200, noise: 0.03, seed: 1, key: key("openai", "gpt-4.1", "web-search")) {
                d, v in d == 100 ? v + 500 : v
            },
            Synthetic.daily(days: 120, level: 100, noise: 0.03, seed: 2, key: key("openai", "gpt-4.1", "batch")),
            Synthetic.daily(days: 120, level: 50, noise: 0.03, seed: 3, key: key("openai", "gpt-4o", "web-search")) {
                d, v in d == 100 ? v + 50 : v
            },
            Synthetic.daily(days: 120, level: 300, noise: 0.03, seed: 4, key: key("anthropic", "claude", "web-search")),
        ]
    }

    @Test func aProviderSpikeIsExplainedByWhatMovedBelowIt() throws {
        let events = MultiSeriesDetection.run(
            SpendSpikeDetector(), leaves: Self.leaves(), groupBy: ["provider"], now: nil)
        let e = try #require(events.first)
        #expect(events.count == 1)
        #expect(e.key == SeriesKey(["provider": "openai"]) && e.onset == Synthetic.day(100))
        let ranked = e.contributors.map(\.key.description)
        #expect(ranked.first == "project web-search")
        let gpt41 = try #require(ranked.firstIndex(of: "gpt-4.1"))
        let gpt4o = try #require(ranked.firstIndex(of: "gpt-4o"))
        #expect(gpt41 < gpt4o)
        #expect(!ranked.contains("project batch") && !ranked.contains("claude"))
        let top = try #require(e.contributors.first)
        #expect(top.impact > ExactDecimal(500) && top.impact < ExactDecimal(600))
        #expect(top.share > 0.9 && top.share < 1.1)
        #expect(e.explanation.contains(". Top contributors: project web-search +$"))
    }

    @Test func findingsAtTheFinestLevelHaveNoContributors() {
        let all = ["provider", "model", "project"]
        let events = MultiSeriesDetection.run(SpendSpikeDetector(), leaves: Self.leaves(), groupBy: all, now: nil)
        // Both leaves that moved: +$500 on $200, and +$50 on $50.
        #expect(
            events.map(\.key) == [
                Self.key("openai", "gpt-4.1", "web-search"), Self.key("openai", "gpt-4o", "web-search"),
            ])
        #expect(events.allSatisfy { $0.contributors.isEmpty })
    }

    @Test func rollUpSumsExactlyOverTheUnionOfPeriods() throws {
        let a = Synthetic.exact(["0.10", "0.20", "0.30"], key: SeriesKey(["provider": "a", "model": "x"]))
        var b = Synthetic.exact(["0.20", "0.10"], key: SeriesKey(["provider": "a", "model": "y"]))
        b.timestamps = [Synthetic.day(1), Synthetic.day(3)]
        let c = Synthetic.exact(["5"], key: SeriesKey(["provider": "b", "model": "x"]))
        let rolled = Series.rollUp([a, b, c], by: ["provider"])
        #expect(rolled.map(\.key) == [SeriesKey(["provider": "a"]), SeriesKey(["provider": "b"])])
        let first = try #require(rolled.first)
        #expect(first.timestamps == [Synthetic.day(0), Synthetic.day(1), Synthetic.day(2), Synthetic.day(3)])
        #expect(first.values.map(\.description) == ["0.10", "0.40", "0.30", "0.10"])
    }

    @Test func acknowledgedFindingsKeepTheirPeriodsOutOfTheirSeriesBaseline() {
        let provider = SeriesKey(["provider": "openai"])
        let acked = MultiSeriesDetection.run(
            SpendSpikeDetector(), leaves: Self.leaves(), groupBy: ["provider"], now: nil,
            acknowledged: [provider: [Synthetic.day(100)...Synthetic.day(100)]])
        // Still found (same id), so the planner can stay quiet about it.
        #expect(acked.map(\.key) == [provider])
    }
}
