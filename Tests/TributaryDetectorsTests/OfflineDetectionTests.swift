import Foundation
import Testing
import TributaryCore

@testable import TributaryDetectors

struct OfflineDetectionTests {
    static func parse(_ text: String, path: String = "series.csv") throws -> OfflineInput {
        try OfflineCSV.parse(Array(text.utf8), path: path)
    }

    @Test func readsEveryTimestampAndNumberFormItPromises() throws {
        let input = try Self.parse(
            """
            timestamp,value
            2025-03-04,1.50
            2025-03-04 05:06:07,3.2E+02
            2025-03-04T05:06:07Z,1.5e-3
            2025-03-04T07:06:07+02:00,
            1741064767,NaN
            1741064767000,1e-50
            12,-7

            """)
        #expect(input.count == 7)
        #expect(
            input.timestamps == [
                1_741_046_400, 1_741_064_767, 1_741_064_767, 1_741_064_767, 1_741_064_767, 1_741_064_767, 12,
            ])
        #expect(
            input.values.map { $0?.description } == [
                "1.50", "320", "0.0015", nil, nil, "0.000000000000000000000000000000000000", "-7",
            ])
        #expect(input.valueTexts[0] == "1.50" && input.valueTexts[1] == "3.2E+02")
    }

    struct BadInput: Sendable, CustomStringConvertible {
        var text: String
        var message: String
        var description: String { message }
    }

    @Test(arguments: [
        BadInput(
            text: "time,amount\n2025-03-04,1\n",
            message:
                "series.csv:1: error: the header must name a timestamp and a value column (timestamp,value[,dimension…]), not 'time,amount'"
        ),
        BadInput(
            text: "timestamp,value\n2025-03-04,1\n2025-03-05,2,3\n",
            message: "series.csv:3: error: expected 2 fields as in the header, found 3"),
        BadInput(
            text: "timestamp,value\nyesterday,1\n",
            message:
                "series.csv:2: error: timestamp 'yesterday' is neither ISO 8601 (2025-03-04 05:06:07) nor epoch seconds"
        ),
        BadInput(
            text: "timestamp,value\n2025-03-04,1\n\n2025-03-05,lots\n",
            message: "series.csv:4: error: value 'lots' is not a number"),
        BadInput(text: "", message: "series.csv:1: error: empty file; expected a header timestamp,value"),
    ])
    func aBadFileNamesTheLine(_ c: BadInput) {
        let error = #expect(throws: OfflineInputError.self) { try Self.parse(c.text) }
        #expect(error?.description == c.message)
    }

    static func csv(_ series: Series, dims: String = "") -> String {
        var text = "timestamp,value\(dims.isEmpty ? "" : ",project")\n"
        for i in series.timestamps.indices {
            text += CivilTime.formatDateTime(epochSeconds: series.timestamps[i]) + ",\(series.values[i])"
            text += dims.isEmpty ? "\n" : ",\(dims)\n"
        }
        return text
    }

    @Test func printsOneRowPerInputRowInInputOrder() throws {
        let s = Synthetic.daily(days: 120, seed: 17) { d, v in d == 100 ? v * 3 : v }
        var lines = Self.csv(s).split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let shuffled = [header] + lines.reversed()
        let input = try Self.parse(shuffled.joined(separator: "\n") + "\n")
        let result = OfflineDetection.run(input, detector: SpendSpikeDetector())
        #expect(result.granularity == .day)
        let out = OfflineDetection.scoresCSV(input, result).split(separator: "\n").map(String.init)
        #expect(out.count == 121 && out[0] == "timestamp,value,anomaly_score")
        // Reversed input: day 100 is the 20th row; its value is echoed as it came.
        #expect(out[20].hasPrefix(lines[100] + ","))
        let flagged = out.dropFirst().filter { (Double($0.split(separator: ",").last ?? "") ?? 0) >= 0.5 }
        #expect(flagged.count == 1 && flagged.first?.hasPrefix(lines[100]) == true)
        #expect(result.events.count == 1)
    }

    @Test func dimensionColumnsMakeSeparateSeries() throws {
        let a = Synthetic.daily(days: 100, seed: 18) { d, v in d == 90 ? v * 4 : v }
        let b = Synthetic.daily(days: 100, level: 1000, seed: 19)
        let rowsA = Self.csv(a, dims: "alpha").split(separator: "\n").dropFirst()
        let rowsB = Self.csv(b, dims: "beta").split(separator: "\n").dropFirst()
        let text = "timestamp,value,project\n" + zip(rowsA, rowsB).map { "\($0)\n\($1)" }.joined(separator: "\n") + "\n"
        let input = try Self.parse(text)
        #expect(input.dimensionNames == ["project"] && input.combinations == [["alpha"], ["beta"]])
        let result = OfflineDetection.run(input, detector: SpendSpikeDetector())
        #expect(result.events.map(\.key) == [SeriesKey(["project": "alpha"])])
        let flagged = result.scores.indices.filter { result.scores[$0] >= 0.5 }
        #expect(flagged == [180])
    }

    @Test func aFiveMinuteSeriesWithADailyCycleIsJudgedOnTheSameTimeOfDay() throws {
        var rng = SeededRandom(seed: 23)
        var text = "timestamp,value\n"
        let start: Int64 = 1_700_000_000 - 1_700_000_000 % 86400
        for k in 0..<(288 * 8) {
            let phase = Double(k % 288) / 288 * 2 * Double.pi
            var v = 20 + 15 * sin(phase) + rng.gaussian()
            if k == 288 * 6 + 100 { v += 12 }
            text += "\(start + Int64(k) * 300),\(Int((v * 1000).rounded()))e-3\n"
        }
        let input = try Self.parse(text)
        let result = OfflineDetection.run(
            input, detector: SpendSpikeDetector(.init(baseline: BaselineSettings(direction: .both))))
        #expect(result.granularity == .every(seconds: 300, phase: start))
        #expect(result.scores[288 * 6 + 100] >= 0.5)
        #expect(result.events.count <= 3)
        #expect(result.events.contains { $0.basis == .seasonal(peers: 4, season: 288) })
    }

    @Test func scoresAreTruncatedSoThatBelowOneHalfNeverPrintsAsOneHalf() {
        #expect(OfflineDetection.scoreText(ScoreScale.belowAlert) == "0.499999")
        #expect(OfflineDetection.scoreText(0.5) == "0.500000")
        #expect(OfflineDetection.scoreText(1) == "1.000000")
        #expect(OfflineDetection.scoreText(0) == "0.000000")
        #expect(OfflineDetection.scoreText(0.0000012) == "0.000001")
    }

    @Test func eventsAreWrittenAsJSONLinesOrCSV() throws {
        let s = Synthetic.daily(days: 120, seed: 17) { d, v in d == 100 ? v * 3 : v }
        let input = try Self.parse(Self.csv(s))
        let result = OfflineDetection.run(input, detector: SpendSpikeDetector(), unit: .money(currency: "USD"))
        let jsonl = OfflineDetection.eventsJSONLines(result)
        #expect(jsonl.split(separator: "\n").count == 1 && jsonl.hasPrefix("{\"id\":\""))
        let csv = OfflineDetection.eventsCSV(result).split(separator: "\n")
        #expect(csv.count == 2 && csv[0].hasPrefix("id,detector,key,onset,"))
        #expect(csv[1].contains(",\"total: $"))
    }

    @Test func offlineScoresAreCausalToo() throws {
        let s = Synthetic.daily(days: 150, weekly: Synthetic.weekdayHeavy, seed: 24) { d, v in d == 120 ? v * 3 : v }
        let all = Self.csv(s).split(separator: "\n").map(String.init)
        let full = OfflineDetection.run(try Self.parse(all.joined(separator: "\n")), detector: LevelShiftDetector())
            .scores
        for cut in [20, 60, 121, 130] {
            let part = try Self.parse(all.prefix(cut + 1).joined(separator: "\n"))
            #expect(OfflineDetection.run(part, detector: LevelShiftDetector()).scores == Array(full.prefix(cut)))
        }
    }
}
