import Testing
import TributaryCore

@testable import TributaryDetectors

struct BudgetDetectorTests {
    /// March 2025 at exactly $100 a day, $200 from the 15th.
    static func march(key: SeriesKey = .total) -> Series {
        let start = CivilTime.days(year: 2025, month: 3, day: 1) * 86400
        return Series(
            name: "spend", key: key, granularity: .day, unit: .money(currency: "USD"),
            timestamps: (0..<31).map { start + Int64($0) * 86400 },
            values: (0..<31).map { ExactDecimal($0 >= 14 ? 200 : 100) })
    }

    static func day(_ n: Int) -> Int64 { CivilTime.days(year: 2025, month: 3, day: Int64(n)) * 86400 }

    @Test func theForecastAlertsBeforeTheMonthToDateDoes() throws {
        let d = try BudgetDetector(.init(options: DetectorOptions(["budget": "4000"])))
        let r = d.analyze([Self.march()], now: nil)
        let e = try #require(r.events.first)
        #expect(r.events.count == 1)
        // $100 a day forecasts $3,100; from the 15th the run rate climbs, and on the 18th the median of the last
        // seven days is $200: $1,800 + 13 × $200 = $4,400.
        #expect(e.onset == Self.day(18))
        #expect(r.scores[0][16] < 0.5 && r.scores[0][17] >= 0.5)
        // The month-to-date reaches $4,000 on the 27th ($1,400 + 13 × $200) and ends at $4,800.
        #expect(e.severity == .critical && e.isOngoing && e.lastSeen == Self.day(31))
        #expect(r.scores[0][26] >= 0.5)
        guard case .budget(let budget, let mtd, _, _, let hard) = e.detail else {
            Issue.record("not a budget: \(e.detail)")
            return
        }
        #expect(budget == ExactDecimal(4000) && mtd == ExactDecimal(4800) && hard)
        #expect(
            e.explanation.hasPrefix("total: month-to-date $4,800.00 exceeds the $4,000.00 budget for 2025-03 (120 %)"))
    }

    @Test func theMostSpecificBudgetApplies() throws {
        let d = try BudgetDetector(
            .init(options: DetectorOptions(["budget": "100000", "budget[provider=openai]": "3000"])))
        let openai = Self.march(key: SeriesKey(["provider": "openai", "model": "gpt-4.1"]))
        let other = Self.march(key: SeriesKey(["provider": "anthropic", "model": "claude"]))
        let events = d.analyze([openai, other], now: nil).events
        #expect(!events.isEmpty && events.allSatisfy { $0.key == openai.key })
    }

    @Test func aBudgetIsRequired() {
        #expect(
            throws: DetectorOptionError.missing(
                detector: "budget", key: "budget", why: "give budget = AMOUNT or budget[name=value] = AMOUNT")
        ) {
            try BudgetDetector.Configuration(options: DetectorOptions())
        }
    }

    @Test func aMonthUnderBudgetIsQuiet() throws {
        let d = try BudgetDetector(.init(options: DetectorOptions(["budget": "10000"])))
        let r = d.analyze([Self.march()], now: nil)
        #expect(r.events.isEmpty && r.scores[0].allSatisfy { $0 < 0.5 })
    }
}
