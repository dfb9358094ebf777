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

    /// Where the pipeline's lock and local state live.
    public var stateDirectory: String { pipeline.stateDirectory(workingDirectory: options.workingDirectory) }

    /// Takes the pipeline's lock, so that two cron runs of one pipeline never overlap, and `state reset` waits
    /// for the run; a dry run writes nothing and takes none.
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
        let run = RunState(
            moneyColumns: pipeline.extractor.moneyColumns,
            rejects: RejectsWriter(path: rejectsPath, pipeline: pipeline.settings.name, runID: options.runID),
            progress: ProgressReporter(enabled: options.progress && ProgressReporter.standardErrorIsTerminal))
        let modeName = options.dryRun ? "dry_run" : options.mode.name
        logger.info(
            "run_started",
            "run \(options.runID) of \(pipeline.settings.name) started (\(options.mode.name)"
                + (options.dryRun ? ", dry run)" : ")"),
            [("mode", modeName)])
        var failure: (any Error)?
        var held: PipelineLock?
        do {
            run.lineage = try pipeline.lineage?.make(
                runID: options.runID, ingestedAt: Int64(started.timeIntervalSince1970))
            held = try lock()
            try await execute(run)
        } catch {
            failure = error
        }
        run.progress.finish()
        do { try run.rejects.close() } catch { failure = failure ?? error }

        if failure == nil, let broken = run.ledgers.first(where: { !$0.reconciles }) {
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
            moneyColumns: run.moneyColumns, files: run.ledgers, rowsLoaded: run.receipt.rows,
            inserts: run.receipt.inserts, bytesSent: run.receipt.bytesSent, destination: pipeline.sink.summary,
            rejectsPath: run.rejects.path, rejectsWritten: run.rejects.count, error: failure.map { String(describing: $0) })
        summary.mode = modeName
        summary.filesSkipped = run.filesSkipped
        summary.chunks = run.chunks
        if let failure {
            logger.error("run_failed", "run \(options.runID) failed: \(failure)")
        } else if run.nothingNew {
            logger.info("run_finished", "run \(options.runID) finished: nothing new since the last committed run")
        } else {
            logger.info(
                "run_finished",
                "run \(options.runID) finished: \(summary.rowsRead) rows read, \(run.receipt.rows) loaded")
        }
        // A run that could not take the lock did nothing: it is no run of the pipeline, and recording it as a
        // failure would hide the one that holds the lock.
        if !options.dryRun, held != nil { summary = await afterRun(summary, run, succeeded: failure == nil) }
        held?.release()
        return RunOutcome(summary: summary, error: failure)
    }

    /// What a run does once its load is over, while it still holds the lock: its entry in the state's recent
    /// runs, its row in the run history, then, when it succeeded, the detections and the dashboard views. None of
    /// it changes the run's exit code; each failure is a warning in the log and the summary.
    private func afterRun(_ summary: RunSummary, _ run: RunState, succeeded: Bool) async -> RunSummary {
        var summary = summary
        await remember(summary, run)
        // Best effort: the run's own outcome and exit code stand whether or not its history is kept.
        do {
            try await pipeline.sink.recordRun(summary)
        } catch {
            summary.runHistoryError = String(describing: error)
            logger.warning("run_history_failed", "run history not recorded: \(error)")
        }
        if succeeded, !pipeline.detections.isEmpty, let sink = pipeline.sink as? ClickHouseSinkPlan {
            summary.detections = await DetectionRunner(
                pipeline: pipeline, configuration: sink.configuration, runID: options.runID
            ).run(at: nil)
            for d in summary.detections {
                if let f = d.failure { logger.warning("detection_failed", "detection \(d.id) failed: \(f)") }
                for p in d.problems { logger.warning("alerts_failed", "detection \(d.id): \(p)") }
            }
        }
        if succeeded {
            do {
                let refreshed = try await pipeline.sink.refreshViews()
                if !refreshed.isEmpty {
                    logger.info("views_refreshed", "dashboard views created: \(refreshed.joined(separator: ", "))")
                }
            } catch {
                logger.warning("views_failed", "dashboard views not refreshed: \(error)")
            }
        }
        return summary
    }

    /// Adds the run to the state's recent runs, while the lock is still held. Only when the state was read and
    /// trusted: a refused state file is left exactly as it was for the user to inspect.
    private func remember(_ summary: RunSummary, _ run: RunState) async {
        guard let store = run.store, var document = run.document else { return }
        let start = ExactTimestamp(seconds: summary.startedAt)
        document.record(
            run: RunRecord(
                runID: summary.runID, mode: summary.mode, status: summary.status.rawValue, startedAt: start,
                finishedAt: ExactTimestamp.now(), rowsRead: Int64(summary.rowsRead),
                rowsLoaded: Int64(summary.rowsLoaded)))
        do {
            try await store.save(document)
        } catch {
            logger.warning("state_history_failed", "the run's entry in the state's recent runs was not saved: \(error)")
        }
    }
}
