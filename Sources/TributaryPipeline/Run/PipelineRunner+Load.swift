import Foundation
import TributaryCore

/// The run's loads and their commit points: which inputs a run reads (from state and the mode), when the state
/// advances (only after the load it records has committed, lesson L13), and how a backfill walks its chunks.
extension PipelineRunner {
    /// The state store for this pipeline.
    func makeStateStore() throws(StateError) -> any StateStore {
        try pipeline.makeStateStore(workingDirectory: options.workingDirectory)
    }

    func execute(_ run: RunState) async throws {
        // Reference files (price catalogs, rates, mappings) are read before anything else: a missing one stops the
        // run before any state is read or row loaded.
        run.transforms = try pipeline.transforms.map { t in try (t as? any OpenableTransformer)?.opened() ?? t }
        let store = try makeStateStore()
        // Before any load: a run that could not record what it loaded must not load.
        if !options.dryRun { try await store.checkWritable() }
        let document = try await store.load()
        run.store = store
        run.document = document
        if options.mode == .incremental, !options.dryRun, !document.sources.isEmpty,
            let reason = try? await pipeline.sink.missingLoads(of: pipeline.settings.name)
        {
            run.readEverything = true
            logger.warning(
                "state_stale",
                "state says inputs of \(pipeline.settings.name) were loaded, but \(reason): reading everything, as "
                    + "--full-refresh would")
        }
        switch options.mode {
        case .incremental, .fullRefresh: try await loadIncrementally(run)
        case .backfill(let range): try await backfill(range, run)
        }
    }

    /// Today, in days since 1970-01-01 (UTC): the restatement window ends here.
    var today: Int64 { Int64((Date().timeIntervalSince1970 / 86400).rounded(.down)) }

    // MARK: Incremental and full refresh

    private func loadIncrementally(_ run: RunState) async throws {
        if let api = pipeline.extractor as? any CheckpointedExtractor { return try await loadFromCheckpoint(api, run) }
        guard let source = pipeline.extractor as? any FileExtractor else {
            // Sources without files keep their own checkpoints (cursors, watermarks) and read everything here.
            try await loadOnce(run, reader: { try pipeline.extractor.open() }, window: nil, widen: nil)
            return
        }
        let files = try source.inputFiles()
        let selection = try FileSelection(
            files: files, committed: run.document?.files(source: pipeline.sourceID) ?? [:], alwaysHash: false)
        let restateFrom = pipeline.timing.restateWindow.map { $0.start(today: today) }
        let first = selection.initial(mode: run.readEverything ? .fullRefresh : options.mode, restateFrom: restateFrom)
        run.filesSkipped = files.count - first.count
        for f in files where !first.contains(f) {
            logger.info("file_skipped", "skipping \(f.path): loaded and unchanged", [("file", f.path)])
        }
        guard !first.isEmpty else {
            run.nothingNew = true
            logger.info("nothing_new", "nothing new: every input file is loaded and unchanged since the last commit")
            return
        }
        let read = FileReadSet(first)
        let widen: Widening = { [selection] replacing in
            let more = selection.widen(replacing: replacing, alreadyRead: read.paths)
            read.add(more)
            return (more, selection.committedSlices(of: more))
        }
        let written = try await loadOnce(
            run, reader: { try source.open(files: first) }, window: nil,
            widen: (selection.committedSlices(of: first), widen, { try source.open(files: $0) }))
        guard !options.dryRun, var document = run.document else { return }
        var fingerprints: [FileFingerprint] = []
        for f in read.files {
            guard var fingerprint = selection.checks[f.path]?.fingerprint else { continue }
            fingerprint.coverage = FileCoverage(slices: Array(written?[f.path] ?? []), days: run.days[f.path])
            fingerprints.append(fingerprint)
        }
        document.commitFiles(source: pipeline.sourceID, fingerprints)
        document.pruneFiles(source: pipeline.sourceID, keeping: Set(files.map(\.path)))
        CrashPoint.afterCommit.reach()
        try await run.store?.save(document)
        run.document = document
    }

    /// An API source: resumes from its committed checkpoint (none for a full refresh), and saves the checkpoint
    /// the reader ends with once the load has committed.
    private func loadFromCheckpoint(_ api: any CheckpointedExtractor, _ run: RunState) async throws {
        let committed =
            options.mode == .fullRefresh || run.readEverything
            ? nil : run.document?.sources[pipeline.sourceID]?.extractCheckpoint
        let request = ExtractRequest(checkpoint: committed, restateFrom: restateFrom(resuming: committed))
        try await loadOnce(run, reader: { try api.open(request) }, window: nil, widen: nil)
        guard !options.dryRun, var document = run.document, let checkpoint = run.finalCheckpoint else { return }
        document.setCheckpoint(SourceCheckpoint(checkpoint), source: pipeline.sourceID)
        CrashPoint.afterCommit.reach()
        try await run.store?.save(document)
        run.document = document
    }

    /// Where an API source must re-read from at the latest (epoch seconds): the restatement window's start, and,
    /// for a sink that replaces whole partitions cut by time, the start of the partition the resume point falls
    /// in, so that each replaced partition is rebuilt from all its rows.
    func restateFrom(resuming checkpoint: ExtractCheckpoint?) -> Int64? {
        var from = pipeline.timing.restateWindow.map { $0.start(today: today) * 86400 }
        if case .watermark(let w)? = checkpoint, pipeline.sink.replacesSlices, let column = pipeline.timing.timeColumn,
            let period = pipeline.sink.slicePeriod(timeColumn: column)
        {
            let day = w.resumeFrom.seconds >= 0 ? w.resumeFrom.seconds / 86400 : (w.resumeFrom.seconds - 86399) / 86400
            let aligned = period.start(of: day) * 86400
            from = min(from ?? aligned, aligned)
        }
        return from
    }

    // MARK: Backfill

    private func backfill(_ range: BackfillRange, _ run: RunState) async throws {
        guard let column = pipeline.timing.timeColumn else {
            throw RunError.backfillImpossible(
                "backfill needs [source] time_column: it is what places each row in a chunk")
        }
        if pipeline.sink.replacesSlices {
            guard let period = pipeline.sink.slicePeriod(timeColumn: column) else {
                throw RunError.backfillImpossible("the sink's partitions are not cut by \(column)")
            }
            guard period == .day || period == range.chunk else {
                throw RunError.backfillImpossible(
                    "partitions are cut by \(period) and a \(range.chunk) chunk does not hold whole \(period)s; "
                        + "use --chunk \(period)")
            }
            guard period.start(of: range.from) == range.from, period.start(of: range.to) == range.to else {
                throw RunError.backfillImpossible(
                    "--from and --to must start a \(period), since each chunk replaces whole partitions: "
                        + "try --from \(CivilTime.formatDate(days: period.start(of: range.from))) "
                        + "--to \(CivilTime.formatDate(days: period.start(of: range.to)))")
            }
        }
        var progress = BackfillProgress(range: range, doneThrough: range.from)
        if let unfinished = run.document?.backfill {
            if unfinished.range == range {
                progress = unfinished
                logger.info(
                    "backfill_resumed",
                    "resuming the backfill \(range.description) at \(CivilTime.formatDate(days: unfinished.doneThrough))")
            } else {
                logger.warning(
                    "backfill_replaced",
                    "an unfinished backfill \(unfinished.range.description) is replaced by \(range.description)")
            }
        }
        let all = range.chunks
        let remaining = progress.remaining
        run.chunks = (0, all.count)
        let source = pipeline.extractor as? any FileExtractor
        let files = try source?.inputFiles() ?? []
        let selection = try FileSelection(
            files: files, committed: run.document?.files(source: pipeline.sourceID) ?? [:], alwaysHash: false)
        for (i, window) in remaining.enumerated() {
            run.progress.chunk = ProgressReporter.BackfillPosition(
                index: all.count - remaining.count + i + 1, total: all.count, label: window.description,
                doneThisRun: i, toDo: remaining.count)
            logger.info("chunk_started", "chunk \(window.description)", [("chunk", window.description)])
            if let source {
                let chunkFiles = selection.files(for: window)
                run.filesSkipped += files.count - chunkFiles.count
                guard !chunkFiles.isEmpty else { continue }
                try await loadOnce(run, reader: { try source.open(files: chunkFiles) }, window: window, widen: nil)
            } else if let api = pipeline.extractor as? any CheckpointedExtractor {
                let request = ExtractRequest(window: ClosedOpenSeconds(from: window.from * 86400, to: window.to * 86400))
                try await loadOnce(run, reader: { try api.open(request) }, window: window, widen: nil)
            } else {
                try await loadOnce(run, reader: { try pipeline.extractor.open() }, window: window, widen: nil)
            }
            guard !options.dryRun, var document = run.document else { continue }
            CrashPoint.afterCommit.reach()
            progress.doneThrough = window.to
            document.backfill = progress
            try await run.store?.save(document)
            run.document = document
            run.chunks?.committed += 1
            CrashPoint.betweenChunks.reach()
        }
        guard !options.dryRun, var document = run.document else { return }
        document.backfill = nil
        try await run.store?.save(document)
        run.document = document
    }

    // MARK: One load

    /// Reads more files for slices about to be replaced: given every slice being replaced so far, the files
    /// to read next and the slices their last load committed.
    typealias Widening = @Sendable (Set<String>) -> ([InputFile], Set<String>)

    /// One load and its commit: extract → transform → loader, then commit. `window` keeps only the rows whose
    /// time falls in it. `widen` (incremental runs) starts from the slices the first files committed last time
    /// and, for a sink that replaces slices, keeps adding the files that feed a slice being replaced. Returns
    /// the slices written per file, for a sink that replaces slices.
    @discardableResult
    private func loadOnce(
        _ run: RunState, reader open: @escaping @Sendable () throws -> any ExtractReader, window: DayWindow?,
        widen: (initial: Set<String>, next: Widening, open: @Sendable ([InputFile]) throws -> any ExtractReader)?
    ) async throws -> [String: Set<String>]? {
        guard !options.dryRun else {
            var reader = try open()
            try await extract(&reader, window: window, into: nil, run)
            run.finalCheckpoint = (reader as? any CheckpointedReader)?.checkpoint
            return nil
        }
        let loader = pipeline.sink.makeLoader(runID: options.runID)
        try await loader.prepare(schema: pipeline.outputSchema)
        let receipt = try await loader.session { [self] in
            var first = try open()
            try await extract(&first, window: window, into: loader, run)
            run.finalCheckpoint = (first as? any CheckpointedReader)?.checkpoint
            if pipeline.sink.replacesSlices, let widen {
                var replacing = widen.initial
                while true {
                    for slices in (await loader.slicesWritten() ?? [:]).values { replacing.formUnion(slices) }
                    let (more, theirs) = widen.next(replacing)
                    guard !more.isEmpty else { break }
                    logger.info(
                        "files_widened",
                        "also reading \(more.count) unchanged file(s) that feed partitions being replaced: "
                            + more.map(\.path).joined(separator: ", "))
                    replacing.formUnion(theirs)
                    var reader = try widen.open(more)
                    try await extract(&reader, window: window, into: loader, run)
                }
                try await loader.replaceAlso(replacing)
            }
            return try await loader.commit()
        }
        run.add(receipt)
        let written = await loader.slicesWritten()
        await recordLoads(receipt, window: window, run)
        return written
    }
}

/// The files an incremental run has decided to read, growing as partitions widen it.
final class FileReadSet: @unchecked Sendable {
    private(set) var files: [InputFile]
    private(set) var paths: Set<String>

    init(_ files: [InputFile]) {
        self.files = files
        paths = Set(files.map(\.path))
    }

    func add(_ more: [InputFile]) {
        files += more
        paths.formUnion(more.map(\.path))
    }
}

extension PipelineRunner {
    /// One row per committed slice (best effort, like run history: the load stands either way). Partitions when
    /// the commit replaced whole partitions, else the backfill chunk, else the files the load read.
    func recordLoads(_ receipt: LoadReceipt, window: DayWindow?, _ run: RunState) async {
        func record(_ kind: LoadRecord.Kind, _ slice: String, _ rows: Int) -> LoadRecord {
            LoadRecord(
                runID: options.runID, pipeline: pipeline.settings.name, mode: options.mode.name,
                source: pipeline.sourceID, kind: kind, slice: slice, rows: rows)
        }
        let loads: [LoadRecord]
        if !receipt.replacedSlices.isEmpty {
            loads = receipt.replacedSlices.map { record(.partition, $0.slice, $0.rows) }
        } else if let window {
            loads = [record(.chunk, window.description, receipt.rows)]
        } else {
            loads = run.ledgers.map { record(.file, $0.file, $0.rowsSent) }
        }
        guard !loads.isEmpty else { return }
        do {
            try await pipeline.sink.recordLoads(loads)
        } catch {
            logger.warning("load_history_failed", "load history not recorded: \(error)")
        }
    }
}
