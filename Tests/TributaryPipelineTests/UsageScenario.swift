import Foundation
import Testing

/// A pipeline in its own temporary folder over copies of the sample usage files (`data/`), loading a scratch
/// database with the strategy under test, with its state, lock and rejects inside the folder: tests can change
/// the inputs, kill runs, and compare what the table holds.
struct UsageScenario {
    enum Strategy: String {
        case replacePartition = "replace_partition"
        case merge
        case append
    }

    let work: TempDir
    let database: String
    let strategy: Strategy
    let pipeline: URL
    let environment: [String: String]
    static let table = "llm_usage_daily"
    static let sampleFiles = ["2025-01.csv", "2025-02.csv.gz", "2025-03.csv"]

    init(
        _ strategy: Strategy, prefix: String = "scenario", extraPipeline: String = "", extraSource: String = "",
        extraSink: String = "",
        files: [String] = sampleFiles, url: String? = nil
    ) throws {
        self.strategy = strategy
        work = try TempDir()
        database = TestClickHouse.scratchDatabase(prefix)
        let data = work.url.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        for name in files {
            try FileManager.default.copyItem(
                at: packageRoot.appendingPathComponent("SampleData/usage/\(name)"), to: data.appendingPathComponent(name))
        }
        var sink = ""
        switch strategy {
        case .replacePartition: sink = "strategy = \"replace_partition\"\npartition_by = \"toYYYYMM(usage_date)\""
        case .merge: sink = "strategy = \"merge\"\nversion_column = \"usage_date\""
        case .append: sink = "strategy = \"append\"\nkey = [\"usage_date\", \"provider\", \"project_id\", \"model\"]"
        }
        pipeline = try work.write(
            "pipeline.toml",
            """
            version = 1

            [pipeline]
            name = "scenario"
            state_dir = "state"
            rejects_path = "rejects/{run_id}.jsonl"
            \(extraPipeline)

            [source]
            id = "usage"
            type = "csv"
            paths = ["data/*.csv*"]
            time_column = "usage_date"
            \(extraSource)
            columns = [
                { name = "usage_date", type = "date", nullable = false },
                { name = "provider", type = "string", nullable = false },
                { name = "project_id", type = "string", nullable = false },
                { name = "project_name", type = "string" },
                { name = "model", type = "string", nullable = false },
                { name = "input_tokens", type = "int64" },
                { name = "output_tokens", type = "int64" },
                { name = "requests", type = "int64" },
                { name = "cost", source = "cost_usd", type = "decimal(38,12)", money = true },
                { name = "currency", type = "string" },
            ]

            [[transform]]
            id = "skip-idle"
            type = "filter"
            where = "requests > 0 OR cost <> 0"

            [sink]
            type = "clickhouse"
            url = "${CLICKHOUSE_URL}"
            database = "\(database)"
            table = "\(Self.table)"
            order_by = ["usage_date", "provider", "project_id", "model"]
            \(sink)
            \(extraSink)

            """)
        environment = ["CLICKHOUSE_URL": try url ?? TestClickHouse.url()]
    }

    var stateFile: URL { work.url.appendingPathComponent("state/scenario.state.json") }

    func file(_ name: String) -> URL { work.url.appendingPathComponent("data/\(name)") }

    /// `tributary <command> pipeline.toml <arguments>` in the scenario's folder.
    func run(_ command: String = "run", _ arguments: [String] = [], environment extra: [String: String] = [:])
        async throws -> CommandResult
    {
        try await runTributary(words(command, arguments), environment: environment.merging(extra) { $1 }, in: work.url)
    }

    /// `run`, `backfill`: the command, the pipeline, no progress line; `state show`: the words, then the pipeline.
    func words(_ command: String, _ arguments: [String]) -> [String] {
        let parts = command.split(separator: " ").map(String.init)
        if parts.count > 1 { return parts + [pipeline.path] + arguments }
        return [command, pipeline.path, "--no-progress"] + arguments
    }

    /// Starts `tributary <command>` in the background: for runs that overlap, or that the test holds at a point.
    func start(_ command: String = "run", _ arguments: [String] = [], environment extra: [String: String] = [:])
        throws -> RunningTributary
    {
        try RunningTributary(words(command, arguments), environment: environment.merging(extra) { $1 }, in: work.url)
    }

    /// The environment that holds a run at `point` (`between_batches:2`) until `release(hold:)`; `held(hold:)`
    /// waits until the run is there.
    func holding(at point: String) -> (environment: [String: String], file: URL) {
        let file = work.url.appendingPathComponent("hold-\(UUID().uuidString)")
        return (["TRIBUTARY_TEST_HOLD_AT": point, "TRIBUTARY_TEST_HOLD_FILE": file.path], file)
    }

    /// Every row the table holds for a reader, sorted: with FINAL where the engine collapses versions.
    var dumpQuery: String {
        let final = strategy == .replacePartition ? "" : " FINAL"
        return """
            SELECT usage_date, provider, project_id, project_name, model, input_tokens, output_tokens, requests,
                   toString(cost), currency
            FROM \(database).\(Self.table)\(final)
            ORDER BY usage_date, provider, project_id, model FORMAT TSV
            """
    }

    func dump() async throws -> String { try await TestClickHouse.query(dumpQuery) }

    /// Rows and money per month, as a reader sees them, amounts without trailing zeros.
    func monthly() async throws -> String {
        let final = strategy == .replacePartition ? "" : " FINAL"
        let text = try await TestClickHouse.query(
            """
            SELECT toYYYYMM(usage_date) AS m, count(), toString(sum(assumeNotNull(cost)))
            FROM \(database).\(Self.table)\(final) GROUP BY m ORDER BY m FORMAT TSV
            """)
        return text.split(separator: "\n").map { line in
            var fields = line.split(separator: "\t").map(String.init)
            if var amount = fields.last, amount.contains(".") {
                while amount.hasSuffix("0") { amount.removeLast() }
                if amount.hasSuffix(".") { amount.removeLast() }
                fields[fields.count - 1] = amount
            }
            return fields.joined(separator: "\t") + "\n"
        }.joined()
    }

    /// Removes the folder; the scratch database stays until `scripts/test` drops them all after the run (a DROP
    /// on 18.16 waits for the tables' merges and holds up other DDL meanwhile: dozens at once stalled the server).
    func cleanup() async {
        work.cleanup()
    }

    /// Waits until a held run has created `file` (false if it never did: it ended first, or `seconds` passed; a
    /// busy machine can take long to get there).
    static func waitFor(_ file: URL, of run: RunningTributary? = nil, seconds: Double = 180) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: file.path) { return true }
            if let run, !run.process.isRunning { return FileManager.default.fileExists(atPath: file.path) }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
