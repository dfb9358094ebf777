import Foundation
import TributaryCore

/// Options of one `tributary run`.
public struct RunOptions: Sendable {
    public var mode: RunMode
    /// Extract and transform, count what would load, and never contact the sink.
    public var dryRun: Bool
    public var logFormat: LogFormat
    /// Draw a live progress line (only when standard error is a terminal).
    public var progress: Bool
    public var runID: String
    /// The working directory the default rejects path is under.
    public var workingDirectory: String

    public init(
        mode: RunMode = .incremental, dryRun: Bool = false, logFormat: LogFormat = .human, progress: Bool = false,
        runID: String = RunOptions.newRunID(),
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        self.mode = mode
        self.dryRun = dryRun
        self.logFormat = logFormat
        self.progress = progress
        self.runID = runID
        self.workingDirectory = workingDirectory
    }

    /// `20261121T123456Z-3f9a1c`: sortable by start time, unique across hosts in practice.
    public static func newRunID(now: Date = Date()) -> String {
        let stamp = CivilTime.formatDateTime(epochSeconds: Int64(now.timeIntervalSince1970))
            .replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            .replacingOccurrences(of: " ", with: "T")
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(stamp)Z-\(String(repeating: "0", count: 8 - suffix.count))\(suffix)"
    }
}

/// What a run ended with: the summary, and the error that stopped it, if any.
public struct RunOutcome: Sendable {
    public var summary: RunSummary
    public var error: (any Error)?
    public var exitCode: Int32 { error.map(ExitStatus.code(for:)) ?? 0 }
}

/// Runs a compiled pipeline: extract → transform* → load → commit, accounting for every row and every amount.
///
/// The runner owns ordering and the commit point; stages never see each other.
public struct PipelineRunner: Sendable {
    public let pipeline: CompiledPipeline
    public let options: RunOptions
    public let logger: RunLogger

    public init(pipeline: CompiledPipeline, options: RunOptions, logger: RunLogger) {
        self.pipeline = pipeline
        self.options = options
        self.logger = logger
    }

    public var rejectsPath: String {
        var p = pipeline.settings.rejectsPath
            .replacingOccurrences(of: "{pipeline}", with: pipeline.settings.name)
            .replacingOccurrences(of: "{run_id}", with: options.runID)
        if !p.hasPrefix("/") {
            let base =
                pipeline.settings.rejectsPath == PipelineSettings.defaultRejectsPath
                ? options.workingDirectory : pipeline.settings.directory
            p = (base as NSString).appendingPathComponent(p)
        }
        return (p as NSString).standardizingPath
    }

    /// Where the pipeline's lock lives: `[pipeline] state_dir` (relative to the pipeline file), or
    /// `.tributary/state` under the working directory.
    public var stateDirectory: String {
        guard let dir = pipeline.settings.stateDirectory else {
            return (options.workingDirectory as NSString).appendingPathComponent(".tributary/state")
        }
        let p = dir.hasPrefix("/") ? dir : (pipeline.settings.directory as NSString).appendingPathComponent(dir)
        return (p as NSString).standardizingPath
    }

    /// Takes the pipeline's lock, so that two cron runs of one pipeline never overlap; a dry run writes nothing
    /// and takes none.
    private func lock() throws -> PipelineLock? {
        guard !options.dryRun else { return nil }
        let lock = try PipelineLock.acquire(
            pipeline: pipeline.settings.name, folder: stateDirectory, runID: options.runID)
        if let dead = lock.takenOverFrom {
            logger.warning("lock_taken_over", PipelineLock.takeoverWarning(dead), [("lock", lock.path)])
        }
        return lock
    }

    public func run() async -> RunOutcome {
        let started = Date()
        let state = RunState(
            moneyColumns: pipeline.extractor.moneyColumns,
            rejects: RejectsWriter(path: rejectsPath, pipeline: pipeline.settings.name, runID: options.runID),
            progress: ProgressReporter(enabled: options.progress && ProgressReporter.standardErrorIsTerminal))
        logger.info(
            "run_started",
            "run \(options.runID) of \(pipeline.settings.name) started\(options.dryRun ? " (dry run)" : "")",
            [("mode", options.dryRun ? "dry_run" : "batch")])
        var receipt = LoadReceipt(rows: 0, inserts: 0, bytesSent: 0)
        var failure: (any Error)?
        var held: PipelineLock?
        do {
            held = try lock()
            receipt = try await execute(state)
        } catch {
            failure = error
        }
        held?.release()
        state.progress.finish()
        do { try state.rejects.close() } catch { failure = failure ?? error }

        if failure == nil, let broken = state.ledgers.first(where: { !$0.reconciles }) {
            failure = RunError.unreconciled(
                file: broken.file,
                detail:
                    "read \(broken.rowsRead), sent \(broken.rowsSent), filtered \(broken.rowsFiltered), rejected \(broken.rowsRejected)"
            )
        }
        let status: RunSummary.Status
        if failure == nil {
            status = options.dryRun ? .dryRun : .succeeded
        } else if case .rejectBudgetExceeded? = failure as? RunError {
            status = .rejectsExceeded
        } else {
            status = .failed
        }
        var summary = RunSummary(
            runID: options.runID, pipeline: pipeline.settings.name, status: status,
            startedAt: Int64(started.timeIntervalSince1970), seconds: Date().timeIntervalSince(started),
            moneyColumns: state.moneyColumns, files: state.ledgers, rowsLoaded: receipt.rows, inserts: receipt.inserts,
            bytesSent: receipt.bytesSent, destination: pipeline.sink.summary, rejectsPath: state.rejects.path,
            rejectsWritten: state.rejects.count, error: failure.map { String(describing: $0) })
        if let failure {
            logger.error("run_failed", "run \(options.runID) failed: \(failure)")
        } else {
            logger.info(
                "run_finished", "run \(options.runID) finished: \(summary.rowsRead) rows read, \(receipt.rows) loaded")
        }
        if !options.dryRun {
            // Best effort: the run's own outcome and exit code stand whether or not its history is kept.
            do {
                try await pipeline.sink.recordRun(summary)
            } catch {
                summary.runHistoryError = String(describing: error)
                logger.warning("run_history_failed", "run history not recorded: \(error)")
            }
        }
        return RunOutcome(summary: summary, error: failure)
    }

    /// The mutable bookkeeping of one run.
    ///
    /// A class so that the loader's session can run the extraction loop; `@unchecked Sendable` because exactly one
    /// task touches it at a time: the runner's, or the session body while the runner awaits that session.
    final class RunState: @unchecked Sendable {
        let moneyColumns: [String]
        let rejects: RejectsWriter
        var progress: ProgressReporter
        var ledgers: [FileLedger] = []
        var ledgerIndex: [String: Int] = [:]
        var rowsRead = 0
        var rowsRejected = 0
        var bytesDone = 0

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
    }

    private func execute(_ state: RunState) async throws -> LoadReceipt {
        guard !options.dryRun else {
            try await extract(into: nil, state)
            return LoadReceipt(rows: 0, inserts: 0, bytesSent: 0)
        }
        let loader = pipeline.sink.makeLoader(runID: options.runID)
        try await loader.prepare(schema: pipeline.outputSchema)
        return try await loader.session { [self] in
            try await extract(into: loader, state)
            return try await loader.commit()
        }
    }

    /// Reads every input, transforms each batch and hands it to `loader` (none on a dry run), keeping the books.
    private func extract(into loader: (any Loader)?, _ state: RunState) async throws {
        var reader = try pipeline.extractor.open()
        let budget = pipeline.settings.maxRejects
        while let event = try await reader.next() {
            switch event {
            case .fileStarted(let path):
                _ = state.ledger(path)
                logger.info("file_started", "reading \(path)", [("file", path)])
            case .rejects(let rejects):
                for r in rejects {
                    let i = state.ledger(r.file)
                    state.ledgers[i].rowsRead += 1
                    state.ledgers[i].rowsRejected += 1
                    FileLedger.add(&state.ledgers[i].moneyRead, r.money)
                    FileLedger.add(&state.ledgers[i].moneyRejected, r.money)
                    try state.rejects.write(r)
                }
                state.rowsRead += rejects.count
                state.rowsRejected += rejects.count
            case .batch(let batch, let bytesRead):
                let i = state.ledger(batch.lineage.file)
                state.ledgers[i].rowsRead += batch.count
                FileLedger.add(&state.ledgers[i].moneyRead, batch.lineage.moneyTotals())
                state.rowsRead += batch.count
                let out = try transform(batch, ledger: i, state: state)
                if let loader, out.count > 0 { try await loader.write(out) }
                state.ledgers[i].rowsSent += out.count
                FileLedger.add(&state.ledgers[i].moneySent, out.lineage.moneyTotals())
                state.progress.update(
                    rows: state.rowsRead, bytes: state.bytesDone + bytesRead, file: batch.lineage.file)
            case .fileFinished(let path, let bytes):
                let i = state.ledger(path)
                state.ledgers[i].bytes = bytes
                state.bytesDone += bytes
            }
            if budget.isExceeded(rejected: state.rowsRejected, read: state.rowsRead, final: false) {
                throw RunError.rejectBudgetExceeded(
                    rejected: state.rowsRejected, read: state.rowsRead, budget: budget, rejectsPath: state.rejects.path)
            }
        }
        if budget.isExceeded(rejected: state.rowsRejected, read: state.rowsRead, final: true) {
            throw RunError.rejectBudgetExceeded(
                rejected: state.rowsRejected, read: state.rowsRead, budget: budget, rejectsPath: state.rejects.path)
        }
    }

    /// Runs the transform chain over one batch, sending each transform's rejects and filtered rows to the books.
    private func transform(_ batch: RecordBatch, ledger i: Int, state: RunState) throws -> RecordBatch {
        var current = batch
        for t in pipeline.transforms {
            let out: TransformOutput
            do {
                out = try t.transform(current)
            } catch {
                let lines = current.lineage.lines
                let range = "\(current.lineage.file):\(lines.first ?? 0)-\(lines.last ?? 0)"
                throw RunError.stageFailed(stage: t.id, location: range, message: String(describing: error))
            }
            if !out.filtered.isEmpty {
                state.ledgers[i].rowsFiltered += out.filtered.count
                FileLedger.add(&state.ledgers[i].moneyFiltered, current.lineage.moneyTotals(rows: out.filtered))
            }
            for issue in out.rejected {
                let money = current.lineage.money.map { $0[issue.row] }
                state.ledgers[i].rowsRejected += 1
                FileLedger.add(&state.ledgers[i].moneyRejected, money)
                let raw = current.rowDescription(issue.row).map { ($0.0, $0.1.isNull ? nil : $0.1.description) }
                try state.rejects.write(
                    Reject(
                        stage: t.id, file: current.lineage.file, line: current.lineage.lines[issue.row],
                        field: issue.field, reason: issue.reason, raw: raw, money: money))
            }
            state.rowsRejected += out.rejected.count
            current = out.batch
        }
        return current
    }
}
