import Foundation
import Testing

/// `Pipelines/anthropic-costs.toml` and `anthropic-usage.toml` on the sample pages, and live pulls of both sources
/// against the loopback server, by the built binary into the real ClickHouse.
@Suite(.serialized) struct AnthropicEndToEndTests {
    @Test func samplePipelinesLoadTheExpectedTotalsAndReRunsDoNotDouble() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_anthropic")
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
        let spend = try ExpectedTotals.load(table: "spend", provider: "anthropic")
        let usage = try ExpectedTotals.load(table: "llm_usage", provider: "anthropic")
        #expect(spend.lines.map(\.month) == ["2025-01", "2025-02", "2025-03"])
        #expect(usage.lines.map(\.month) == ["2025-01", "2025-02", "2025-03"])
        for name in ["anthropic-costs", "anthropic-usage"] {
            let result = try await run(name)
            #expect(result.status == 0, "\(name): \(result.stderr)\n\(result.stdout)")
            #expect(result.stdout.contains("\"status\":\"succeeded\""))
            #expect(!result.stdout.contains("\"reconciled\":false"))
            #expect(result.stdout.contains("\"rows_rejected\":0"))
        }
        #expect(try await ExpectedTotals.spend(db, provider: "anthropic") == spend)
        #expect(try await ExpectedTotals.usage(db, provider: "anthropic") == usage)

        // Again: nothing new to read. Then a full refresh: every page again, and still the same totals.
        for name in ["anthropic-costs", "anthropic-usage"] {
            let again = try await run(name)
            #expect(again.status == 0 && again.stdout.contains("\"rows_read\":0"), "\(again.stdout)")
            let full = try await run(name, ["--full-refresh"])
            #expect(full.status == 0, "\(full.stderr)\n\(full.stdout)")
        }
        #expect(try await ExpectedTotals.spend(db, provider: "anthropic") == spend)
        #expect(try await ExpectedTotals.usage(db, provider: "anthropic") == usage)
    }

    @Test(arguments: [AdminAPIScenario.Source.anthropicCosts, .anthropicUsage])
    func livePullPagesToTheEndAndResumesFromTheWatermark(_ source: AdminAPIScenario.Source) async throws {
        try await AdminAPILiveChecks.pagesToTheEndThenResumesFromTheWatermark(source)
    }

    @Test func aRefusedKeyExits1WithoutPrintingIt() async throws {
        try await AdminAPILiveChecks.aRefusedKeyExits1WithoutPrintingIt(.anthropicUsage)
    }

    @Test func aRateLimitIsWaitedOutAsTheServerSays() async throws {
        try await AdminAPILiveChecks.aRateLimitIsWaitedOutAsTheServerSays(.anthropicUsage)
    }

    @Test func aServerErrorIsRetried() async throws {
        try await AdminAPILiveChecks.aServerErrorIsRetried(.anthropicCosts)
    }

    @Test func aServerErrorThatNeverEndsExits75() async throws {
        try await AdminAPILiveChecks.aServerErrorThatNeverEndsExits75(.anthropicUsage)
    }
}
