import Foundation
import TributaryCore
import TributaryFormats

/// One event of a v2 changelog (`GET /changelogs/<resource>`, notes A.3): which resource changed, how, and
/// when PennyLane processed the change.
///
/// Events carry no payload: an insert or update is read again by id, a delete becomes a tombstone.
/// `processed_at` is the watermark, kept to the nanosecond (never rounded, lesson L16), since `updated_at`
/// "can vary due to data restoration".
public struct PennyLaneChange: Sendable, Equatable {
    public enum Operation: Sendable, Equatable {
        case insert, update, delete
        /// An operation the notes do not list: read the resource again, which is right for any change.
        case other(String)
    }

    public var id: String
    public var operation: Operation
    public var processedAt: ExactTimestamp
    /// Where the event sits in its page.
    public var path: JSONPath

    public init(id: String, operation: Operation, processedAt: ExactTimestamp, path: JSONPath) {
        self.id = id
        self.operation = operation
        self.processedAt = processedAt
        self.path = path
    }

    init(_ item: JSONValue, at path: JSONPath) throws(PennyLaneShapeError) {
        guard let id = item["id"].flatMap({ $0.numberText ?? $0.stringValue }), !id.isEmpty else {
            throw PennyLaneShapeError(
                path: path.appending(key: "id"), expected: "the changed resource's id",
                found: item["id"]?.kindDescription ?? "nothing")
        }
        guard let op = item["operation"]?.stringValue else {
            throw PennyLaneShapeError(
                path: path.appending(key: "operation"), expected: "insert, update or delete",
                found: item["operation"]?.kindDescription ?? "nothing")
        }
        let text = item["processed_at"]?.stringValue ?? ""
        guard let processed = Self.exactTime(text) else {
            throw PennyLaneShapeError(
                path: path.appending(key: "processed_at"), expected: "an RFC 3339 time",
                found: text.isEmpty ? (item["processed_at"]?.kindDescription ?? "nothing") : "'\(text)'")
        }
        self.init(
            id: id,
            operation: op == "insert" ? .insert : op == "update" ? .update : op == "delete" ? .delete : .other(op),
            processedAt: processed, path: path)
    }

    /// `2024-03-18T08:41:13.402Z` (any precision, `Z` or an offset) to the nanosecond.
    public static func exactTime(_ text: String) -> ExactTimestamp? {
        guard case .success(let seconds) = CivilTime.parseTimestamp(text) else { return nil }
        var nanos: Int64 = 0
        if let t = text.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }),
            let dot = text[t...].firstIndex(of: ".")
        {
            let digits = text[text.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
            let kept = digits.prefix(9)
            for d in kept { nanos = nanos * 10 + Int64(d.wholeNumberValue ?? 0) }
            for _ in kept.count..<9 { nanos *= 10 }
        }
        return ExactTimestamp(seconds: seconds, nanoseconds: nanos)
    }

    /// `2024-03-18T08:41:13.402Z`: the instant as `start_date` takes it, the milliseconds floored, so that the
    /// bound is never later than the instant.
    public static func rfc3339(_ t: ExactTimestamp) -> String {
        let millis = String(t.nanoseconds / 1_000_000)
        let text = CivilTime.formatDateTime(epochSeconds: t.seconds).replacingOccurrences(of: " ", with: "T")
        return text + "." + String(repeating: "0", count: 3 - millis.count) + millis + "Z"
    }
}
