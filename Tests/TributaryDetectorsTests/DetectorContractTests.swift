import Testing
import TributaryCore

@testable import TributaryDetectors

/// What every detector promises (see `Detector`): scores in [0, 1], ≥ 0.5 exactly at alerting periods, so an event
/// starts at a score ≥ 0.5 and clean series stay below; and causality: appending points never changes a score.
struct DetectorContractTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var detector: @Sendable () -> any Detector
        var planted: @Sendable () -> [Series]
        var clean: @Sendable () -> [Series]
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "spend_spike", detector: { SpendSpikeDetector() },
            planted: {
                [
                    Synthetic.daily(days: 150, weekly: Synthetic.weekdayHeavy, seed: 31) { d, v in
                        d == 90 || (120...122).contains(d) ? v * 2.5 : v
                    }
                ]
            },
            clean: { (1...20).map { Synthetic.daily(days: 365, weekly: Synthetic.weekdayHeavy, seed: $0) } })
    ]

    @Test(arguments: cases)
    func eventsStartWhereTheScoreReachesOneHalf(_ c: Case) throws {
        let detector = c.detector()
        let series = c.planted()
        let r = detector.analyze(series, now: nil)
        try #require(!r.events.isEmpty)
        for e in r.events {
            let s = try #require(
                series.firstIndex { $0.key == e.key || e.key.belongs(to: $0.key) || $0.key.belongs(to: e.key) })
            let i = try #require(series[s].timestamps.firstIndex(of: e.start))
            #expect(r.scores[s][i] >= 0.5, "\(e.explanation)")
        }
        for scores in r.scores { #expect(scores.allSatisfy { $0 >= 0 && $0 <= 1 }) }
    }

    @Test(arguments: cases)
    func cleanSeriesStayBelowOneHalf(_ c: Case) {
        let r = c.detector().analyze(c.clean(), now: nil)
        #expect(r.events.isEmpty, "\(r.events.map(\.explanation))")
        #expect(r.scores.allSatisfy { $0.allSatisfy { $0 < 0.5 } })
    }

    @Test(arguments: cases)
    func appendingPointsNeverChangesEarlierScores(_ c: Case) {
        let detector = c.detector()
        let series = c.planted()
        let full = detector.analyze(series, now: nil).scores
        let times = Set(series.flatMap(\.timestamps)).sorted()
        for cut in stride(from: 5, to: times.count, by: max(1, times.count / 9)) {
            let prefixes = series.map { s in s.prefix(s.timestamps.firstIndex { $0 >= times[cut] } ?? s.count) }
            let early = detector.analyze(prefixes, now: nil).scores
            for (k, scores) in early.enumerated() {
                #expect(scores == Array(full[k].prefix(scores.count)), "cut before \(times[cut])")
            }
        }
    }
}
