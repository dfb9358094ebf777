import Foundation
import Testing

/// The built `tributary` with `strategy = "replace_partition"`: running the same input twice replaces the months
/// instead of appending them.
@Suite(.serialized) struct ReplacePartitionEndToEndTests {
    @Test func runningTwiceReplacesTheMonths() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_replace")
        let work = try TempDir()
        defer { work.cleanup() }
        // The sample pipeline with the strategy added; absolute paths, since the copy lives elsewhere.
        let original = try String(
            contentsOf: packageRoot.appendingPathComponent("Pipelines/usage-csv.toml"), encoding: .utf8)
        let sampleData = packageRoot.appendingPathComponent("SampleData").path
        let text =
            original
            .replacingOccurrences(of: "\"../SampleData/", with: "\"\(sampleData)/")
            .replacingOccurrences(
                of: "partition_by = \"toYYYYMM(usage_date)\"",
                with: "partition_by = \"toYYYYMM(usage_date)\"\nstrategy = \"replace_partition\"")
        #expect(text.contains("strategy = \"replace_partition\""))
        let pipeline = work.url.appendingPathComponent("usage-replace.toml")
        try text.write(to: pipeline, atomically: true, encoding: .utf8)
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db]

        let expected = "202501\t295\n202502\t268\n202503\t298\n"
        let query =
            "SELECT toYYYYMM(usage_date) AS m, count() FROM \(db).llm_usage_daily GROUP BY m ORDER BY m FORMAT TSV"
        for run in 1...2 {
            let result = try runTributary(["run", pipeline.path], environment: env, in: work.url)
            #expect(result.status == 0, "run \(run): \(result.stderr)\n\(result.stdout)")
            #expect(try await TestClickHouse.query(query) == expected, "run \(run)")
        }
        let leftovers = try await TestClickHouse.query(
            "SELECT count() FROM system.tables WHERE database = '\(db)' AND name != 'llm_usage_daily' FORMAT TSV")
        #expect(leftovers == "0\n")
        try? await TestClickHouse.query("DROP DATABASE IF EXISTS \(db)")
    }
}
