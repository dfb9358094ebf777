import TributaryCore

/// `tributary detect --input series.csv --detector NAME`: detection on a CSV instead of ClickHouse, for trying a
/// detector's settings and for evaluating it on labelled benchmarks.
///
/// Rows are grouped into one series per combination of dimension values and sorted by time; the granularity is
/// inferred from the first distinct timestamps of the file (an hour, day, week or month, or any fixed spacing such
/// as 5 minutes); every period is judged (no `now`, so `ignore_recent_hours` does not apply). The output has one
/// row per input row, in input order, with the causal score of that row.
public enum OfflineDetection {
    /// Per input row, its score; and the events of all series.
    public struct Result: Sendable {
        public var scores: [Double]
        public var events: [AnomalyEvent]
        public var granularity: Granularity
    }

    public static func run(
        _ input: OfflineInput, detector: any Detector, granularity: Granularity? = nil, unit: ValueUnit = .plain
    ) -> Result {
        var distinct: [Int64] = []
        for t in input.timestamps.sorted() where distinct.last != t {
            distinct.append(t)
            if distinct.count > Granularity.inferencePrefix { break }
        }
        var g = granularity ?? Granularity.inferred(from: distinct) ?? .every(seconds: 1, phase: distinct.first ?? 0)
        // A fixed spacing given without a phase is put on the grid of the first timestamp.
        if case .every(let s, _) = g { g = .every(seconds: s, phase: distinct.first ?? 0) }
        var rowsBySeries = Array(repeating: [Int](), count: input.combinations.count)
        for r in 0..<input.count { rowsBySeries[input.combination[r]].append(r) }
        let name = input.path.split(separator: "/").last.map(String.init) ?? "offline"
        var series: [Series] = []
        var order: [[Int]] = []
        for (c, rows) in rowsBySeries.enumerated() where !rows.isEmpty {
            let sorted = rows.sorted { (input.timestamps[$0], $0) < (input.timestamps[$1], $1) }
            let key = SeriesKey(zip(input.dimensionNames, input.combinations[c]).map { SeriesKey.Part($0, $1) })
            let values = sorted.map { input.values[$0] ?? .zero }
            let missing = sorted.contains { input.values[$0] == nil }
            series.append(
                Series(
                    name: name, key: key, granularity: g, unit: unit, timestamps: sorted.map { input.timestamps[$0] },
                    values: values, flags: missing ? sorted.map { input.values[$0] == nil ? .missing : [] } : []))
            order.append(sorted)
        }
        let result = detector.analyze(series, now: nil)
        var scores = Array(repeating: 0.0, count: input.count)
        for (s, rows) in order.enumerated() where s < result.scores.count {
            for (k, r) in rows.enumerated() where k < result.scores[s].count { scores[r] = result.scores[s][k] }
        }
        return Result(scores: scores, events: result.events, granularity: g)
    }

    /// `timestamp,value,anomaly_score` and one line per input row, the first two fields as they came in. Scores are
    /// truncated (not rounded) to 6 decimals, so that 0.4999999 never prints as 0.5.
    public static func scoresCSV(_ input: OfflineInput, _ result: Result) -> String {
        var out = "timestamp,value,anomaly_score\n"
        out.reserveCapacity(input.count * 40)
        for r in 0..<input.count {
            out += csvField(input.timestampTexts[r]) + "," + csvField(input.valueTexts[r]) + ","
            out += scoreText(result.scores[r]) + "\n"
        }
        return out
    }

    /// `0.123456`, truncated towards zero.
    static func scoreText(_ s: Double) -> String {
        guard s.isFinite, s > 0 else { return "0.000000" }
        if s >= 1 { return "1.000000" }
        let micro = Int((s * 1_000_000).rounded(.down))
        let digits = String(micro)
        return "0." + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// One JSON object per event.
    public static func eventsJSONLines(_ result: Result) -> String {
        result.events.map { AlertRecord.jsonLine($0) + "\n" }.joined()
    }

    /// The events as CSV, one row each.
    public static func eventsCSV(_ result: Result) -> String {
        var out =
            "id,detector,key,onset,start,last_seen,end,severity,actual,expected,impact,deviation_percent,score,explanation\n"
        for e in result.events {
            let fields = [
                e.id.hex, e.detector, e.key.description, JSONFields.timestamp(e.onset), JSONFields.timestamp(e.start),
                JSONFields.timestamp(e.lastSeen), e.end.map(JSONFields.timestamp) ?? "", e.severity.rawValue,
                e.actual.description, e.expected.description, e.impact.description,
                e.deviationPercent.map { String(Double(Int(($0 * 100).rounded())) / 100) } ?? "", scoreText(e.score),
                e.explanation,
            ]
            out += fields.map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }
}
