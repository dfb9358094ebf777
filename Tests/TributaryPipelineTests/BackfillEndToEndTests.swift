import Foundation
import Testing

/// `tributary backfill` against the real ClickHouse: chunk by chunk, each committed on its own, resumable after a
/// kill, and ending with what one uninterrupted backfill (or one full run) loads.
@Suite struct BackfillEndToEndTests {
    static let quarter = ["--from", "2025-01-01", "--to", "2025-04-01"]

    @Test func aBackfillLoadsWhatAFullRunLoadsAndSaysItsChunks() async throws {
        let s = try UsageScenario(.replacePartition, prefix: "bf_full")
        defer { Task { await s.cleanup() } }
        let r = try await s.run("backfill", Self.quarter)
        #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
        #expect(r.stderr.contains("chunk [2025-02-01, 2025-03-01)"), "\(r.stderr)")
        #expect(try await s.monthly() == IncrementalEndToEndTests.sampleMonths)
        let loads = try await TestClickHouse.query(
            "SELECT kind, slice, rows FROM \(s.database)._tributary_loads ORDER BY slice FORMAT TSV")
        #expect(loads == "partition\t202501\t295\npartition\t202502\t268\npartition\t202503\t298\n", "\(loads)")
    }

    @Test(arguments: ["between_chunks:1", "after_commit:2", "mid_insert:2", "during_replace_partition:1"])
    func anInterruptedBackfillResumesAndEndsTheSame(_ point: String) async throws {
        let s = try UsageScenario(.replacePartition, prefix: "bf_resume", extraSink: "max_insert_rows = 100")
        defer { Task { await s.cleanup() } }
        let killed = try await s.run("backfill", Self.quarter, environment: ["TRIBUTARY_TEST_CRASH_AT": point])
        #expect(killed.status == SIGKILL, "\(killed.stderr)")
        let shown = try await s.run("state show")
        if point == "between_chunks:1" {
            #expect(shown.stdout.contains("1 of 3 chunk(s) committed, through 2025-02-01"), "\(shown.stdout)")
        }
        let resumed = try await s.run("backfill", Self.quarter)
        #expect(resumed.status == 0, "\(resumed.stderr)\n\(resumed.stdout)")
        if point == "between_chunks:1" {
            #expect(resumed.stderr.contains("resuming the backfill"), "\(resumed.stderr)")
            #expect(!resumed.stderr.contains("chunk [2025-01-01, 2025-02-01)"), "chunk 1 was committed: \(resumed.stderr)")
        }
        #expect(try await s.monthly() == IncrementalEndToEndTests.sampleMonths)
        #expect(!(try await s.run("state show").stdout.contains("chunk(s) committed")), "a finished backfill leaves no progress")
    }

    @Test(arguments: [UsageScenario.Strategy.merge, .append])
    func backfillsWithTheOtherStrategiesToo(_ strategy: UsageScenario.Strategy) async throws {
        let s = try UsageScenario(strategy, prefix: "bf_other")
        defer { Task { await s.cleanup() } }
        let r = try await s.run("backfill", ["--from", "2025-02-01", "--to", "2025-03-01", "--chunk", "week"])
        #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
        #expect(try await s.monthly() == "202502\t268\t686.790799\n")
        // Backfilling the same range again changes nothing a reader sees.
        #expect(try await s.run("backfill", ["--from", "2025-02-01", "--to", "2025-03-01", "--chunk", "week"]).status == 0)
        #expect(try await s.monthly() == "202502\t268\t686.790799\n")
    }

    struct BadRange: Sendable, CustomStringConvertible {
        var arguments: [String]
        var message: String
        var description: String { arguments.joined(separator: " ") }
    }

    @Test(arguments: [
        BadRange(arguments: ["--from", "2025-03-01", "--to", "2025-01-01"], message: "is not before --to"),
        BadRange(arguments: ["--from", "2025-01-01", "--to", "2025-01-01"], message: "would be empty"),
        BadRange(arguments: ["--from", "2025-13-01", "--to", "2025-14-01"], message: "--from '2025-13-01' is not a date"),
        BadRange(arguments: ["--from", "yesterday", "--to", "2025-01-01"], message: "is not a date"),
        BadRange(arguments: ["--from", "2025-01-01"], message: "needs --from YYYY-MM-DD and --to"),
        BadRange(arguments: ["--from", "2025-01-01", "--to", "2025-02-01", "--chunk", "year"], message: "--chunk is day, week or month"),
        BadRange(arguments: ["--from", "2025-01-15", "--to", "2025-02-01"], message: "must start a month"),
    ])
    func badDatesExit2AndLoadNothing(_ bad: BadRange) async throws {
        let s = try UsageScenario(.replacePartition, prefix: "bf_bad")
        defer { Task { await s.cleanup() } }
        let r = try await s.run("backfill", bad.arguments)
        #expect(r.status == 2, "\(r.stderr)\n\(r.stdout)")
        #expect((r.stderr + r.stdout).contains(bad.message), "\(r.stderr)\n\(r.stdout)")
        let tables = try await TestClickHouse.query(
            "SELECT count() FROM system.tables WHERE database = '\(s.database)' AND name = '\(UsageScenario.table)' FORMAT TSV")
        #expect(tables == "0\n")
    }
}
