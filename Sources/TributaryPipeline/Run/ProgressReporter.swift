import Foundation

/// A live line on a terminal: rows, megabytes and rows per second, redrawn at most four times a second.
///
/// Nothing is printed when standard error is not a terminal, so cron mail and log files stay clean.
struct ProgressReporter {
    let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

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
        let line = String(
            format: "\r\u{1B}[K%@ rows  %.1f MB  %@ rows/s  %.1f MB/s  %@", Self.grouped(rows), mb,
            Self.grouped(Int(Double(rows) / elapsed)), mb / elapsed, (file as NSString).lastPathComponent)
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
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
