import Foundation

/// A live line on a terminal: rows, megabytes and rows per second, redrawn at most four times a second.
///
/// Nothing is printed when standard error is not a terminal, so cron mail and log files stay clean.
struct ProgressReporter {
    let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    /// During a backfill: where it is, for the bar and the estimate of the time left.
    var chunk: BackfillPosition?

    /// The chunk being loaded (1-based) of `total`, its label, and how many chunks this run has committed of the
    /// `toDo` it set out to load (fewer than `total` when it resumed an interrupted backfill).
    struct BackfillPosition: Equatable {
        var index: Int
        var total: Int
        var label: String
        var doneThisRun: Int
        var toDo: Int
    }

    init(enabled: Bool) {
        self.enabled = enabled
    }

    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    mutating func update(rows: Int, bytes: Int, file: String) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let mb = Double(bytes) / 1_048_576
        if let chunk {
            FileHandle.standardError.write(Data(Self.backfillLine(chunk, rows: rows, elapsed: elapsed).utf8))
            drawn = true
            return
        }
        let line = String(
            format: "\r\u{1B}[K%@ rows  %.1f MB  %@ rows/s  %.1f MB/s  %@", Self.grouped(rows), mb,
            Self.grouped(Int(Double(rows) / elapsed)), mb / elapsed, (file as NSString).lastPathComponent)
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// `[######------] chunk 4/12 [2024-04-01, 2024-05-01)  81,234 rows  9,876 rows/s  ETA 3m20s`: the bar counts
    /// every committed chunk of the backfill; the estimate assumes the chunks left take as long as those this run
    /// has done (a resumed run's earlier chunks took a time it does not know).
    static func backfillLine(_ chunk: BackfillPosition, rows: Int, elapsed: Double) -> String {
        let width = 20
        let done = chunk.index - 1
        let filled = chunk.total == 0 ? width : width * done / chunk.total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        var eta = "ETA --"
        if chunk.doneThisRun > 0 {
            let left = Int(elapsed / Double(chunk.doneThisRun) * Double(chunk.toDo - chunk.doneThisRun))
            eta = "ETA " + (left >= 60 ? "\(left / 60)m\(left % 60)s" : "\(left)s")
        }
        return "\r\u{1B}[K[\(bar)] chunk \(chunk.index)/\(chunk.total) \(chunk.label)  \(grouped(rows)) rows  "
            + "\(grouped(Int(Double(rows) / elapsed))) rows/s  \(eta)"
    }

    /// Clears the line before the summary is printed.
    mutating func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }

    static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0, i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }
}
