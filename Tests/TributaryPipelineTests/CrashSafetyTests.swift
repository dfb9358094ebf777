import Foundation
import Testing

/// A run killed at any point and run again leaves the table exactly as one clean run would: for every load
/// strategy, at every crash point (lessons L2, L3, L13), against the real ClickHouse.
///
/// Each case loads copies of the sample usage files with small inserts (100 rows), so that a run makes several
/// inserts and a kill can fall between them; the run dies by `SIGKILL` at the named point
/// (`TRIBUTARY_TEST_CRASH_AT`, see `CrashPoint`), the next run is an ordinary one, and the table's sorted
/// content, as a reader sees it, must equal that of a clean run into another database.
@Suite struct CrashSafetyTests {
    struct Case: Sendable, CustomStringConvertible {
        var strategy: UsageScenario.Strategy
        var point: String
        var description: String { "\(strategy.rawValue) killed at \(point)" }
    }

    static let everywhere = [
        "extract:2", "between_batches:1", "between_batches:2", "mid_insert:1", "mid_insert:4", "after_commit:1",
    ]
    static let cases: [Case] =
        [UsageScenario.Strategy.replacePartition, .merge, .append].flatMap { s in everywhere.map { Case(strategy: s, point: $0) } }
        + ["during_replace_partition:1", "during_replace_partition:2"].map { Case(strategy: .replacePartition, point: $0) }

    static let smallInserts = "max_insert_rows = 100"

    /// The content of one clean run, per strategy.
    static func cleanDump(_ strategy: UsageScenario.Strategy) async throws -> String {
        let clean = try UsageScenario(strategy, prefix: "crash_clean", extraSink: smallInserts)
        defer { Task { await clean.cleanup() } }
        let r = try await clean.run()
        try #require(r.status == 0, "\(r.stderr)\n\(r.stdout)")
        return try await clean.dump()
    }

    @Test(arguments: cases)
    func aKilledRunRunAgainEqualsOneCleanRun(_ c: Case) async throws {
        let expected = try await Self.cleanDump(c.strategy)
        #expect(expected.split(separator: "\n").count == 861)
        let s = try UsageScenario(c.strategy, prefix: "crash", extraSink: Self.smallInserts)
        defer { Task { await s.cleanup() } }
        let killed = try await s.run(environment: ["TRIBUTARY_TEST_CRASH_AT": c.point])
        #expect(killed.status == SIGKILL, "the run was to die at \(c.point): \(killed.stderr)\n\(killed.stdout)")
        let again = try await s.run()
        #expect(again.status == 0, "\(again.stderr)\n\(again.stdout)")
        #expect(try await s.dump() == expected)
        // And the state that run committed is whole: one more run has nothing to do.
        let third = try await s.run()
        #expect(third.stdout.contains("Nothing new"), "\(third.stdout)")
        #expect(try await s.dump() == expected)
    }

    @Test func killedTwiceInARowStillEqualsOneCleanRun() async throws {
        let expected = try await Self.cleanDump(.append)
        let s = try UsageScenario(.append, prefix: "crash_twice", extraSink: Self.smallInserts)
        defer { Task { await s.cleanup() } }
        #expect(try await s.run(environment: ["TRIBUTARY_TEST_CRASH_AT": "mid_insert:3"]).status == SIGKILL)
        #expect(try await s.run(environment: ["TRIBUTARY_TEST_CRASH_AT": "after_commit:1"]).status == SIGKILL)
        #expect(try await s.run().status == 0)
        #expect(try await s.dump() == expected)
    }

    /// A signal from outside, at moments the run does not choose: the larger input keeps the run busy long
    /// enough for the kill to land while it reads, sends or swaps.
    @Test func killedFromOutsideAtSeveralMomentsThenRunAgain() async throws {
        let expected = try await Self.cleanDump(.replacePartition)
        for delay in [0.05, 0.15, 0.3, 0.6] {
            let s = try UsageScenario(.replacePartition, prefix: "crash_outside", extraSink: Self.smallInserts)
            defer { Task { await s.cleanup() } }
            let running = try s.start()
            try await Task.sleep(for: .seconds(delay))
            kill(running.pid, SIGKILL)
            _ = await running.wait()
            let again = try await s.run()
            #expect(again.status == 0, "after a kill at \(delay) s: \(again.stderr)")
            #expect(try await s.dump() == expected, "after a kill at \(delay) s")
        }
    }
}
