import Foundation
import TributaryCore
import TributaryFormats

/// Who holds a pipeline lock: the identity a run writes into the lock file, so that the run that loses the race
/// can say whom it lost to, and so that a lock left by a dead process can be recognised.
///
/// On disk it is one JSON line: `{"pid":4242,"host":"etl-1","started_at":"2026-11-21T13:57:10Z","run_id":"…"}`.
public struct LockHolder: Sendable, Equatable, CustomStringConvertible {
    public var pid: Int32
    public var host: String
    /// UTC ISO 8601 (`2026-11-21T13:57:10Z`), kept as the text the holder wrote so that it prints as written.
    public var startedAt: String
    public var runID: String?

    public init(pid: Int32, host: String, startedAt: String, runID: String? = nil) {
        self.pid = pid
        self.host = host
        self.startedAt = startedAt
        self.runID = runID
    }

    public init(pid: Int32, host: String, started: Date, runID: String? = nil) {
        self.init(pid: pid, host: host, startedAt: LockHolder.iso8601(started), runID: runID)
    }

    /// `2026-11-21T13:57:10Z`: whole seconds are enough to tell runs apart in a message, and a fixed form is
    /// easy for people and scripts to read.
    public static func iso8601(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let civil = CivilTime.formatDateTime(epochSeconds: seconds)  // `YYYY-MM-DD hh:mm:ss`, UTC
        return civil.replacingOccurrences(of: " ", with: "T") + "Z"
    }

    public var description: String {
        "pid \(pid) on host \(host), started \(startedAt)" + (runID.map { ", run \($0)" } ?? "")
    }

    /// The file's line, newline-terminated.
    var jsonLine: String {
        var j = JSONText()
        j.add("pid", Int(pid))
        j.add("host", host)
        j.add("started_at", startedAt)
        if let runID { j.add("run_id", runID) }
        return j.closed() + "\n"
    }

    /// The holder written in a lock file; nil when the file is empty (released, or the holder has taken the
    /// lock and not yet written) or not a holder line, since a lock file's content is advisory only.
    init?(jsonLine text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, let value = try? JSONParser.parse(trimmed) else { return nil }
        guard case .number(let pidText)? = value["pid"], let pid = Int32(pidText), pid > 0,
            case .string(let host)? = value["host"],
            case .string(let startedAt)? = value["started_at"]
        else { return nil }
        var runID: String?
        if case .string(let r)? = value["run_id"] { runID = r }
        self.init(pid: pid, host: host, startedAt: startedAt, runID: runID)
    }
}
