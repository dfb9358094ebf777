import Foundation
import Testing

/// The sample usage pipeline (`strategy = "replace_partition"`) run twice: the months are replaced, not doubled.
@Suite(.serialized) struct ReplacePartitionEndToEndTests {
    @Test func runningTwiceReplacesTheMonths() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_replace")
        let work = try TempDir()
        defer { work.cleanup() }
        // The sample pipeline loads with `strategy = "replace_partition"`.
        let pipeline = packageRoot.appendingPathComponent("Pipelines/usage-csv.toml")
        let text = try String(contentsOf: pipeline, encoding: .utf8)
        #expect(text.contains("strategy = \"replace_partition\""))
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db]

        let expected = "202501\t295\n202502\t268\n202503\t298\n"
        let query =
            "SELECT toYYYYMM(usage_date) AS m, count() FROM \(db).llm_usage_daily GROUP BY m ORDER BY m FORMAT TSV"
        for run in 1...2 {
            let result = try await runTributary(["run", pipeline.path], environment: env, in: work.url)
            #expect(result.status == 0, "run \(run): \(result.stderr)\n\(result.stdout)")
            #expect(try await TestClickHouse.query(query) == expected, "run \(run)")
        }
        let leftovers = try await TestClickHouse.query(
            "SELECT count() FROM system.tables WHERE database = '\(db)' AND name NOT IN ('llm_usage_daily', '_tributary_runs', '_tributary_loads') FORMAT TSV"
        )
        #expect(leftovers == "0\n")
    }
}
