import Foundation
import Testing

/// `Pipelines/openai-costs.toml` and `openai-usage.toml` on the sample pages, and live pulls of both sources
/// against the loopback server, by the built binary into the real ClickHouse.
@Suite(.serialized) struct OpenAIEndToEndTests {
    @Test func samplePipelinesLoadTheExpectedTotalsAndReRunsDoNotDouble() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_openai")
        let work = try TempDir()
        defer { work.cleanup() }
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db]
        func run(_ name: String, _ extra: [String] = []) async throws -> CommandResult {
            try await runTributary(
                [
                    "run", packageRoot.appendingPathComponent("Pipelines/\(name).toml").path, "--no-progress",
                    "--log-format", "json",
                ] + extra, environment: env, in: work.url)
        }
        let spend = try ExpectedTotals.load(table: "spend", provider: "openai")
        let usage = try ExpectedTotals.load(table: "llm_usage", provider: "openai")
        #expect(spend.lines.map(\.month) == ["2025-01", "2025-02", "2025-03"])
        #expect(usage.lines.map(\.month) == ["2025-01", "2025-02", "2025-03"])
        for name in ["openai-costs", "openai-usage"] {
            let result = try await run(name)
            #expect(result.status == 0, "\(name): \(result.stderr)\n\(result.stdout)")
            #expect(result.stdout.contains("\"status\":\"succeeded\""))
            #expect(!result.stdout.contains("\"reconciled\":false"))
            #expect(result.stdout.contains("\"rows_rejected\":0"))
        }
        #expect(try await ExpectedTotals.spend(db, provider: "openai") == spend)
        #expect(try await ExpectedTotals.usage(db, provider: "openai") == usage)

        // Again: nothing new to read. Then a full refresh: every page again, and still the same totals.
        for name in ["openai-costs", "openai-usage"] {
            let again = try await run(name)
            #expect(again.status == 0 && again.stdout.contains("\"rows_read\":0"), "\(again.stdout)")
            let full = try await run(name, ["--full-refresh"])
            #expect(full.status == 0, "\(full.stderr)\n\(full.stdout)")
        }
        #expect(try await ExpectedTotals.spend(db, provider: "openai") == spend)
        #expect(try await ExpectedTotals.usage(db, provider: "openai") == usage)

        // The schema change: January (old schema) and March (current) both load uncached input.
        let uncached = try await TestClickHouse.query(
            """
            SELECT toString(period_start), input_tokens, cached_input_tokens FROM \(db).llm_usage FINAL
            WHERE provider = 'openai' AND model = 'gpt-4.1' AND sub_account_id = 'proj_websearch01'
              AND toDate(period_start) IN ('2025-01-01', '2025-03-03') ORDER BY period_start FORMAT TSV
            """)
        #expect(uncached == "2025-01-01 00:00:00\t5890950\t3172050\n2025-03-03 00:00:00\t37039275\t19944225\n")
    }

    @Test(arguments: [AdminAPIScenario.Source.openAICosts, .openAIUsage])
    func livePullPagesToTheEndAndResumesFromTheWatermark(_ source: AdminAPIScenario.Source) async throws {
        try await AdminAPILiveChecks.pagesToTheEndThenResumesFromTheWatermark(source)
    }

    @Test func aRefusedKeyExits1WithoutPrintingIt() async throws {
        try await AdminAPILiveChecks.aRefusedKeyExits1WithoutPrintingIt(.openAICosts)
    }

    @Test func aRateLimitIsWaitedOutAsTheServerSays() async throws {
        try await AdminAPILiveChecks.aRateLimitIsWaitedOutAsTheServerSays(.openAICosts)
    }

    @Test func aServerErrorIsRetried() async throws {
        try await AdminAPILiveChecks.aServerErrorIsRetried(.openAIUsage)
    }

    @Test func aServerErrorThatNeverEndsExits75() async throws {
        try await AdminAPILiveChecks.aServerErrorThatNeverEndsExits75(.openAICosts)
    }
}
