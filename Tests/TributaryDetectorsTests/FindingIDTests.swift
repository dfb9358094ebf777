import Testing
import TributaryCore

@testable import TributaryDetectors

struct FindingIDTests {
    static let key = SeriesKey(["provider": "openai", "model": "gpt-4.1"])

    @Test func isTheSameOnEveryRunAndMachine() {
        let id = FindingID(detector: "spend_spike", series: "spend", key: Self.key, onset: 1_741_046_400)
        // Pinned: a change of algorithm would orphan every stored finding and re-send their alerts.
        #expect(id.hex == FindingID(detector: "spend_spike", series: "spend", key: Self.key, onset: 1_741_046_400).hex)
        #expect(id.hex.count == 32)
        #expect(id.hex == "12dfa3d61b41b0e92d1b28309e01a97b")
        #expect(FindingID(hex: id.hex) == id)
        #expect(FindingID(hex: "not hex") == nil)
    }

    @Test func everyPartChangesIt() {
        let base = FindingID(detector: "spend_spike", series: "spend", key: Self.key, onset: 0)
        let others = [
            FindingID(detector: "level_shift", series: "spend", key: Self.key, onset: 0),
            FindingID(detector: "spend_spike", series: "spend2", key: Self.key, onset: 0),
            FindingID(detector: "spend_spike", series: "spend", key: SeriesKey(["provider": "openai"]), onset: 0),
            FindingID(detector: "spend_spike", series: "spend", key: Self.key, onset: 86400),
            // Fields are delimited: moving a character between neighbours changes the id.
            FindingID(detector: "spend_spik", series: "espend", key: Self.key, onset: 0),
        ]
        for o in others { #expect(o != base) }
    }

    @Test func aRerunWithMoreDataKeepsTheIdOfAnEvent() throws {
        let d = SpendSpikeDetector()
        let s = Synthetic.daily(days: 130, seed: 21) { day, v in (100...101).contains(day) ? v * 3 : v }
        let early = try #require(d.analyze([s.prefix(101)], now: nil).events.first)
        let later = try #require(d.analyze([s], now: nil).events.first)
        #expect(early.id == later.id)
        #expect(early.isOngoing && !later.isOngoing)
    }
}
