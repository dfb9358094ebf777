import Testing
import TributaryCore

@testable import TributaryClickHouse

/// The `_tributary_runs` row text: Nested money as parallel arrays of exact decimals, escaping, NULL, truncation.
struct RunRecordRowTests {
    func row(error: String? = nil) -> RunRecordRow {
        RunRecordRow(
            runID: "r1", pipeline: "usage", mode: "batch", host: "h", startedAt: 1_735_689_600,
            finishedAt: 1_735_689_661, status: "succeeded", rowsRead: 10, rowsLoaded: 7, rowsFiltered: 2,
            rowsRejected: 1,
            money: [
                .init(column: "cost", read: 12_500_000_000_001, loaded: 10_000_000_000_000, filtered: 0, rejected: -5),
                .init(column: "it's", currency: "EUR", read: 0, loaded: 0, filtered: 0, rejected: 0),
            ],
            destination: "clickhouse db.t", error: error)
    }

    @Test func encodesNestedMoneyAsParallelArraysOfExactDecimals() {
        let fields = row().tabSeparated().dropLast().split(separator: "\t", omittingEmptySubsequences: false)
        #expect(fields.count == RunRecordRow.columns.count)
        #expect(fields[4] == "2025-01-01 00:00:00")
        #expect(fields[5] == "2025-01-01 00:01:01")
        #expect(fields[11] == "['cost','it\\'s']")
        #expect(fields[12] == "['','EUR']")
        #expect(fields[13] == "[12.500000000001,0.000000000000]")
        #expect(fields[14] == "[10.000000000000,0.000000000000]")
        #expect(fields[16] == "[-0.000000000005,0.000000000000]")
        #expect(fields[18] == "\\N")
    }

    @Test func escapesTheErrorAndCutsItTo4KB() {
        let encoded = row(error: "line one\n\ttab \\ back").tabSeparated()
        #expect(encoded.hasSuffix("\tline one\\n\\ttab \\\\ back\n"))
        let long = String(repeating: "é", count: 5000)
        let cut = RunRecordRow.truncated(long)
        #expect(cut.utf8.count <= RunRecordRow.maxErrorBytes)
        #expect(cut.hasSuffix("…"))
        #expect(RunRecordRow.truncated("short") == "short")
    }

    @Test func theTableIsReplacingMergeTreeKeyedByPipelineAndRun() throws {
        let history = try ClickHouseRunHistory(configuration: .init(database: "db", table: "t"))
        #expect(history.qualifiedName == "`db`.`_tributary_runs`")
        #expect(history.createStatements[1].contains("ENGINE = ReplacingMergeTree(finished_at)"))
        #expect(history.createStatements[1].hasSuffix("PARTITION BY toYYYYMM(started_at) ORDER BY (pipeline, run_id)"))
        #expect(history.insertStatement(row()).hasPrefix("INSERT INTO `db`.`_tributary_runs` (`run_id`, "))
    }
}
