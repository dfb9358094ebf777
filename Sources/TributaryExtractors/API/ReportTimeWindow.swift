import Foundation
import TributaryCore

/// How the time window travels: OpenAI's `start_time`/`end_time` in Unix seconds, Anthropic's
/// `starting_at`/`ending_at` in RFC 3339.
public struct ReportTimeWindow: Sendable, Equatable {
    public var startParameter: String
    public var endParameter: String
    public var rfc3339: Bool

    public init(startParameter: String, endParameter: String, rfc3339: Bool) {
        self.startParameter = startParameter
        self.endParameter = endParameter
        self.rfc3339 = rfc3339
    }

    public static let openAI = ReportTimeWindow(startParameter: "start_time", endParameter: "end_time", rfc3339: false)
    public static let anthropic = ReportTimeWindow(
        startParameter: "starting_at", endParameter: "ending_at", rfc3339: true)

    /// `[start, end)` as query items.
    public func query(start: Int64, end: Int64) -> [(name: String, value: String)] {
        [(startParameter, text(start)), (endParameter, text(end))]
    }

    func text(_ seconds: Int64) -> String {
        guard rfc3339 else { return String(seconds) }
        return CivilTime.formatDateTime(epochSeconds: seconds).replacingOccurrences(of: " ", with: "T") + "Z"
    }
}
