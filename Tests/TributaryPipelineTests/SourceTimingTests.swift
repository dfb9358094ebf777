import Foundation
import Testing
import TributaryCore

@testable import TributaryPipeline

/// `[source] time_column` and `restate_window`, the chunks a backfill walks, and the windows' days.
struct SourceTimingTests {
    static func day(_ text: String) -> Int64 { BackfillRange.parseDay(text)! }

    @Test func aRestateWindowCountsWholePeriodsBackFromToday() throws {
        let today = Self.day("2026-11-21")
        #expect(RestateWindow(parsing: "2 months")?.start(today: today) == Self.day("2026-10-01"))
        #expect(RestateWindow(parsing: "1 month")?.start(today: today) == Self.day("2026-11-01"))
        #expect(RestateWindow(parsing: "3 months")?.start(today: Self.day("2026-01-15")) == Self.day("2025-11-01"))
        #expect(RestateWindow(parsing: "2 weeks")?.start(today: today) == Self.day("2026-11-09"))  // Mondays
        #expect(RestateWindow(parsing: "10 days")?.start(today: today) == Self.day("2026-11-12"))
        for bad in ["", "months", "0 months", "2 fortnights", "-1 days", "2months", "1.5 months"] {
            #expect(RestateWindow(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func backfillChunksAreCalendarPeriodsClippedToTheRange() throws {
        let months = try BackfillRange(from: "2024-01-15", to: "2024-04-01", chunk: .month).chunks
        #expect(months.map(\.description) == [
            "[2024-01-15, 2024-02-01)", "[2024-02-01, 2024-03-01)", "[2024-03-01, 2024-04-01)",
        ])
        let weeks = try BackfillRange(from: "2024-12-30", to: "2025-01-15", chunk: .week).chunks
        #expect(weeks.map(\.description) == [
            "[2024-12-30, 2025-01-06)", "[2025-01-06, 2025-01-13)", "[2025-01-13, 2025-01-15)",
        ])
        let days = try BackfillRange(from: "2024-02-28", to: "2024-03-02", chunk: .day).chunks
        #expect(days.count == 3)  // 28, 29 (leap day), 1
        let december = try BackfillRange(from: "2024-12-01", to: "2025-02-01", chunk: .month).chunks
        #expect(december.map(\.description) == ["[2024-12-01, 2025-01-01)", "[2025-01-01, 2025-02-01)"])
    }

    @Test func backfillDatesAreCheckedBeforeAnythingRuns() {
        #expect(throws: BackfillRangeError.emptyRange(from: "2024-02-01", to: "2024-01-01")) {
            try BackfillRange(from: "2024-02-01", to: "2024-01-01", chunk: .month)
        }
        #expect(throws: BackfillRangeError.emptyRange(from: "2024-01-01", to: "2024-01-01")) {
            try BackfillRange(from: "2024-01-01", to: "2024-01-01", chunk: .day)
        }
        for bad in ["2024-02-30", "2024-13-01", "24-01-01", "2024/01/01", "yesterday", "2024-1-1"] {
            #expect(throws: BackfillRangeError.badDate(option: "--from", text: bad)) {
                try BackfillRange(from: bad, to: "2025-01-01", chunk: .day)
            }
        }
    }

    @Test func backfillProgressResumesAtTheFirstUncommittedChunk() throws {
        let range = try BackfillRange(from: "2024-01-01", to: "2024-04-01", chunk: .month)
        let progress = BackfillProgress(range: range, doneThrough: Self.day("2024-02-01"))
        #expect(progress.remaining.map(\.description) == ["[2024-02-01, 2024-03-01)", "[2024-03-01, 2024-04-01)"])
        #expect(BackfillProgress(range: range, doneThrough: range.to).remaining.isEmpty)
    }

    static let timed = validPipeline.replacingOccurrences(
        of: "paths = [\"data/*.csv\"]", with: "paths = [\"data/*.csv\"]\ntime_column = \"day\"")

    @Test func timeColumnAndRestateWindowCompile() throws {
        let p = try compile(Self.timed.replacingOccurrences(
            of: "time_column = \"day\"", with: "time_column = \"day\"\nrestate_window = \"2 months\"")).get()
        #expect(p.timing == SourceTiming(timeColumn: "day", restateWindow: RestateWindow(count: 2, unit: .month)))
        #expect(p.sink.slicePeriod(timeColumn: "day") == nil)  // append replaces nothing
        let replacing = try compile(Self.timed.replacingOccurrences(
            of: "partition_by = \"toYYYYMM(day)\"",
            with: "partition_by = \"(model, toYYYYMM(day))\"\nstrategy = \"replace_partition\"")).get()
        #expect(replacing.sink.replacesSlices)
        #expect(replacing.sink.slicePeriod(timeColumn: "day") == .month)
    }

    @Test(arguments: [
        ("time_column = \"day\"", "time_column = \"dya\"", "no source column is named 'dya'; did you mean 'day'?"),
        ("time_column = \"day\"", "time_column = \"model\"", "column 'model' is string, and time_column must be"),
        (
            "{ name = \"day\", type = \"date\", nullable = false }", "{ name = \"day\", type = \"date\" }",
            "column 'day' may be null"
        ),
        ("time_column = \"day\"", "restate_window = \"2 months\"", "restate_window: needs time_column"),
        ("time_column = \"day\"", "time_column = \"day\"\nrestate_window = \"soon\"", "expected \"<n> days\""),
        (
            "partition_by = \"toYYYYMM(day)\"", "partition_by = \"model\"\nstrategy = \"replace_partition\"",
            "needs partitions cut by that column"
        ),
    ])
    func timingMistakesAreRefusedWithTheirKey(_ edit: (String, String, String)) {
        guard case .failure(let error) = compile(Self.timed.replacingOccurrences(of: edit.0, with: edit.1)) else {
            Issue.record("compiled: \(edit.1)")
            return
        }
        #expect(error.description.contains(edit.2), "\(error.description)")
        #expect(error.description.contains("p.toml:"), "\(error.description)")
    }
}

/// Which files a run reads, from fingerprints and the coverage state recorded for them.
struct FileSelectionTests {
    static func fingerprint(_ path: String, slices: [String] = [], days: ClosedRange<Int64>? = nil)
        -> FileFingerprint
    {
        FileFingerprint(
            path: path,
            fileStat: FileStat(
                size: 1, modified: ExactTimestamp(seconds: 1), statusChanged: ExactTimestamp(seconds: 1)),
            sha256: String(repeating: "0", count: 64), observedAt: ExactTimestamp(seconds: 100),
            coverage: FileCoverage(slices: slices, days: days))
    }

    /// Three files on disk; state says a.csv and b.csv were loaded as they are now (same stat), c.csv is new.
    static func selection(committed: [String: (slices: [String], days: ClosedRange<Int64>?)]) throws
        -> (FileSelection, TempDir)
    {
        let dir = try TempDir()
        var files: [InputFile] = []
        var state: [String: FileFingerprint] = [:]
        for name in ["a.csv", "b.csv", "c.csv"] {
            let url = try dir.write(name, "x\n")
            // Old enough that its stat is trusted.
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: url.path)
            files.append(InputFile(path: name, absolutePath: url.path))
            if let c = committed[name] {
                var f = try FileFingerprint.compute(path: url.path, displayPath: name)
                f.coverage = FileCoverage(slices: c.slices, days: c.days)
                state[name] = f
            }
        }
        return (try FileSelection(files: files, committed: state, alwaysHash: false), dir)
    }

    @Test func incrementalReadsNewAndChangedFilesOnly() throws {
        let (s, dir) = try Self.selection(committed: ["a.csv": (["202401"], 0...30), "b.csv": (["202402"], 31...59)])
        defer { dir.cleanup() }
        #expect(s.initial(mode: .incremental, restateFrom: nil).map(\.path) == ["c.csv"])
        #expect(s.initial(mode: .fullRefresh, restateFrom: nil).map(\.path) == ["a.csv", "b.csv", "c.csv"])
        // b.csv has rows from day 31 on: inside a window starting on day 40.
        #expect(s.initial(mode: .incremental, restateFrom: 40).map(\.path) == ["b.csv", "c.csv"])
    }

    @Test func replacingASliceWidensToEveryFileThatFeedsIt() throws {
        let (s, dir) = try Self.selection(
            committed: ["a.csv": (["202401", "202402"], nil), "b.csv": (["202402"], nil)])
        defer { dir.cleanup() }
        // c.csv (new) wrote 202403 only: nobody else feeds it.
        #expect(s.widen(replacing: ["202403"], alreadyRead: ["c.csv"]).isEmpty)
        // c.csv wrote 202402: a.csv and b.csv feed it too.
        let more = s.widen(replacing: ["202402"], alreadyRead: ["c.csv"])
        #expect(more.map(\.path) == ["a.csv", "b.csv"])
        #expect(s.committedSlices(of: more) == ["202401", "202402"])
        // c.csv wrote 202401: a.csv feeds it (and brings 202402, hence b.csv on the next round).
        #expect(s.widen(replacing: ["202401"], alreadyRead: ["c.csv"]).map(\.path) == ["a.csv"])
        #expect(s.widen(replacing: ["202401", "202402"], alreadyRead: ["c.csv", "a.csv"]).map(\.path) == ["b.csv"])
    }

    @Test func aBackfillChunkSkipsUnchangedFilesOutsideIt() throws {
        let (s, dir) = try Self.selection(committed: ["a.csv": ([], 0...30), "b.csv": ([], 31...59)])
        defer { dir.cleanup() }
        #expect(s.files(for: DayWindow(from: 0, to: 31)).map(\.path) == ["a.csv", "c.csv"])
        #expect(s.files(for: DayWindow(from: 59, to: 90)).map(\.path) == ["b.csv", "c.csv"])
        #expect(s.files(for: DayWindow(from: 60, to: 90)).map(\.path) == ["c.csv"])
    }
}

/// File coverage and backfill progress survive the state file, and hand edits to them are refused.
struct StateCoverageTests {
    @Test func coverageAndBackfillRoundTrip() throws {
        var state = PipelineState(pipeline: "p")
        state.commitFiles(
            source: "s", [FileSelectionTests.fingerprint("a.csv", slices: ["202402", "202401"], days: 19723...19782)])
        state.backfill = BackfillProgress(
            range: try BackfillRange(from: "2024-01-01", to: "2025-01-01", chunk: .month),
            doneThrough: SourceTimingTests.day("2024-06-01"))
        let text = state.jsonText()
        #expect(text.contains("\"slices\": [\"202401\",\"202402\"]"), "\(text)")
        #expect(text.contains("\"first_day\": \"2024-01-01\""), "\(text)")
        #expect(text.contains("\"done_through\":\"2024-06-01\""), "\(text)")
        let back = try PipelineState.decode(Array(text.utf8), pipeline: "p")
        #expect(back == state)
    }

    @Test(arguments: [
        ("\"first_day\": \"2024-01-01\"", "\"first_day\": \"2024-02-30\"", "expected a date YYYY-MM-DD"),
        ("\"chunk\":\"month\"", "\"chunk\":\"year\"", "backfill.chunk: expected day, week or month"),
        ("\"done_through\":\"2024-06-01\"", "\"done_through\":\"2026-01-01\"", "done_through must lie in"),
    ])
    func handEditedCoverageIsRefused(_ edit: (String, String, String)) throws {
        var state = PipelineState(pipeline: "p")
        state.commitFiles(source: "s", [FileSelectionTests.fingerprint("a.csv", slices: ["202401"], days: 19723...19782)])
        state.backfill = BackfillProgress(
            range: try BackfillRange(from: "2024-01-01", to: "2025-01-01", chunk: .month),
            doneThrough: SourceTimingTests.day("2024-06-01"))
        let text = state.jsonText().replacingOccurrences(of: edit.0, with: edit.1)
        #expect(throws: StateRefusal.self) { try PipelineState.decode(Array(text.utf8), pipeline: "p") }
        do {
            _ = try PipelineState.decode(Array(text.utf8), pipeline: "p")
        } catch {
            #expect(error.detail.contains(edit.2), "\(error.detail)")
        }
    }
}
