import Testing
import TributaryCore

@testable import TributaryDetectors

struct SpendSpikeDetectorTests {
    let detector = SpendSpikeDetector()

    /// 2025-01-06 … 2025-03-04: weekdays $130 ± $12, weekends $60 ± $12, the last four Tuesdays $120.00, $128.00,
    /// $128.20 and $140.00 (median $128.10), then $812.40 on Tuesday 2025-03-04.
    static func plantedSpike() -> Series {
        let jitter = ["-9.10", "8.40", "-6.20", "11.90", "0.30", "-12.20", "5.10"]
        var amounts: [String] = []
        for d in 0..<58 {
            let weekday = d % 7
            let base = weekday >= 5 ? ExactDecimal(60) : ExactDecimal(130)
            amounts.append((base.adding(Synthetic.decimal(jitter[(d * 3 + d / 7) % 7])) ?? base).description)
        }
        for (d, v) in [(29, "120.00"), (36, "128.00"), (43, "128.20"), (50, "140.00"), (57, "812.40")] {
            amounts[d] = v
        }
        let key = SeriesKey(["provider": "openai", "model": "gpt-4.1", "project": "web-search"])
        return Synthetic.exact(amounts, key: key)
    }

    @Test func explainsAPlantedSpikeWithItsNumbers() throws {
        let events = detector.analyze([Self.plantedSpike()], now: nil).events
        let e = try #require(events.first)
        #expect(events.count == 1)
        #expect(e.actual == Synthetic.decimal("812.40"))
        #expect(e.expected == Synthetic.decimal("128.10"))
        #expect(e.impact == Synthetic.decimal("684.30"))
        #expect(e.basis == .seasonal(peers: 4, season: 7))
        #expect(e.severity == .critical)
        #expect(e.isOngoing)
        let band = AmountFormatter.amount(e.band, .money(currency: "USD"))
        #expect(e.band > .zero && e.band < ExactDecimal(20))
        #expect(
            e.explanation
                == "openai · gpt-4.1 · project web-search: $812.40 on Tue 2025-03-04 against $128.10 expected "
                + "(median of the last 4 Tuesdays, ±\(band)); +534 %, impact +$684.30; started 2025-03-04, ongoing.")
    }

    @Test func judgesNothingBeforeTheMinimumHistory() {
        let s = Synthetic.exact(["100", "101", "99", "100", "102", "98", "100", "100", "5000", "100"])
        let r = detector.analyze([s], now: nil)
        #expect(r.events.isEmpty)
        #expect(r.scores[0].allSatisfy { $0 == 0 })
    }

    @Test func allZerosRaiseNothing() {
        let s = Synthetic.exact(Array(repeating: "0.00", count: 200))
        let r = detector.analyze([s], now: nil)
        #expect(r.events.isEmpty)
        #expect(r.scores[0].allSatisfy { $0 < 0.5 })
    }

    @Test func aSingleHugeOutlierIsOneEventAndDoesNotPoisonTheBaseline() throws {
        let s = Synthetic.daily(days: 140, seed: 7) { d, v in d == 100 ? v * 20 : (d == 107 ? v * 1.8 : v) }
        let events = detector.analyze([s], now: nil).events
        #expect(events.count == 2)
        let first = try #require(events.first)
        #expect(first.onset == Synthetic.day(100) && first.periods == 1)
        #expect(first.impact == (first.actual.subtracting(first.expected) ?? .zero))
        let second = try #require(events.last)
        #expect(second.onset == Synthetic.day(107))
        // The baseline of the second spike ignores the first one: still about $100.
        #expect(second.expected > ExactDecimal(90) && second.expected < ExactDecimal(110))
    }

    @Test func aGapInTheDataIsNotAnAnomaly() throws {
        var s = Synthetic.daily(days: 120, seed: 11) { d, v in d == 90 ? v * 2 : v }
        let keep = s.timestamps.indices.filter { !(60..<70).contains($0) }
        s = Series(
            name: s.name, key: s.key, granularity: .day, unit: s.unit, timestamps: keep.map { s.timestamps[$0] },
            values: keep.map { s.values[$0] })
        let events = detector.analyze([s], now: nil).events
        #expect(events.map(\.onset) == [Synthetic.day(90)])
    }

    @Test func aStepChangeBecomesTheNewNormal() throws {
        let s = Synthetic.daily(days: 160, seed: 5) { d, v in d >= 100 ? v * 1.6 : v }
        let events = detector.analyze([s], now: nil).events
        let e = try #require(events.first)
        #expect(events.count == 1)
        #expect(e.onset == Synthetic.day(100))
        #expect(e.closeReason == .adapted)
        #expect(e.explanation.contains("is now the baseline"))
    }

    @Test func aWeeklyPatternIsNotAnAnomalyButAnUnusualSaturdayIs() throws {
        let clean = Synthetic.daily(days: 200, weekly: Synthetic.weekdayHeavy, seed: 3)
        #expect(detector.analyze([clean], now: nil).events.isEmpty)
        // Day 103 is a Saturday: the usual weekday level is far above a usual Saturday.
        let busySaturday = Synthetic.daily(days: 120, weekly: Synthetic.weekdayHeavy, seed: 3) { d, v in
            d == 103 ? v * 2.3 : v
        }
        let events = detector.analyze([busySaturday], now: nil).events
        let e = try #require(events.first)
        #expect(events.count == 1 && e.onset == Synthetic.day(103))
        #expect(e.basis == .seasonal(peers: 4, season: 7))
        #expect(e.explanation.contains("median of the last 4 Saturdays"))
    }

    @Test func dropsAlertOnlyWhenAsked() throws {
        let s = Synthetic.daily(days: 130, seed: 9) { d, v in d == 100 ? v * 0.3 : v }
        #expect(detector.analyze([s], now: nil).events.isEmpty)
        let both = try SpendSpikeDetector(.init(options: DetectorOptions(["direction": "both"])))
        let events = both.analyze([s], now: nil).events
        #expect(events.count == 1)
        #expect(events.first?.sign == -1)
        #expect(events.first?.explanation.contains("impact -$") == true)
    }

    @Test(arguments: [
        (["min_impact": "100", "min_percent": "10", "gate": "and"], 0),
        (["min_impact": "100", "min_percent": "10", "gate": "or"], 1),
        (["min_impact": "50"], 1),
        (["min_percent": "80"], 0),
    ])
    func gatesCombineMoneyAndPercent(_ options: [String: String], _ expected: Int) throws {
        // A $60 (+60 %) spike on a $100 series with 3 % noise.
        let s = Synthetic.daily(days: 120, noise: 0.03, seed: 4) { d, v in d == 100 ? v + 60 : v }
        let d = try SpendSpikeDetector(.init(options: DetectorOptions(options)))
        #expect(d.analyze([s], now: nil).events.count == expected)
    }

    @Test func oneOffChargesAreSkippedUnlessIncluded() throws {
        var s = Synthetic.daily(days: 120, seed: 6)
        s.oneOff = Array(repeating: .zero, count: s.count)
        s.values[100] = s.values[100].adding(ExactDecimal(900)) ?? s.values[100]
        s.oneOff[100] = ExactDecimal(900)
        #expect(detector.analyze([s], now: nil).events.isEmpty)
        let including = try SpendSpikeDetector(.init(options: DetectorOptions(["include_one_off": "true"])))
        #expect(including.analyze([s], now: nil).events.map(\.onset) == [Synthetic.day(100)])
    }

    @Test func ignoresThePeriodsTheProviderHasNotFinished() {
        let s = Synthetic.daily(days: 101, seed: 8) { d, v in d == 100 ? v * 3 : v }
        // One hour after day 100 ended: within the default 48 hours, so it is not judged yet.
        #expect(detector.detect(s, now: Synthetic.day(101) + 3600).isEmpty)
        #expect(detector.detect(s, now: Synthetic.day(103) + 3600).map(\.onset) == [Synthetic.day(100)])
    }

    @Test func aLongerEventSumsItsImpact() throws {
        let s = Synthetic.daily(days: 120, noise: 0.02, seed: 12) { d, v in (100...102).contains(d) ? v * 2 : v }
        let r = detector.analyze([s], now: nil)
        let e = try #require(r.events.first)
        #expect(r.events.count == 1)
        #expect(e.periods == 3 && e.onset == Synthetic.day(100) && e.lastSeen == Synthetic.day(102))
        #expect(e.impact > ExactDecimal(270) && e.impact < ExactDecimal(330))
        #expect(e.explanation.contains("over 3 days"))
    }

    @Test func acknowledgedPeriodsStayOutOfTheBaseline() throws {
        // Twelve days at 1.5×: unacknowledged, they become the new normal after a week, so the return to the old
        // level on day 52 looks like a drop; acknowledged, the baseline never learns them.
        let s = Synthetic.daily(days: 70, noise: 0.02, seed: 13) { d, v in (40..<52).contains(d) ? v * 1.5 : v }
        let both = try SpendSpikeDetector(.init(options: DetectorOptions(["direction": "both"])))
        let plain = both.analyze([s], now: nil).events
        let acked = s.acknowledging([Synthetic.day(40)...Synthetic.day(51)])
        let quiet = both.analyze([acked], now: nil).events
        #expect(plain.contains { $0.sign < 0 && $0.onset == Synthetic.day(52) })
        #expect(!quiet.contains { $0.sign < 0 })
        // The acknowledged spike is still found, under the same id, so that its row is updated, not duplicated.
        #expect(quiet.first?.id == plain.first?.id)
    }
}
