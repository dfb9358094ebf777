import Foundation
import TributaryCore
import TributaryDetectors

extension TributaryCommands {
    /// `tributary detect`: offline detection on a CSV of `timestamp,value[,dimension…]`.
    static let detectUsage = """
        USAGE: tributary detect --input SERIES.csv --detector NAME [--events EVENTS.jsonl|.csv]
                                [--option key=value …] [--granularity hour|day|week|month|SECONDS]
                                [--currency USD]
               tributary detect --benchmark [--detector NAME] [--series 1000] [--days 365]

        Prints timestamp,value,anomaly_score for every input row (in input order): a causal score in [0, 1],
        0.5 or more where the detector alerts at its settings. --events writes the events found (JSON Lines, or
        CSV for a .csv name). --option sets a detector key as in a [[detect]] section (min_percent=20, direction=both).

        DETECTORS:
        \(DetectorCatalog.summaries.map { "  \($0.name.padding(toLength: 18, withPad: " ", startingAt: 0))\($0.summary)" }.joined(separator: "\n"))
        """

    /// Parses the `detect` words, runs the library's offline detection and prints the scores. Bad input (a missing
    /// file, an unknown detector or setting, a malformed row) is reported with the file and line and returns 2.
    static func detectOffline(_ words: [String], console: Console) throws -> Int32 {
        if words.contains("--help") || words.contains("-h") {
            console.out(detectUsage)
            return ExitStatus.success
        }
        // `--option` may repeat, which `CommandLineArguments` does not keep: take those words out first.
        var optionWords: [String] = []
        var rest: [String] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            if w == "--option" {
                guard i + 1 < words.count else {
                    throw CommandLineArguments.UsageError(description: "--option needs key=value")
                }
                optionWords.append(words[i + 1])
                i += 2
                continue
            }
            if w.hasPrefix("--option=") {
                optionWords.append(String(w.dropFirst("--option=".count)))
            } else {
                rest.append(w)
            }
            i += 1
        }
        let args = try CommandLineArguments(
            rest, flags: ["benchmark"],
            options: ["input", "detector", "events", "granularity", "currency", "series", "days"])
        guard args.positional.isEmpty else {
            throw CommandLineArguments.UsageError(description: "unexpected argument '\(args.positional[0])'")
        }
        let detector: any Detector
        do {
            let options = try DetectorOptions(words: optionWords)
            let name = args.options["detector"] ?? (args.flags.contains("benchmark") ? SpendSpikeDetector.kind : "")
            guard !name.isEmpty else { throw CommandLineArguments.UsageError(description: "name a --detector") }
            detector = try DetectorCatalog.make(name, options: options)
        } catch let e as DetectorOptionError {
            console.err("tributary detect: \(e)")
            return ExitStatus.usage
        }
        if args.flags.contains("benchmark") { return benchmark(detector, args, console) }
        guard let path = args.options["input"] else {
            throw CommandLineArguments.UsageError(description: "name the series with --input FILE.csv")
        }
        let granularity = try granularityOption(args.options["granularity"])
        guard let data = FileManager.default.contents(atPath: path) else {
            console.err("\(path): error: cannot read the file (missing, or not readable)")
            return ExitStatus.usage
        }
        let input: OfflineInput
        do {
            input = try OfflineCSV.parse([UInt8](data), path: path)
        } catch {
            console.err(error.description)
            return ExitStatus.usage
        }
        let unit: ValueUnit = args.options["currency"].map { .money(currency: $0) } ?? .plain
        let result = OfflineDetection.run(input, detector: detector, granularity: granularity, unit: unit)
        console.out(String(OfflineDetection.scoresCSV(input, result).dropLast()))
        if let events = args.options["events"] {
            let text =
                events.hasSuffix(".csv")
                ? OfflineDetection.eventsCSV(result) : OfflineDetection.eventsJSONLines(result)
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: events))
            } catch {
                console.err("\(events): error: cannot write the events: \(error.localizedDescription)")
                return ExitStatus.failure
            }
        }
        return ExitStatus.success
    }

    private static func granularityOption(_ text: String?) throws(CommandLineArguments.UsageError) -> Granularity? {
        guard let text else { return nil }
        if let g = Granularity(name: text) { return g }
        guard let seconds = Int64(text), seconds > 0 else {
            throw CommandLineArguments.UsageError(
                description: "--granularity is hour, day, week, month or a number of seconds, not '\(text)'")
        }
        return .every(seconds: seconds, phase: 0)
    }

    private static func benchmark(_ detector: any Detector, _ args: CommandLineArguments, _ console: Console) -> Int32 {
        let series = args.options["series"].flatMap { Int($0) } ?? 1000
        let days = args.options["days"].flatMap { Int($0) } ?? 365
        console.out(DetectionBenchmark.run(detector: detector, series: series, days: days).description)
        return ExitStatus.success
    }
}
