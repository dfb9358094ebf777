import TributaryCore

/// What one run did, per source file, for people (`render`) and machines (`json`).
public struct RunSummary: Sendable {
    public enum Status: String, Sendable {
        case succeeded, failed, rejectsExceeded = "rejects_exceeded", dryRun = "dry_run"
    }

    public var runID: String
    public var pipeline: String
    public var status: Status
    public var startedAt: Int64
    public var seconds: Double
    public var moneyColumns: [String]
    public var files: [FileLedger]
    /// Rows the sink committed (0 on a dry run or when the commit failed).
    public var rowsLoaded: Int
    public var inserts: Int
    public var bytesSent: Int
    public var destination: String
    public var rejectsPath: String?
    public var rejectsWritten: Int
    public var error: String?
    /// Why the run's row in the destination's run history could not be written; the run's outcome stands.
    public var runHistoryError: String? = nil
    /// What the pipeline's `[[detect]]` sections found after the load.
    public var detections: [DetectionReport] = []
    /// `incremental`, `full_refresh`, `backfill` or `dry_run`.
    public var mode = "incremental"
    /// Input files not read because state shows them loaded and unchanged.
    public var filesSkipped = 0
    /// Backfill: chunks this run committed, and chunks the backfill has in all.
    public var chunks: (committed: Int, total: Int)?

    public var rowsRead: Int { files.reduce(0) { $0 + $1.rowsRead } }
    public var rowsFiltered: Int { files.reduce(0) { $0 + $1.rowsFiltered } }
    public var rowsRejected: Int { files.reduce(0) { $0 + $1.rowsRejected } }
    public var rowsSent: Int { files.reduce(0) { $0 + $1.rowsSent } }
    public var bytesRead: Int { files.reduce(0) { $0 + $1.bytes } }
    /// Whether every row sent was committed.
    var committed: Bool { status == .succeeded || rowsLoaded == rowsSent && rowsSent > 0 }

    /// An amount with its trailing zeros dropped, down to cents: exact, and readable.
    static func money(_ units: Int128) -> ExactDecimal {
        let d = ExactDecimal(units: units, scale: Lineage.moneyScale)
        return d.rescaledExactly(to: max(2, d.significantScale)) ?? d
    }

    /// The human summary: a table of files with rows and money, then totals and where things went.
    public func render() -> String {
        var out: [String] = []
        let verb: String
        switch status {
        case .succeeded: verb = "succeeded"
        case .failed: verb = "FAILED"
        case .rejectsExceeded: verb = "FAILED: too many rejects"
        case .dryRun: verb = "dry run (nothing loaded)"
        }
        out.append(
            "Run \(runID) of pipeline \(pipeline) (\(mode)): \(verb) in \(String(format: "%.2f", seconds)) s")
        if let chunks {
            out.append("Backfill: \(chunks.committed) chunk(s) committed by this run; \(chunks.total) in the range.")
        }
        let loadedHeader = status == .dryRun ? "would load" : "loaded"
        var table: [[String]] = [["source file", "read", loadedHeader, "filtered", "rejected", ""]]
        for f in files {
            let loaded = status == .dryRun || committed ? String(f.rowsSent) : "0 of \(f.rowsSent)"
            table.append([
                f.file, String(f.rowsRead), loaded, String(f.rowsFiltered), String(f.rowsRejected),
                f.reconciles ? "✓" : "✗ does not reconcile",
            ])
            for key in f.moneyKeys {
                guard let flow = f.money[key], key.column < moneyColumns.count else { continue }
                let label = "  \(moneyColumns[key.column])" + (key.currency.isEmpty ? "" : " \(key.currency)")
                table.append([
                    label, Self.money(flow.read).description, Self.money(flow.sent).description,
                    Self.money(flow.filtered).description, Self.money(flow.rejected).description,
                    flow.reconciles ? "" : "✗",
                ])
            }
        }
        if files.count > 1 {
            table.append(["total", String(rowsRead), String(rowsSent), String(rowsFiltered), String(rowsRejected), ""])
        }
        if files.isEmpty && filesSkipped > 0 {
            out.append("Nothing new: all \(filesSkipped) input file(s) are loaded and unchanged since the last commit.")
        } else if files.isEmpty {
            out.append("No input was read.")
        } else {
            out.append(contentsOf: Self.align(table))
        }
        if status == .dryRun {
            out.append("Destination \(destination): not contacted (dry run).")
        } else if committed && files.isEmpty {
            out.append("Nothing was sent to \(destination).")
        } else if committed {
            out.append(
                "Loaded \(rowsLoaded) rows into \(destination) in \(inserts) insert(s), \(Self.bytes(bytesSent)) sent.")
        } else if rowsLoaded > 0 {
            out.append(
                "\(rowsLoaded) of \(rowsSent) rows were committed to \(destination) before the failure; the rest "
                    + "were not, and the next run loads them again (nothing is counted twice).")
        } else {
            out.append(
                "Nothing was committed to \(destination); the next run loads these inputs again (nothing is counted "
                    + "twice).")
        }
        if filesSkipped > 0 && !files.isEmpty {
            out.append("Skipped \(filesSkipped) input file(s) loaded and unchanged since the last commit.")
        }
        if let rejectsPath, rejectsWritten > 0 {
            out.append("Rejected rows: \(rejectsWritten), written to \(rejectsPath).")
        }
        if let error { out.append("Error: \(error)") }
        if let runHistoryError { out.append("Warning: run history not recorded: \(runHistoryError)") }
        if !detections.isEmpty {
            out.append("Detections:")
            for d in detections { out.append(contentsOf: d.lines) }
        }
        return out.joined(separator: "\n")
    }

    static func bytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1 << 20 { return String(format: "%.1f KiB", Double(n) / 1024) }
        return String(format: "%.1f MiB", Double(n) / 1_048_576)
    }

    static func align(_ rows: [[String]]) -> [String] {
        guard let width = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: width)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { r in
            r.enumerated().map { i, c in
                i == 0
                    ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }

    /// One JSON object, money as exact unquoted decimals.
    public func json() -> String {
        var j = JSONText()
        j.add("event", "run_summary")
        j.add("run_id", runID)
        j.add("pipeline", pipeline)
        j.add("status", status.rawValue)
        j.add("mode", mode)
        j.add("files_skipped", filesSkipped)
        if let chunks {
            j.add("chunks_committed", chunks.committed)
            j.add("chunks_total", chunks.total)
        }
        j.add("started_at", CivilTime.formatDateTime(epochSeconds: startedAt))
        j.add("seconds", seconds)
        j.add("rows_read", rowsRead)
        j.add("rows_loaded", rowsLoaded)
        j.add("rows_filtered", rowsFiltered)
        j.add("rows_rejected", rowsRejected)
        j.add("inserts", inserts)
        j.add("bytes_sent", bytesSent)
        j.add("destination", destination)
        j.add("rejects_path", rejectsWritten > 0 ? rejectsPath : nil)
        j.add("error", error)
        if let runHistoryError { j.add("run_history_error", runHistoryError) }
        if !detections.isEmpty { j.add("detections", raw: "[" + detections.map(\.json).joined(separator: ",") + "]") }
        let files = self.files.map { f -> String in
            var o = JSONText()
            o.add("file", f.file)
            o.add("bytes", f.bytes)
            o.add("rows_read", f.rowsRead)
            o.add("rows_loaded", committed ? f.rowsSent : 0)
            o.add("rows_sent", f.rowsSent)
            o.add("rows_filtered", f.rowsFiltered)
            o.add("rows_rejected", f.rowsRejected)
            o.add("reconciled", f.reconciles)
            let money = f.moneyKeys.compactMap { key -> String? in
                guard let flow = f.money[key], key.column < moneyColumns.count else { return nil }
                var m = JSONText()
                m.add("column", moneyColumns[key.column])
                if !key.currency.isEmpty { m.add("currency", key.currency) }
                m.add("read", ExactDecimal(units: flow.read, scale: Lineage.moneyScale))
                m.add("loaded", ExactDecimal(units: committed ? flow.sent : 0, scale: Lineage.moneyScale))
                m.add("filtered", ExactDecimal(units: flow.filtered, scale: Lineage.moneyScale))
                m.add("rejected", ExactDecimal(units: flow.rejected, scale: Lineage.moneyScale))
                return m.closed()
            }
            o.add("money", raw: "[" + money.joined(separator: ",") + "]")
            return o.closed()
        }
        j.add("files", raw: "[" + files.joined(separator: ",") + "]")
        return j.closed()
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
