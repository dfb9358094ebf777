import Foundation
import Testing

/// Incremental runs against the real ClickHouse: unchanged inputs are skipped and said to be, a changed file
/// is reloaded and replaces its rows, and state that cannot be trusted stops the run.
@Suite struct IncrementalEndToEndTests {
    static let sampleMonths = "202501\t295\t819.49644\n202502\t268\t686.790799\n202503\t298\t802.222151\n"

    @Test(arguments: [UsageScenario.Strategy.replacePartition, .merge])
    func theSameInputRunTwiceLoadsNothingTheSecondTime(_ strategy: UsageScenario.Strategy) async throws {
        let s = try UsageScenario(strategy, prefix: "inc_twice")
        defer { Task { await s.cleanup() } }
        let first = try await s.run()
        #expect(first.status == 0, "\(first.stderr)\n\(first.stdout)")
        #expect(try await s.monthly() == Self.sampleMonths)
        let second = try await s.run()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("Nothing new: all 3 input file(s) are loaded and unchanged"), "\(second.stdout)")
        #expect(second.stderr.contains("skipping data/2025-01.csv: loaded and unchanged"))
        #expect(try await s.monthly() == Self.sampleMonths)
        let runs = try await TestClickHouse.query(
            "SELECT mode, status, rows_read, rows_loaded FROM \(s.database)._tributary_runs ORDER BY started_at, rows_read DESC FORMAT TSV")
        #expect(runs == "incremental\tsucceeded\t900\t861\nincremental\tsucceeded\t0\t0\n")
    }

    @Test func aChangedFileIsReloadedAndReplacesItsRows() async throws {
        let s = try UsageScenario(.replacePartition, prefix: "inc_changed")
        defer { Task { await s.cleanup() } }
        #expect(try await s.run().status == 0)
        // March restated: the header and the first ten data rows only, one cost changed.
        let march = try String(contentsOf: s.file("2025-03.csv"), encoding: .utf8)
        var lines = march.components(separatedBy: "\r\n").prefix(11).map { $0 }
        let fields = lines[1].components(separatedBy: ",")
        lines[1] = lines[1].replacingOccurrences(of: fields[fields.count - 2], with: "100.000001")
        try (lines.joined(separator: "\r\n") + "\r\n").write(to: s.file("2025-03.csv"), atomically: true, encoding: .utf8)

        let second = try await s.run()
        #expect(second.status == 0, "\(second.stderr)\n\(second.stdout)")
        #expect(second.stdout.contains("data/2025-03.csv"))
        #expect(!second.stdout.contains("data/2025-01.csv"), "unchanged files are not read: \(second.stdout)")
        #expect(second.stdout.contains("Skipped 2 input file(s)"))
        let marchRows = try await TestClickHouse.query(
            "SELECT count() FROM \(s.database).\(UsageScenario.table) WHERE toYYYYMM(usage_date) = 202503 FORMAT TSV")
        let sentMarch = second.stdout.split(separator: "\n").first { $0.hasPrefix("data/2025-03.csv") }
        #expect(sentMarch != nil)
        #expect(Int(marchRows.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 <= 10)
        let months = try await s.monthly()
        #expect(months.hasPrefix("202501\t295\t819.49644\n202502\t268\t686.790799\n202503\t"), "\(months)")
        #expect(!months.contains("802.222151"))
        // And run again: nothing new.
        #expect(try await s.run().stdout.contains("Nothing new"))
    }

    /// Two files feed January; when one changes, replacing January must rebuild it from both, and a file that no
    /// longer has rows for a month takes that month's old rows away.
    @Test func aChangedFileRereadsTheUnchangedFilesOfItsPartitions() async throws {
        let s = try UsageScenario(.replacePartition, prefix: "inc_widen", files: ["2025-01.csv", "2025-03.csv"])
        defer { Task { await s.cleanup() } }
        let header =
            "usage_date,provider,project_id,project_name,model,input_tokens,output_tokens,requests,cost_usd,currency\n"
        _ = try s.work.write("data/late-january.csv", header + "2025-01-31,openai,late,Late,gpt-4o,1,1,1,2.5,USD\n")
        let first = try await s.run()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try await s.monthly() == "202501\t296\t821.99644\n202503\t298\t802.222151\n")
        let state = try await s.run("state show").stdout
        #expect(state.contains("partitions 202501"), "\(state)")

        _ = try s.work.write("data/late-january.csv", header + "2025-01-31,openai,late,Late,gpt-4o,1,1,1,3.5,USD\n")
        let second = try await s.run()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("also reading 1 unchanged file(s) that feed partitions being replaced: data/2025-01.csv"), "\(second.stderr)")
        #expect(!second.stdout.contains("data/2025-03.csv"))
        #expect(try await s.monthly() == "202501\t296\t822.99644\n202503\t298\t802.222151\n")

        // Moved to March: January loses the row, March gains it.
        _ = try s.work.write("data/late-january.csv", header + "2025-03-31,openai,late,Late,gpt-4o,1,1,1,3.5,USD\n")
        #expect(try await s.run().status == 0)
        #expect(try await s.monthly() == "202501\t295\t819.49644\n202503\t299\t805.722151\n")
        let loads = try await TestClickHouse.query(
            "SELECT slice, rows FROM \(s.database)._tributary_loads FINAL WHERE kind = 'partition' ORDER BY slice, rows FORMAT TSV")
        // Every replaced partition, each run: January 296 twice then 295; March once at first, then 299.
        #expect(loads == "202501\t295\n202501\t296\n202501\t296\n202503\t298\n202503\t299\n", "\(loads)")
    }

    /// State that says the files are loaded into a table someone dropped is stale: the run reads everything.
    @Test func aDroppedTableIsReloadedNotTrustedToState() async throws {
        let s = try UsageScenario(.append, prefix: "inc_dropped")
        defer { Task { await s.cleanup() } }
        #expect(try await s.run().status == 0)
        try await TestClickHouse.query("DROP TABLE \(s.database).\(UsageScenario.table)")
        let again = try await s.run()
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("does not exist (dropped?): reading everything"), "\(again.stderr)")
        #expect(try await s.monthly() == Self.sampleMonths)
    }

    /// The database dropped and its table created again, empty (by another pipeline into the same table, say):
    /// the table is there, but nothing in it records this pipeline's loads, so its state is stale too.
    @Test func aRecreatedDatabaseIsReloadedNotTrustedToState() async throws {
        let s = try UsageScenario(.replacePartition, prefix: "inc_recreated")
        defer { Task { await s.cleanup() } }
        #expect(try await s.run().status == 0)
        let ddl = try await TestClickHouse.query(
            "SHOW CREATE TABLE \(s.database).\(UsageScenario.table) FORMAT TSVRaw")
        try await TestClickHouse.query("DROP DATABASE \(s.database)")
        try await TestClickHouse.query("CREATE DATABASE \(s.database)")
        try await TestClickHouse.query(ddl)
        let again = try await s.run()
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            again.stderr.contains("records no load of scenario into \(UsageScenario.table)"),
            "\(again.stderr)")
        #expect(try await s.monthly() == Self.sampleMonths)
        // And once reloaded, the state is trusted again.
        #expect(try await s.run().stdout.contains("Nothing new"))
    }

    @Test func aFullRefreshReadsEverythingAndReplacesWhatItCovers() async throws {
        let s = try UsageScenario(.replacePartition, prefix: "inc_full")
        defer { Task { await s.cleanup() } }
        #expect(try await s.run().status == 0)
        let full = try await s.run("run", ["--full-refresh"])
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stdout.contains("(full_refresh)"))
        #expect(full.stdout.contains("Loaded 861 rows"))
        #expect(try await s.monthly() == Self.sampleMonths)
    }

    @Test func aFileWithRowsInTheRestatementWindowIsReadEveryRun() async throws {
        let s = try UsageScenario(.replacePartition, prefix: "inc_restate", extraSource: "restate_window = \"2 months\"", files: ["2025-01.csv"])
        defer { Task { await s.cleanup() } }
        // A file with rows dated today: inside the window however often it is run.
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        _ = try s.work.write(
            "data/current.csv",
            "usage_date,provider,project_id,project_name,model,input_tokens,output_tokens,requests,cost_usd,currency\n"
                + "\(today),openai,p1,Proj,gpt-4o,10,20,1,1.25,USD\n")
        let first = try await s.run()
        #expect(first.status == 0, "\(first.stderr)\n\(first.stdout)")
        let second = try await s.run()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("data/current.csv"), "\(second.stdout)")
        #expect(!second.stdout.contains("data/2025-01.csv"))
        let rows = try await TestClickHouse.query(
            "SELECT count(), toInt64(sum(assumeNotNull(cost)) * 100) FROM \(s.database).\(UsageScenario.table) WHERE usage_date = today() FORMAT TSV")
        #expect(rows == "1\t125\n")
    }

    /// State in ClickHouse: another host (here, a copy of the pipeline in another folder, with no local state)
    /// sees what the first committed, damaged state is refused, and `state reset` is the way out.
    @Test func stateInClickHouseIsSharedByHosts() async throws {
        let s = try UsageScenario(.replacePartition, prefix: "inc_chstate", extraPipeline: "state = \"clickhouse\"")
        defer { Task { await s.cleanup() } }
        #expect(try await s.run().status == 0)
        #expect(!FileManager.default.fileExists(atPath: s.stateFile.path), "no local state file")
        let other = try TempDir()
        defer { other.cleanup() }
        try FileManager.default.copyItem(at: s.work.url.appendingPathComponent("data"), to: other.url.appendingPathComponent("data"))
        let pipeline = other.url.appendingPathComponent("pipeline.toml")
        try FileManager.default.copyItem(at: s.pipeline, to: pipeline)
        let elsewhere = try await runTributary(["run", pipeline.path, "--no-progress"], environment: s.environment, in: other.url)
        #expect(elsewhere.stdout.contains("Nothing new"), "\(elsewhere.stdout)\n\(elsewhere.stderr)")
        let shown = try await s.run("state show")
        #expect(shown.stdout.contains("\(s.database)._tributary_state"), "\(shown.stdout)")
        #expect(shown.stdout.contains("source usage: 3 file(s) committed"), "\(shown.stdout)")

        try await TestClickHouse.query(
            "INSERT INTO \(s.database)._tributary_state (pipeline, version, saved_at, host, document) VALUES "
                + "('scenario', 18446744073709551000, now(), 'x', '{\"format_version\": 1, \"pipeline\": \"scenario\"}')")
        let refused = try await s.run()
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(refused.stdout.contains("was refused") && refused.stdout.contains("tributary state reset scenario"), "\(refused.stdout)")
        #expect(try await s.run("state reset").status == 0)
        let fresh = try await s.run()
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.stdout.contains("Loaded 861 rows"), "\(fresh.stdout)")
        #expect(try await s.monthly() == Self.sampleMonths)
    }

    @Test func aHandEditedStateFileIsRefusedWithTheWayOut() async throws {
        let s = try UsageScenario(.replacePartition, prefix: "inc_corrupt")
        defer { Task { await s.cleanup() } }
        #expect(try await s.run().status == 0)
        var text = try String(contentsOf: s.stateFile, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"size\": ", with: "\"size\": \"")
        try text.write(to: s.stateFile, atomically: true, encoding: .utf8)
        let refused = try await s.run()
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("was refused"), "\(refused.stderr)")
        #expect(refused.stderr.contains("tributary state reset scenario"))
        // Left exactly as it was, and nothing loaded twice.
        #expect(try String(contentsOf: s.stateFile, encoding: .utf8) == text)
        #expect(try await s.monthly() == Self.sampleMonths)
    }
}
