import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Runs that meet other runs or a server that goes away, against real ClickHouse servers.
@Suite struct ConcurrentRunTests {
    /// Two runs of one pipeline started together: the second finds the first holding the lock and exits 75 at
    /// once, naming it; the first finishes, and the table holds one run's rows.
    @Test func twoRunsAtOnceOneRunsOneExits75() async throws {
        let s = try UsageScenario(.replacePartition, prefix: "concurrent")
        defer { Task { await s.cleanup() } }
        let hold = s.holding(at: "extract:1")
        let first = try s.start(environment: hold.environment)
        #expect(try await UsageScenario.waitFor(hold.file, of: first), "the first run never reached its first batch")
        let second = try await s.run()
        #expect(second.status == 75, "\(second.stderr)\n\(second.stdout)")
        #expect(second.stdout.contains("pid \(first.pid)"), "\(second.stdout)")
        try FileManager.default.removeItem(at: hold.file)
        let done = await first.wait()
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try await s.monthly() == IncrementalEndToEndTests.sampleMonths)
        let runs = try await TestClickHouse.query(
            "SELECT status, rows_loaded FROM \(s.database)._tributary_runs FINAL ORDER BY rows_loaded FORMAT TSV")
        #expect(runs == "succeeded\t861\n", "the refused run loaded nothing and is not a run: \(runs)")
    }

    /// ClickHouse restarted in the middle of a load (killed, as by a crash or the OOM killer, then started again):
    /// the run retries until the server is back (or gives up with 75, for cron to retry), and the next run leaves
    /// exactly one clean run's content.
    @Test(arguments: [UsageScenario.Strategy.replacePartition, .append])
    func clickHouseRestartedMidLoad(_ strategy: UsageScenario.Strategy) async throws {
        let server = try PrivateClickHouse()
        defer { server.stop() }
        let url = try server.start()
        let expected = try await CrashSafetyTests.cleanDump(strategy)
        let s = try UsageScenario(
            strategy, prefix: "restart", extraSink: "max_insert_rows = 100\nmax_retries = 8", url: url)
        defer { Task { await s.cleanup() } }
        let hold = s.holding(at: "mid_insert:2")
        let run = try s.start(environment: hold.environment)
        #expect(try await UsageScenario.waitFor(hold.file, of: run), "the run never reached its second insert")
        server.killServer()
        try FileManager.default.removeItem(at: hold.file)
        try await Task.sleep(for: .seconds(1))
        _ = try server.start()
        let interrupted = await run.wait()
        #expect([0, 75].contains(interrupted.status), "\(interrupted.stderr)\n\(interrupted.stdout)")
        let again = try await s.run()
        #expect(again.status == 0, "\(again.stderr)\n\(again.stdout)")
        #expect(try await server.query(s.dumpQuery) == expected)
    }
}

/// A ClickHouse server of the test's own (`scripts/clickhouse` with `TRIBUTARY_CLICKHOUSE_HOME`), which the test
/// may stop and start without disturbing the server every other test uses.
final class PrivateClickHouse: @unchecked Sendable {
    let home: TempDir
    private(set) var url = ""

    init() throws { home = try TempDir() }

    private func script(_ command: String) throws -> String {
        let p = Process()
        p.executableURL = packageRoot.appendingPathComponent("scripts/clickhouse")
        p.arguments = [command]
        var env = ProcessInfo.processInfo.environment
        env["TRIBUTARY_CLICKHOUSE_HOME"] = home.url.path
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TestSetupError("scripts/clickhouse \(command) failed") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts (again, on the same ports and data) and returns the URL.
    func start() throws -> String {
        url = try script("start")
        return url
    }

    func stopServer() { _ = try? script("stop") }

    func killServer() { _ = try? script("kill") }

    func stop() {
        killServer()
        home.cleanup()
    }

    func query(_ sql: String) async throws -> String {
        var request = URLRequest(url: URL(string: url) ?? URL(fileURLWithPath: "/"))
        request.httpMethod = "POST"
        request.httpBody = Data(sql.utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        return String(decoding: data, as: UTF8.self)
    }
}
