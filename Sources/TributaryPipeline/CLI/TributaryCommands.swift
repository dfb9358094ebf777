import Foundation
import TributaryCore

/// The `tributary` commands. `main` returns the process exit code; all printing goes through `Console`.
public enum TributaryCommands {
    public static let version = "0.1.0"

    public static func main(arguments: [String], environment: [String: String]) async -> Int32 {
        await main(arguments: arguments, environment: environment, console: .standard)
    }

    public static func main(arguments: [String], environment: [String: String], console: Console) async -> Int32 {
        guard let command = arguments.first else {
            console.out(HelpText.overview)
            return ExitStatus.success
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch command {
            case "--version", "version":
                console.out("tributary \(version)")
                return ExitStatus.success
            case "--help", "-h", "help":
                if let topic = rest.first, let text = HelpText.command(topic) {
                    console.out(text)
                } else {
                    console.out(HelpText.overview)
                }
                return ExitStatus.success
            case "validate": return try validate(rest, environment: environment, console: console)
            case "plan": return try plan(rest, environment: environment, console: console)
            case "run": return try await run(rest, environment: environment, console: console)
            case "backfill": return try await backfill(rest, environment: environment, console: console)
            case "state": return try await state(rest, environment: environment, console: console)
            case "detect": return try await detect(rest, environment: environment, console: console)
            case "anomalies": return try await anomalies(rest, environment: environment, console: console)
            default:
                var message = "unknown command '\(command)'"
                let commands = ["run", "backfill", "state", "detect", "anomalies", "validate", "plan", "help"]
                if let near = NearestName.suggestion(for: command, among: commands) {
                    message += "; did you mean '\(near)'?"
                }
                console.err("tributary: \(message)\nRun 'tributary --help' for the commands.")
                return ExitStatus.usage
            }
        } catch {
            console.err("tributary \(command): \(error)\nRun 'tributary \(command) --help' for its usage.")
            return ExitStatus.usage
        }
    }

    static func wantsHelp(_ words: [String], _ command: String, _ console: Console) -> Bool {
        guard words.contains("--help") || words.contains("-h") else { return false }
        console.out(HelpText.command(command) ?? HelpText.overview)
        return true
    }

    static func compile(_ path: String, _ environment: [String: String], _ console: Console)
        -> CompiledPipeline?
    {
        do {
            return try PipelineCompiler(environment: environment).compile(path: path)
        } catch {
            console.err(error.description)
            return nil
        }
    }

    static func validate(_ words: [String], environment: [String: String], console: Console) throws -> Int32 {
        if wantsHelp(words, "validate", console) { return ExitStatus.success }
        let args = try CommandLineArguments(words, flags: [], options: [])
        guard !args.positional.isEmpty else {
            throw CommandLineArguments.UsageError(description: "name at least one pipeline file")
        }
        var worst = ExitStatus.success
        for path in args.positional {
            guard let p = compile(path, environment, console) else {
                worst = ExitStatus.usage
                continue
            }
            let stages = ([p.sourceType] + p.transforms.map(\.id)).joined(separator: " → ")
            console.out("\(path): ok: \(stages) → \(p.sink.summary) (\(p.outputSchema.count) columns)")
        }
        return worst
    }

    static func plan(_ words: [String], environment: [String: String], console: Console) throws -> Int32 {
        if wantsHelp(words, "plan", console) { return ExitStatus.success }
        let args = try CommandLineArguments(words, flags: [], options: [])
        guard args.positional.count == 1, let path = args.positional.first else {
            throw CommandLineArguments.UsageError(description: "name exactly one pipeline file")
        }
        guard let p = compile(path, environment, console) else { return ExitStatus.usage }
        console.out(PlanPrinter.render(p))
        return ExitStatus.success
    }

    static func run(_ words: [String], environment: [String: String], console: Console) async throws -> Int32 {
        if wantsHelp(words, "run", console) { return ExitStatus.success }
        let args = try CommandLineArguments(
            words, flags: ["dry-run", "no-progress", "full-refresh"], options: ["log-format"])
        let path = try onePipeline(args)
        let mode: RunMode = args.flags.contains("full-refresh") ? .fullRefresh : .incremental
        return try await execute(path, mode: mode, args, environment: environment, console: console)
    }

    static func backfill(_ words: [String], environment: [String: String], console: Console) async throws -> Int32 {
        if wantsHelp(words, "backfill", console) { return ExitStatus.success }
        let args = try CommandLineArguments(
            words, flags: ["dry-run", "no-progress"], options: ["log-format", "from", "to", "chunk"])
        let path = try onePipeline(args)
        guard let from = args.options["from"], let to = args.options["to"] else {
            throw CommandLineArguments.UsageError(description: "backfill needs --from YYYY-MM-DD and --to YYYY-MM-DD")
        }
        var chunk: ChunkSize?
        if let text = args.options["chunk"] {
            guard let parsed = ChunkSize(rawValue: text) else {
                throw CommandLineArguments.UsageError(description: "--chunk is day, week or month, not '\(text)'")
            }
            chunk = parsed
        }
        // The dates are checked before the pipeline file, so that a typo in them is the message.
        let range: BackfillRange
        do {
            range = try BackfillRange(from: from, to: to, chunk: chunk ?? .month)
        } catch {
            throw CommandLineArguments.UsageError(description: error.description)
        }
        return try await execute(
            path, mode: .backfill(range), defaultChunk: chunk == nil, args, environment: environment, console: console)
    }

    /// Compiles `path` and runs it in `mode`, printing the summary; `defaultChunk` lets a backfill whose chunk
    /// was not given take the sink's partition period.
    private static func execute(
        _ path: String, mode: RunMode, defaultChunk: Bool = false, _ args: CommandLineArguments,
        environment: [String: String], console: Console
    ) async throws -> Int32 {
        let format = try logFormat(args)
        guard let p = compile(path, environment, console) else { return ExitStatus.usage }
        var mode = mode
        if defaultChunk, case .backfill(var range) = mode, let column = p.timing.timeColumn,
            let period = p.sink.slicePeriod(timeColumn: column)
        {
            range.chunk = period
            mode = .backfill(range)
        }
        let options = RunOptions(
            mode: mode, dryRun: args.flags.contains("dry-run"), logFormat: format,
            progress: format == .human && !args.flags.contains("no-progress"))
        let logger = RunLogger(format: format, runID: options.runID, pipeline: p.settings.name, sink: console.err)
        let outcome = await PipelineRunner(pipeline: p, options: options, logger: logger).run()
        console.out(format == .json ? outcome.summary.json() : outcome.summary.render())
        return outcome.exitCode
    }

    static func state(_ words: [String], environment: [String: String], console: Console) async throws -> Int32 {
        if wantsHelp(words, "state", console) { return ExitStatus.success }
        guard let action = words.first, ["show", "reset"].contains(action) else {
            throw CommandLineArguments.UsageError(
                description: "state takes show or reset: tributary state show PIPELINE.toml")
        }
        let args = try CommandLineArguments(
            Array(words.dropFirst()), flags: action == "show" ? ["json"] : [],
            options: action == "reset" ? ["source"] : [])
        let path = try onePipeline(args)
        guard let p = compile(path, environment, console) else { return ExitStatus.usage }
        let inspector = StateInspector(pipeline: p)
        do {
            if action == "show" {
                let report = try await inspector.show()
                console.out(args.flags.contains("json") ? report.json : report.text)
            } else {
                console.out(try await inspector.reset(source: args.options["source"]))
            }
            return ExitStatus.success
        } catch {
            console.err("tributary state \(action): \(error)")
            return ExitStatus.code(for: error)
        }
    }

    static func onePipeline(_ args: CommandLineArguments) throws(CommandLineArguments.UsageError) -> String {
        guard args.positional.count == 1, let path = args.positional.first else {
            throw CommandLineArguments.UsageError(description: "name exactly one pipeline file")
        }
        return path
    }

    static func logFormat(_ args: CommandLineArguments) throws(CommandLineArguments.UsageError) -> LogFormat {
        guard let f = args.options["log-format"] else { return .human }
        guard let parsed = LogFormat(rawValue: f) else {
            throw CommandLineArguments.UsageError(description: "--log-format is human or json, not '\(f)'")
        }
        return parsed
    }
}

/// Where the commands print: standard output for results, standard error for diagnostics.
public struct Console: Sendable {
    public let out: @Sendable (String) -> Void
    public let err: @Sendable (String) -> Void

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }

    public static let standard = Console(
        out: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) },
        err: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
}
