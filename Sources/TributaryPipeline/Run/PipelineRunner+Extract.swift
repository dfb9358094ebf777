import TributaryCore

extension PipelineRunner {
    /// Reads `reader` to its end, transforms each batch and hands it to `loader` (none on a dry run), keeping
    /// the books. With a `window`, rows whose time is outside it are filtered before the transforms.
    func extract(
        _ reader: inout any ExtractReader, window: DayWindow?, into loader: (any Loader)?, _ state: RunState
    ) async throws {
        let timeIndex = pipeline.timing.timeColumn.flatMap { pipeline.extractor.outputSchema.index(of: $0) }
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
                    state.ledgers[i].add(r.moneyByKey, to: \.read)
                    state.ledgers[i].add(r.moneyByKey, to: \.rejected)
                    try state.rejects.write(r)
                }
                state.rowsRead += rejects.count
                state.rowsRejected += rejects.count
            case .batch(var batch, let bytesRead):
                let i = state.ledger(batch.lineage.file)
                state.ledgers[i].rowsRead += batch.count
                state.ledgers[i].add(batch.lineage.moneyTotals(), to: \.read)
                state.rowsRead += batch.count
                CrashPoint.extract.reach()
                if let timeIndex {
                    batch = keep(batch, in: window, timeIndex: timeIndex, ledger: i, state: state)
                }
                let out = try transform(batch, ledger: i, state: state)
                if let loader, out.count > 0 {
                    try await loader.write(out)
                    CrashPoint.betweenBatches.reach()
                }
                state.ledgers[i].rowsSent += out.count
                state.ledgers[i].add(out.lineage.moneyTotals(), to: \.sent)
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
    func transform(_ batch: RecordBatch, ledger i: Int, state: RunState) throws -> RecordBatch {
        var current = batch
        for t in state.transforms {
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
                state.ledgers[i].add(current.lineage.moneyTotals(rows: out.filtered), to: \.filtered)
            }
            for issue in out.rejected {
                let raw = current.rowDescription(issue.row).map { ($0.0, $0.1.isNull ? nil : $0.1.description) }
                let reject = Reject(
                    stage: t.id, file: current.lineage.file, line: current.lineage.lines[issue.row], field: issue.field,
                    reason: issue.reason, raw: raw, money: current.lineage.money.map { $0[issue.row] },
                    currency: current.lineage.currency(of: issue.row))
                state.ledgers[i].rowsRejected += 1
                state.ledgers[i].add(reject.moneyByKey, to: \.rejected)
                try state.rejects.write(reject)
            }
            state.rowsRejected += out.rejected.count
            current = out.batch
        }
        // Adds columns only: it neither rejects nor filters.
        if let lineage = state.lineage, current.count > 0 { current = try lineage.transform(current).batch }
        return current
    }

    /// The rows of `batch` whose day falls in `window` (all of them without one), the others counted as
    /// filtered; notes the days of the rows kept for the file's coverage in state.
    private func keep(_ batch: RecordBatch, in window: DayWindow?, timeIndex: Int, ledger i: Int, state: RunState)
        -> RecordBatch
    {
        let days: [Int64]
        switch batch.columns[timeIndex] {
        case .date(let c): days = c.values.map { Int64($0) }
        case .dateTime(let c): days = c.values.map { $0 >= 0 ? $0 / 86400 : ($0 - 86399) / 86400 }
        default: return batch
        }
        var kept: [Int] = []
        var outside: [Int] = []
        if let window {
            kept.reserveCapacity(days.count)
            for (row, day) in days.enumerated() {
                if day >= window.from && day < window.to { kept.append(row) } else { outside.append(row) }
            }
        }
        let keptDays = window == nil ? days : kept.map { days[$0] }
        if let lo = keptDays.min(), let hi = keptDays.max() { state.noteDays(batch.lineage.file, lo...hi) }
        guard window != nil, !outside.isEmpty else { return batch }
        state.ledgers[i].rowsFiltered += outside.count
        state.ledgers[i].add(batch.lineage.moneyTotals(rows: outside), to: \.filtered)
        return batch.selecting(kept)
    }
}
