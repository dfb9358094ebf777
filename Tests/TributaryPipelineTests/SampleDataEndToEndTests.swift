import Foundation
import Testing

/// Every spend and usage pipeline of the sample, into one database, as `make demo` loads them: the `spend` totals
/// per provider and month equal those the generator computed while writing the files (SampleData/expected/
/// totals.csv, independent of Tributary), every file reconciles, and each dashboard view answers what a direct
/// query of the tables says.
@Suite(.serialized) struct SampleDataEndToEndTests {
    static let pipelines = [
        "aws-cur", "azure-cost", "gcp-billing", "focus", "openai-costs", "anthropic-costs", "openai-usage",
        "anthropic-usage", "gateway-logs",
    ]

    /// `provider \t YYYYMM \t rows \t amount` for the `spend` rows of totals.csv, sorted.
    static func expectedSpend() throws -> [String] {
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent("SampleData/expected/totals.csv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, f[0] == "spend" else { return nil }
            return "\(f[1])\t\(f[2].replacingOccurrences(of: "-", with: ""))\t\(f[4])\t\(trimmed(f[5]))"
        }.sorted()
    }

    static func trimmed(_ amount: String) -> String {
        var a = amount
        if a.contains(".") {
            while a.hasSuffix("0") { a.removeLast() }
            if a.hasSuffix(".") { a.removeLast() }
        }
        return a
    }

    static func rows(_ tsv: String) -> [String] {
        tsv.split(separator: "\n").map { line in
            var f = line.split(separator: "\t").map(String.init)
            if let last = f.last { f[f.count - 1] = trimmed(last) }
            return f.joined(separator: "\t")
        }.sorted()
    }

    @Test func theSampleLoadsToTheGeneratorsTotalsAndTheViewsAgree() async throws {
        let db = TestClickHouse.scratchDatabase("sample_all")
        let work = try TempDir()
        defer { work.cleanup() }
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db]
        for name in Self.pipelines {
            let path = packageRoot.appendingPathComponent("Pipelines/\(name).toml").path
            let r = try await runTributary(["run", path, "--log-format", "json"], environment: env, in: work.url)
            #expect(r.status == 0, "\(name): \(r.stderr.suffix(2000))")
            #expect(!r.stdout.contains("\"reconciled\":false"), "\(name) does not reconcile: \(r.stdout.prefix(2000))")
        }
        let spend = try await TestClickHouse.query(
            """
            SELECT provider, toYYYYMM(billing_period_start) AS m, count(), toString(sum(billed_cost))
            FROM \(db).spend GROUP BY provider, m FORMAT TSV
            """)
        let expected = try Self.expectedSpend()
        #expect(expected.count >= 18, "every spend provider has its three months in totals.csv")
        #expect(Self.rows(spend) == expected)

        // spend_daily: the same money, day by day.
        let daily = try await TestClickHouse.query(
            "SELECT provider, toString(sum(billed_cost)) FROM \(db).spend_daily GROUP BY provider FORMAT TSV")
        let direct = try await TestClickHouse.query(
            "SELECT provider, toString(sum(billed_cost)) FROM \(db).spend GROUP BY provider FORMAT TSV")
        #expect(Self.rows(daily) == Self.rows(direct))

        // spend_month_to_date: as of the last day loaded (2025-03-31), March against February.
        let mtd = try await TestClickHouse.query(
            """
            SELECT provider, toString(as_of), toString(month_to_date), toString(last_month)
            FROM \(db).spend_month_to_date FORMAT TSV
            """)
        let byHand = try await TestClickHouse.query(
            """
            SELECT provider, '2025-03-31',
                   toString(sumIf(billed_cost, toDate(charge_period_start) >= toDate('2025-03-01'))),
                   toString(sumIf(billed_cost, toDate(charge_period_start) >= toDate('2025-02-01')
                       AND toDate(charge_period_start) < toDate('2025-03-01')))
            FROM \(db).spend WHERE toDate(charge_period_start) <= toDate('2025-03-31') GROUP BY provider FORMAT TSV
            """)
        #expect(Self.rows(mtd) == Self.rows(byHand))
        #expect(Self.rows(mtd).count == 6)

        // llm_cost_by_model: OpenAI's usage priced by the catalog comes within 1 % of what OpenAI billed, model by
        // model (the catalog holds the prices the sample bills at; the bill rounds each line to 6 places).
        let models = try await TestClickHouse.query(
            """
            SELECT model, toString(estimated_cost), toString(billed_cost) FROM \(db).llm_cost_by_model
            WHERE month = '2025-03-01' AND provider = 'openai' AND usage_source = 'openai-usage' FORMAT TSV
            """)
        let lines = models.split(separator: "\n")
        #expect(lines.count == 4, "\(models)")
        for line in lines {
            let f = line.split(separator: "\t")
            guard f.count == 3, let estimated = Double(f[1]), let billed = Double(f[2]), billed > 0 else {
                Issue.record("unreadable row \(line)")
                continue
            }
            #expect(abs(estimated - billed) / billed < 0.01, "\(line)")
        }
        let billedByHand = try await TestClickHouse.query(
            """
            SELECT toString(sum(billed_cost)) FROM \(db).spend
            WHERE provider = 'openai' AND x_model = 'gpt-4.1' AND toStartOfMonth(charge_period_start) = '2025-03-01'
            FORMAT TSV
            """)
        #expect(lines.contains { $0.hasPrefix("gpt-4.1\t") && $0.hasSuffix("\t" + billedByHand.trimmingCharacters(in: .whitespacesAndNewlines)) })
    }
}
