import Foundation
import Testing
import TributaryCore

@testable import TributaryPipeline

/// `tributary detect`, called as the dispatcher will call it.
struct DetectCommandTests {
    final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var outLines: [String] = []
        private var errLines: [String] = []
        var out: String { lock.withLock { outLines.joined(separator: "\n") } }
        var err: String { lock.withLock { errLines.joined(separator: "\n") } }
        var console: Console {
            Console(
                out: { line in self.lock.withLock { self.outLines.append(line) } },
                err: { line in self.lock.withLock { self.errLines.append(line) } })
        }
    }

    static func file(_ text: String, name: String = "series.csv") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("detect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func series() -> String {
        let s = Synthetic.daily(days: 120, seed: 17) { d, v in d == 100 ? v * 3 : v }
        return OfflineDetectionTests.csv(s)
    }

    @Test func printsScoresAndWritesEvents() throws {
        let path = try Self.file(Self.series())
        let events = path + ".events.jsonl"
        let c = Capture()
        let code = try TributaryCommands.detectOffline(
            [
                "--input", path, "--detector", "spend_spike", "--events", events, "--option", "min_percent=20",
                "--option=direction=both",
            ], console: c.console)
        #expect(code == 0)
        let lines = c.out.split(separator: "\n")
        #expect(lines.count == 121 && lines[0] == "timestamp,value,anomaly_score")
        let written = try String(contentsOfFile: events, encoding: .utf8)
        #expect(written.split(separator: "\n").count == 1)
        #expect(c.err.isEmpty)
    }

    struct Refusal: Sendable, CustomStringConvertible {
        var words: [String]
        var file: String?
        var message: String
        var description: String { message }
    }

    @Test(arguments: [
        Refusal(
            words: ["--detector", "nope"], file: "timestamp,value\n",
            message:
                "tributary detect: unknown detector 'nope'; known: spend_spike, level_shift, new_dimension, missing_data, unit_cost_drift, cache_efficiency, revenue_drop, budget"
        ),
        Refusal(
            words: ["--detector", "spend_spike", "--option", "min_impct=3"], file: "timestamp,value\n",
            message: "tributary detect: spend_spike has no setting 'min_impct'; known: "),
        Refusal(
            words: ["--detector", "spend_spike"], file: "timestamp,value\n2025-03-04,1\n2025-03-05,x\n",
            message: ":3: error: value 'x' is not a number"),
        Refusal(
            words: ["--detector", "budget"], file: "timestamp,value\n",
            message: "tributary detect: budget needs budget: give budget = AMOUNT"),
    ])
    func badInputExitsTwoWithTheReason(_ r: Refusal) throws {
        let path = try Self.file(r.file ?? "")
        let c = Capture()
        let code = try TributaryCommands.detectOffline(["--input", path] + r.words, console: c.console)
        #expect(code == 2)
        #expect(c.err.contains(r.message), "\(c.err)")
        #expect(c.out.isEmpty)
    }

    @Test func aMissingFileIsNamed() throws {
        let c = Capture()
        let code = try TributaryCommands.detectOffline(
            ["--input", "/nonexistent/series.csv", "--detector", "spend_spike"], console: c.console)
        #expect(code == 2)
        #expect(c.err == "/nonexistent/series.csv: error: cannot read the file (missing, or not readable)")
    }

    @Test func aMissingInputIsAUsageError() {
        #expect(throws: CommandLineArguments.UsageError.self) {
            try TributaryCommands.detectOffline(["--detector", "spend_spike"], console: Capture().console)
        }
        #expect(throws: CommandLineArguments.UsageError.self) {
            try TributaryCommands.detectOffline(
                ["--input", "x.csv", "--detecter", "spend_spike"], console: Capture().console)
        }
    }

    @Test func theBenchmarkRunsWithoutAFile() throws {
        let c = Capture()
        let code = try TributaryCommands.detectOffline(
            ["--benchmark", "--series", "20", "--days", "100"], console: c.console)
        #expect(code == 0)
        #expect(c.out.hasPrefix("spend_spike: 20 series × 100 points in "))
    }
}
