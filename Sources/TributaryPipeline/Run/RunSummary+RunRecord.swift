import Foundation
import TributaryClickHouse
import TributaryCore

extension RunSummary {
    /// The summary as one `_tributary_runs` row: money summed over files per column, loaded only once committed
    /// (as in `json()`), and the finish time from the start plus the run's duration.
    func runRecord(mode: String, host: String = ProcessInfo.processInfo.hostName) -> RunRecordRow {
        let money = moneyColumns.enumerated().map { i, name in
            RunRecordRow.Money(
                column: name, read: files.reduce(0) { $0 + $1.moneyRead[i] },
                loaded: committed ? files.reduce(0) { $0 + $1.moneySent[i] } : 0,
                filtered: files.reduce(0) { $0 + $1.moneyFiltered[i] },
                rejected: files.reduce(0) { $0 + $1.moneyRejected[i] })
        }
        return RunRecordRow(
            runID: runID, pipeline: pipeline, mode: mode, host: host, startedAt: startedAt,
            finishedAt: startedAt + Int64(seconds.rounded(.up)), status: status.rawValue,
            rowsRead: UInt64(max(0, rowsRead)), rowsLoaded: UInt64(max(0, rowsLoaded)),
            rowsFiltered: UInt64(max(0, rowsFiltered)), rowsRejected: UInt64(max(0, rowsRejected)), money: money,
            destination: destination, error: error)
    }
}
