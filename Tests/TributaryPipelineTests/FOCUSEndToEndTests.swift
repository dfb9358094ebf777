import Foundation
import Testing

/// `Pipelines/focus.toml` run by the built binary against the real ClickHouse: MongoDB Atlas's FOCUS export lands
/// with the totals its generator computed, and a re-run replaces rather than adds.
@Suite(.serialized) struct FOCUSEndToEndTests {
    @Test func theSampleExportLoadsItsExpectedTotalsOnceHoweverOftenItRuns() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_focus")
        let work = try TempDir()
        defer { work.cleanup() }
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db]
        let pipeline = packageRoot.appendingPathComponent("Pipelines/focus.toml").path
        let expected = try SampleTotalsFile.lines(table: "spend", providers: ["mongodb"])
        #expect(expected.count == 3)
        let query = """
            SELECT provider, toString(toYYYYMM(billing_period_start)) AS m, count(), toString(sum(billed_cost))
            FROM \(db).spend GROUP BY provider, m
            """

        let first = try await runTributary(
            ["run", pipeline, "--no-progress", "--log-format", "json"], environment: env, in: work.url)
        #expect(first.status == 0, "\(first.stderr)\n\(first.stdout)")
        #expect(first.stdout.contains("\"rows_rejected\":0"))
        #expect(!first.stdout.contains("\"reconciled\":false"))
        #expect(try await SampleTotalsFile.landed(query) == expected)

        let details = try await TestClickHouse.query(
            """
            SELECT toString(billing_period_start) AS b, x_data_status, countIf(charge_category = 'Credit'),
                   toString(sumIf(billed_cost, charge_category = 'Credit')), countIf(has(tags.key, 'cluster'))
            FROM \(db).spend GROUP BY b, x_data_status ORDER BY b FORMAT TSV
            """)
        #expect(
            details == """
                2025-01-01\tfinal\t0\t0.000000000000\t155
                2025-02-01\tfinal\t1\t-150.000000000000\t140
                2025-03-01\testimated\t0\t0.000000000000\t155

                """)

        let again = try await runTributary(
            ["run", pipeline, "--no-progress", "--full-refresh"], environment: env, in: work.url)
        #expect(again.status == 0, "\(again.stderr)\n\(again.stdout)")
        #expect(try await SampleTotalsFile.landed(query) == expected)
    }
}
