import Foundation
import TributaryClickHouse
import TributaryCore
import TributaryDetectors

extension TributaryCommands {
    /// `tributary detect PIPELINE.toml [--at DATE]` runs the pipeline's `[[detect]]` sections without loading;
    /// `tributary detect --input FILE --detector NAME` scores a CSV offline.
    static func detect(_ words: [String], environment: [String: String], console: Console) async throws -> Int32 {
        if wantsHelp(words, "detect", console) { return ExitStatus.success }
        if words.contains("--input") || words.contains(where: { $0.hasPrefix("--input=") })
            || words.contains("--benchmark")
        {
            return try detectOffline(words, console: console)
        }
        let args = try CommandLineArguments(words, flags: [], options: ["at", "log-format"])
        let path = try onePipeline(args)
        let format = try logFormat(args)
        var at: Int64?
        if let text = args.options["at"] {
            guard case .success(let seconds) = CivilTime.parseTimestamp(text) else {
                throw CommandLineArguments.UsageError(description: "--at '\(text)' is not a date or time (YYYY-MM-DD)")
            }
            // A date alone means "as of the end of that day".
            at = text.count == 10 ? seconds + 86399 : seconds
        }
        guard let p = compile(path, environment, console) else { return ExitStatus.usage }
        guard !p.detections.isEmpty else {
            console.err("tributary detect: \(path) has no [[detect]] section")
            return ExitStatus.usage
        }
        guard let sink = p.sink as? ClickHouseSinkPlan else {
            console.err("tributary detect: detections read ClickHouse, and this pipeline's sink is \(p.sink.summary)")
            return ExitStatus.usage
        }
        let reports = await DetectionRunner(
            pipeline: p, configuration: sink.configuration, runID: RunOptions.newRunID()
        ).run(at: at)
        if format == .json {
            console.out("[" + reports.map(\.json).joined(separator: ",") + "]")
        } else {
            console.out("Detections of \(p.settings.name):")
            for r in reports { console.out(r.lines.joined(separator: "\n")) }
        }
        return reports.contains { $0.failure != nil } ? ExitStatus.failure : ExitStatus.success
    }

    /// `tributary anomalies ack ID --reason TEXT` and `tributary anomalies list`: findings in the `anomalies`
    /// table of a pipeline's sink (`--pipeline FILE`), or of `CLICKHOUSE_URL` and `--database` (default tributary).
    static func anomalies(_ words: [String], environment: [String: String], console: Console) async throws -> Int32 {
        if wantsHelp(words, "anomalies", console) { return ExitStatus.success }
        guard let action = words.first, ["ack", "list"].contains(action) else {
            throw CommandLineArguments.UsageError(
                description: "anomalies takes ack or list: tributary anomalies ack FINDING_ID --reason \"…\"")
        }
        let args = try CommandLineArguments(
            Array(words.dropFirst()), flags: [], options: ["reason", "pipeline", "database", "limit"])
        if action == "list", let extra = args.positional.first {
            throw CommandLineArguments.UsageError(
                description: "anomalies list takes no argument '\(extra)'; a pipeline's findings: --pipeline \(extra)")
        }
        var configuration = ClickHouseLoader.Configuration()
        if let path = args.options["pipeline"] {
            guard let p = compile(path, environment, console) else { return ExitStatus.usage }
            guard let sink = p.sink as? ClickHouseSinkPlan else {
                console.err("tributary anomalies: the pipeline's sink is \(p.sink.summary), not ClickHouse")
                return ExitStatus.usage
            }
            configuration = sink.configuration
        } else {
            let text = environment["CLICKHOUSE_URL"] ?? "http://127.0.0.1:8123"
            guard let url = URL(string: text) else {
                throw CommandLineArguments.UsageError(description: "CLICKHOUSE_URL is not a URL")
            }
            configuration.url = url
            configuration.user = environment["CLICKHOUSE_USER"] ?? "default"
            configuration.password = environment["CLICKHOUSE_PASSWORD"] ?? ""
            configuration.database = args.options["database"] ?? "tributary"
        }
        do {
            let store = try AnomalyStore(configuration: configuration)
            if action == "list" {
                let limit = Int(args.options["limit"] ?? "50") ?? 50
                let rows = TabSeparatedDecoder.rows(try await store.list(limit: limit))
                if rows.isEmpty { console.out("no findings in \(configuration.database).anomalies") }
                for r in rows {
                    let ack = r.count > 3 && r[3] == "1" ? " acknowledged" : ""
                    console.out("\(r[0] ?? "")  \(r[1] ?? "")  \(r[2] ?? "")\(ack)  \(r.count > 4 ? r[4] ?? "" : "")")
                }
                return ExitStatus.success
            }
            guard args.positional.count == 1, let text = args.positional.first, let id = FindingID(hex: text) else {
                throw CommandLineArguments.UsageError(description: "name one finding id (32 hex digits, as listed)")
            }
            guard let reason = args.options["reason"], !reason.isEmpty else {
                throw CommandLineArguments.UsageError(description: "say why: --reason \"planned migration\"")
            }
            guard try await store.acknowledge(id, reason: reason, at: ExactTimestamp.now()) else {
                console.err("tributary anomalies: no finding \(id.hex) in \(configuration.database).anomalies")
                return ExitStatus.failure
            }
            console.out(
                "finding \(id.hex) acknowledged (\(reason)): it alerts no more, and its periods are kept out of baselines")
            return ExitStatus.success
        } catch let e as CommandLineArguments.UsageError {
            throw e
        } catch {
            console.err("tributary anomalies: \(error)")
            return ExitStatus.code(for: error)
        }
    }
}
