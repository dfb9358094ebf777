import Testing
import TributaryCore

@testable import TributaryPipeline

struct RejectBudgetTests {
    @Test func countFailsAsSoonAsPassed() {
        let b = RejectBudget.count(2)
        #expect(!b.isExceeded(rejected: 2, read: 3, final: false))
        #expect(b.isExceeded(rejected: 3, read: 3, final: false))
    }

    @Test func ratioIsJudgedOnTheWholeRun() {
        let b = RejectBudget.ratio(0.01)
        #expect(!b.isExceeded(rejected: 5, read: 10, final: false), "a ratio waits for the denominator")
        #expect(b.isExceeded(rejected: 5, read: 10, final: true))
        #expect(!b.isExceeded(rejected: 1, read: 100, final: true))
        #expect(!b.isExceeded(rejected: 0, read: 0, final: true))
        #expect(!RejectBudget.unlimited.isExceeded(rejected: 1_000_000, read: 1, final: true))
    }

    @Test func percentagesAndRatiosParseFromThePipelineFile() throws {
        for (text, expected) in [("\"2%\"", RejectBudget.ratio(0.02)), ("0.5", .ratio(0.5)), ("7", .count(7))] {
            let file = validPipeline.replacingOccurrences(of: "max_rejects = 5", with: "max_rejects = \(text)")
            #expect(try compile(file).get().settings.maxRejects == expected)
        }
        let bad = validPipeline.replacingOccurrences(of: "max_rejects = 5", with: "max_rejects = \"lots\"")
        #expect(throws: PipelineFileError.self) { try compile(bad).get() }
    }
}

struct FileLedgerTests {
    @Test func reconcilesOnlyWhenRowsAndEveryAmountBalance() {
        var l = FileLedger(file: "f.csv", moneyColumns: 2)
        l.rowsRead = 10
        l.rowsSent = 7
        l.rowsFiltered = 2
        l.rowsRejected = 1
        let usd = MoneyKey(column: 0, currency: "USD")
        let eur = MoneyKey(column: 0, currency: "EUR")
        let credits = MoneyKey(column: 1, currency: "USD")
        l.add([usd: 1_000, eur: 70, credits: -50], to: \.read)
        l.add([usd: 900, eur: 70, credits: -50], to: \.sent)
        l.add([usd: 100], to: \.rejected)
        #expect(l.reconciles)
        l.add([usd: -1], to: \.rejected)
        #expect(!l.reconciles, "one unit of 10^-12 missing is a mismatch")
        l.add([usd: 1], to: \.rejected)
        #expect(l.reconciles)
        // A euro can't pay for a dollar: the same units in another currency do not balance the books.
        l.add([eur: 1, usd: -1], to: \.sent)
        #expect(!l.reconciles)
        l.add([eur: -1, usd: 1], to: \.sent)
        l.rowsFiltered = 1
        #expect(!l.reconciles)
    }
}

struct RunSummaryTests {
    @Test func rendersMoneyExactlyAndFlagsBrokenBooks() {
        var good = FileLedger(file: "a.csv", moneyColumns: 1)
        good.rowsRead = 2
        good.rowsSent = 2
        good.add([MoneyKey(column: 0, currency: "USD"): 1_230_000_000_001], to: \.read)
        good.add([MoneyKey(column: 0, currency: "USD"): 1_230_000_000_001], to: \.sent)
        var bad = FileLedger(file: "b.csv", moneyColumns: 1)
        bad.rowsRead = 1
        let summary = RunSummary(
            runID: "r1", pipeline: "p", status: .succeeded, startedAt: 0, seconds: 1, moneyColumns: ["cost"],
            files: [good, bad], rowsLoaded: 2, inserts: 1, bytesSent: 10, destination: "clickhouse db.t",
            rejectsPath: nil, rejectsWritten: 0, error: nil)
        let text = summary.render()
        #expect(text.contains("1.230000000001"), "all twelve places when they matter")
        #expect(text.contains("  cost USD  "), "\(text)")
        #expect(text.contains("✗ does not reconcile"))
        let json = summary.json()
        #expect(json.contains("\"currency\":\"USD\",\"read\":1.230000000001,"), "\(json)")
        #expect(json.contains("\"reconciled\":false"))
    }
}
