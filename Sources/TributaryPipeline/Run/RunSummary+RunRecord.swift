import Foundation
import TributaryClickHouse
import TributaryCore

extension RunSummary {
    /// The summary as one `_tributary_runs` row: money summed over files per column, loaded only once committed
    /// (as in `json()`), and the finish time from the start plus the run's duration.
    func runRecord(mode: String, host: String = ProcessInfo.processInfo.hostName) -> RunRecordRow {
        var totals: [MoneyKey: FileLedger.MoneyFlow] = [:]
        for f in files {
            for (key, flow) in f.money {
                totals[key, default: .init()].read += flow.read
                totals[key, default: .init()].sent += flow.sent
                totals[key, default: .init()].filtered += flow.filtered
                totals[key, default: .init()].rejected += flow.rejected
            }
        }
        let money = totals.keys.sorted().compactMap { key -> RunRecordRow.Money? in
            guard let flow = totals[key], key.column < moneyColumns.count else { return nil }
            return RunRecordRow.Money(
                column: moneyColumns[key.column], currency: key.currency, read: flow.read,
                loaded: committed ? flow.sent : 0, filtered: flow.filtered, rejected: flow.rejected)
        }
        return RunRecordRow(
            runID: runID, pipeline: pipeline, mode: mode, host: host, startedAt: startedAt,
            finishedAt: startedAt + Int64(seconds.rounded(.up)), status: status.rawValue,
            rowsRead: UInt64(max(0, rowsRead)), rowsLoaded: UInt64(max(0, rowsLoaded)),
            rowsFiltered: UInt64(max(0, rowsFiltered)), rowsRejected: UInt64(max(0, rowsRejected)), money: money,
            destination: destination, error: error)
    }
}
