import TributaryCore
import TributaryTransformers

extension PipelineRunner {
    /// The mutable bookkeeping of one run.
    ///
    /// A class so that the loader's session can run the extraction loop; `@unchecked Sendable` because exactly one
    /// task touches it at a time: the runner's, or the session body while the runner awaits that session.
    final class RunState: @unchecked Sendable {
        let moneyColumns: [String]
        let rejects: RejectsWriter
        /// The pipeline's transforms, opened for this run (those that read reference files have read them).
        var transforms: [any Transformer] = []
        /// The row id and lineage stage of this run, after the pipeline's transforms.
        var lineage: LineageTransformer?
        var progress: ProgressReporter
        var ledgers: [FileLedger] = []
        var ledgerIndex: [String: Int] = [:]
        var rowsRead = 0
        var rowsRejected = 0
        var bytesDone = 0
        /// What every commit of the run loaded, summed (a backfill commits once per chunk).
        var receipt = LoadReceipt(rows: 0, inserts: 0, bytesSent: 0)
        /// The state store, and the state as read at the start and advanced after each commit; nil until read
        /// (and for good when it was refused).
        var store: (any StateStore)?
        var document: PipelineState?
        /// Input files left unread because state shows them loaded and unchanged.
        var filesSkipped = 0
        /// State was found stale (its destination is gone): read every input, as a full refresh.
        var readEverything = false
        /// The run found nothing new to read.
        var nothingNew = false
        /// Backfill: chunks committed by this run, and chunks the backfill has in all.
        var chunks: (committed: Int, total: Int)?
        /// An API source's checkpoint after its last load: saved once that load has committed.
        var finalCheckpoint: ExtractCheckpoint?
        /// The first and last day of the rows read from each file, by the source's time column.
        var days: [String: ClosedRange<Int64>] = [:]

        init(moneyColumns: [String], rejects: RejectsWriter, progress: ProgressReporter) {
            self.moneyColumns = moneyColumns
            self.rejects = rejects
            self.progress = progress
        }

        func ledger(_ file: String) -> Int {
            if let i = ledgerIndex[file] { return i }
            ledgers.append(FileLedger(file: file, moneyColumns: moneyColumns.count))
            ledgerIndex[file] = ledgers.count - 1
            return ledgers.count - 1
        }

        func add(_ r: LoadReceipt) {
            receipt.rows += r.rows
            receipt.inserts += r.inserts
            receipt.bytesSent += r.bytesSent
        }

        func noteDays(_ file: String, _ range: ClosedRange<Int64>) {
            if let d = days[file] {
                days[file] = min(d.lowerBound, range.lowerBound)...max(d.upperBound, range.upperBound)
            } else {
                days[file] = range
            }
        }
    }
}
