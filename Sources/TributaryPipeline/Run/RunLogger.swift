import Foundation
import TributaryCore

/// How the run talks: sentences for people, or one JSON object per event for machines.
public enum LogFormat: String, Sendable {
    case human, json
}

/// Writes the run's events to standard error (standard output carries the summary).
///
/// Messages are built by the caller from typed values; secrets are `Secret`s, whose text is `•••`, so nothing
/// logged can reveal one.
public struct RunLogger: Sendable {
    public var format: LogFormat
    public var runID: String
    public var pipeline: String
    let sink: @Sendable (String) -> Void

    public init(format: LogFormat, runID: String, pipeline: String, sink: @escaping @Sendable (String) -> Void) {
        self.format = format
        self.runID = runID
        self.pipeline = pipeline
        self.sink = sink
    }

    /// Standard error, unbuffered.
    public static func standardError(format: LogFormat, runID: String, pipeline: String) -> RunLogger {
        RunLogger(format: format, runID: runID, pipeline: pipeline) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    public func info(_ event: String, _ message: String, _ fields: [(String, String)] = []) {
        emit("info", event, message, fields)
    }

    public func warning(_ event: String, _ message: String, _ fields: [(String, String)] = []) {
        emit("warning", event, message, fields)
    }

    public func error(_ event: String, _ message: String, _ fields: [(String, String)] = []) {
        emit("error", event, message, fields)
    }

    private func emit(_ level: String, _ event: String, _ message: String, _ fields: [(String, String)]) {
        switch format {
        case .human:
            let prefix = level == "info" ? "" : "\(level): "
            sink("tributary: \(prefix)\(message)")
        case .json:
            var j = JSONText()
            j.add("ts", CivilTime.formatDateTime(epochSeconds: Int64(Date().timeIntervalSince1970)))
            j.add("level", level)
            j.add("event", event)
            j.add("run_id", runID)
            j.add("pipeline", pipeline)
            j.add("message", message)
            for (k, v) in fields { j.add(k, v) }
            sink(j.closed())
        }
    }
}
