import Testing

@testable import TributaryPipeline

struct ProgressReporterTests {
    @Test func theBackfillLineShowsChunkRowsThroughputAndTimeLeft() {
        let at = ProgressReporter.BackfillPosition(
            index: 4, total: 12, label: "[2024-04-01, 2024-05-01)", doneThisRun: 3, toDo: 12)
        let line = ProgressReporter.backfillLine(at, rows: 81_234, elapsed: 30)
        #expect(line.contains("[#####---------------] chunk 4/12 [2024-04-01, 2024-05-01)"), "\(line)")
        #expect(line.contains("81,234 rows  2,707 rows/s"), "\(line)")
        // 3 chunks in 30 s, 9 to go: 90 s.
        #expect(line.hasSuffix("ETA 1m30s"), "\(line)")
    }

    @Test func aResumedBackfillEstimatesFromItsOwnChunks() {
        // Chunks 1–6 were committed by an earlier run; this one has done 2 of its 6 in 10 s.
        let at = ProgressReporter.BackfillPosition(index: 9, total: 12, label: "x", doneThisRun: 2, toDo: 6)
        let line = ProgressReporter.backfillLine(at, rows: 10, elapsed: 10)
        #expect(line.contains("[#############-------] chunk 9/12"), "\(line)")
        #expect(line.hasSuffix("ETA 20s"), "\(line)")
        let first = ProgressReporter.BackfillPosition(index: 1, total: 12, label: "x", doneThisRun: 0, toDo: 12)
        #expect(ProgressReporter.backfillLine(first, rows: 0, elapsed: 1).hasSuffix("ETA --"))
    }
}
