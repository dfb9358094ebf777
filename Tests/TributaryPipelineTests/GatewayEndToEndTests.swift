import Foundation
import Testing

/// `Pipelines/gateway-logs.toml` run by the built binary against the real ClickHouse: the three gateways' logs
/// land one row per request with the totals their generator computed (per flavor: requests, tokens), the
/// request logged twice is kept once, the planted bad lines are rejects, and a re-run adds nothing.
@Suite(.serialized) struct GatewayEndToEndTests {
    @Test func theSampleLogsLoadOneRowPerRequestHoweverOftenTheyRun() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_gateway")
        let work = try TempDir()
        defer { work.cleanup() }
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db]
        let pipeline = packageRoot.appendingPathComponent("Pipelines/gateway-logs.toml").path
        let expected = try SampleTotalsFile.lines(table: "llm_usage", providers: ["litellm", "helicone", "langfuse"])
        #expect(expected.count == 3)
        // The flavor is the sample's folder; FINAL collapses rows of one request id.
        let query = """
            SELECT extract(x_source_file, 'gateway/([a-z]+)/') AS flavor, toString(toYYYYMM(period_start)) AS m,
                   count(), toString(sum(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens))
            FROM \(db).llm_usage FINAL GROUP BY flavor, m
            """

        let first = try await runTributary(
            ["run", pipeline, "--no-progress", "--log-format", "json"], environment: env, in: work.url)
        #expect(first.status == 0, "\(first.stderr)\n\(first.stdout)")
        #expect(first.stdout.contains("\"rows_read\":2246"))
        #expect(first.stdout.contains("\"rows_rejected\":2"))
        #expect(!first.stdout.contains("\"reconciled\":false"))
        #expect(try await SampleTotalsFile.landed(query) == expected)

        // The request LiteLLM logged twice was loaded twice and is one row for a reader.
        let duplicate = try await TestClickHouse.query(
            """
            SELECT count(), uniqExact(x_request_id) FROM \(db).llm_usage FINAL
            WHERE x_request_id = 'chatcmpl-2e7df2cf-eb92-4d58-aaf8-9f5326be09ce' FORMAT TSV
            """)
        #expect(duplicate == "1\t1\n")
        let statuses = try await TestClickHouse.query(
            """
            SELECT provider, countIf(status_code = 429), countIf(isNull(status_code)), toString(sum(x_logged_cost))
            FROM \(db).llm_usage FINAL GROUP BY provider ORDER BY provider FORMAT TSV
            """)
        #expect(statuses.hasPrefix("anthropic\t10\t273\t"))

        let rejectsDir = work.url.appendingPathComponent(".tributary/rejects/gateway-logs")
        let files = try FileManager.default.contentsOfDirectory(atPath: rejectsDir.path)
        let rejects = try String(
            contentsOf: rejectsDir.appendingPathComponent(try #require(files.first)), encoding: .utf8)
        #expect(rejects.contains("\"line\":702,\"field\":null,\"reason\":\"not valid JSON"))
        #expect(rejects.contains("\"line\":335,\"field\":\"completion_tokens\""))

        // Read everything again: the rows are appended again, and collapse with the first run's.
        let again = try await runTributary(
            ["run", pipeline, "--no-progress", "--full-refresh"], environment: env, in: work.url)
        #expect(again.status == 0, "\(again.stderr)\n\(again.stdout)")
        #expect(try await SampleTotalsFile.landed(query) == expected)
    }
}
