import Foundation
import Testing

/// `Pipelines/gcp-billing.toml` run by the built binary against the real ClickHouse: the sample's billing export
/// (JSON Lines and CSV) lands with the totals its generator computed, and a re-run replaces rather than adds.
@Suite(.serialized) struct GCPEndToEndTests {
    static let monthly = """
        SELECT provider, toString(toYYYYMM(billing_period_start)) AS m, count(), toString(sum(billed_cost))
        FROM %@.spend GROUP BY provider, m
        """

    @Test func theSampleExportLoadsItsExpectedTotalsOnceHoweverOftenItRuns() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_gcp")
        let work = try TempDir()
        defer { work.cleanup() }
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db]
        let pipeline = packageRoot.appendingPathComponent("Pipelines/gcp-billing.toml").path
        let expected = try SampleTotalsFile.lines(table: "spend", providers: ["gcp"])
        #expect(expected.count == 3)

        let first = try await runTributary(
            ["run", pipeline, "--no-progress", "--log-format", "json"], environment: env, in: work.url)
        #expect(first.status == 0, "\(first.stderr)\n\(first.stdout)")
        #expect(first.stdout.contains("\"rows_rejected\":0"))
        #expect(!first.stdout.contains("\"reconciled\":false"))
        let query = Self.monthly.replacingOccurrences(of: "%@", with: db)
        #expect(try await SampleTotalsFile.landed(query) == expected)

        // February's credits are rows of their own; Gemini SKUs carry their model; the March correction of a
        // February line is a Correction.
        let credits = try await TestClickHouse.query(
            """
            SELECT count(), toString(sum(billed_cost)) FROM \(db).spend
            WHERE charge_category = 'Credit' AND billing_period_start = toDate('2025-02-01') FORMAT TSV
            """)
        #expect(credits == "446\t-1956.964881000000\n")
        let models = try await TestClickHouse.query(
            "SELECT DISTINCT x_model FROM \(db).spend WHERE service_name = 'Vertex AI' ORDER BY x_model FORMAT TSV")
        #expect(models == "gemini-2.0-flash\ngemini-2.5-pro\n")
        let corrections = try await TestClickHouse.query(
            """
            SELECT charge_category, toString(billed_cost), toString(charge_period_start) FROM \(db).spend
            WHERE charge_class = 'Correction' FORMAT TSV
            """)
        #expect(corrections == "Adjustment\t-5.415375000000\t2025-02-12 08:00:00\n")

        // Read everything again: each invoice month's partition is replaced, nothing is counted twice.
        let again = try await runTributary(
            ["run", pipeline, "--no-progress", "--full-refresh"], environment: env, in: work.url)
        #expect(again.status == 0, "\(again.stderr)\n\(again.stdout)")
        #expect(try await SampleTotalsFile.landed(query) == expected)
    }
}
