import Foundation
import TributaryFormats

/// What an API said in the body of an error response, read defensively.
///
/// Every vendor shapes errors its own way, and PennyLane has three shapes of its own (notes, Part C.18):
/// OpenAI and Anthropic send `{"error":{"message":…,"type":…}}`, Google `{"error":{"code":403,"message":…,
/// "status":…,"errors":[{"reason":…}]}}`, PennyLane `{"error":"…","status":401}`, `{"message":…,"code":…}` or
/// `{"error":"unprocessable_entity","message":…}`, and a 429 may be plain text. Anything else (an HTML page from
/// a proxy, an empty body) yields no message rather than a wrong one.
public struct APIErrorBody: Sendable, Equatable {
    /// The human-readable explanation, whitespace collapsed, at most `maxMessageLength` characters.
    public var message: String?
    /// A machine-readable code: Google's `error.status`, Anthropic's and OpenAI's `error.type`, PennyLane's `code`
    /// or its `error` token when a separate `message` is present.
    public var code: String?
    /// Google's `error.errors[].reason`, which tells a rate limit (`userRateLimitExceeded`) from a missing
    /// permission when both arrive as 403.
    public var reasons: [String]

    /// Long enough for any real API message, short enough that a megabyte of HTML cannot flood a log.
    public static let maxMessageLength = 300

    public init(message: String? = nil, code: String? = nil, reasons: [String] = []) {
        self.message = message
        self.code = code
        self.reasons = reasons
    }

    public init(parsing body: Data) {
        self.init()
        let bytes = [UInt8](body)
        if let json = try? JSONParser.parse(bytes), case .object = json {
            read(json)
        } else {
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty, !text.hasPrefix("<"), !text.hasPrefix("{"), !text.hasPrefix("[") {
                message = Self.clean(text)
            }
        }
    }

    private mutating func read(_ json: JSONValue) {
        let topMessage = json["message"]?.stringValue
        switch json["error"] {
        case .object(let error)?:
            message = error["message"]?.stringValue ?? topMessage
            code = error["status"]?.stringValue ?? error["type"]?.stringValue ?? error["code"]?.stringValue
            reasons = error["errors"]?.arrayValue?.compactMap { $0["reason"]?.stringValue } ?? []
        case .string(let error)?:
            if let topMessage {
                message = topMessage
                code = error
            } else {
                message = error
            }
        default:
            message = topMessage ?? json["detail"]?.stringValue
            code = json["code"]?.stringValue
        }
        message = message.map(Self.clean).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// One line, bounded: messages end up in a sentence of ours.
    static func clean(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        let line = words.joined(separator: " ")
        guard line.count > maxMessageLength else { return line }
        return String(line.prefix(maxMessageLength - 1)) + "…"
    }

    /// Google's reasons for a quota or rate limit, which it may answer with 403 as well as 429 (notes, B.8).
    public static let rateLimitReasons: Set<String> = ["userRateLimitExceeded", "rateLimitExceeded"]

    /// True when the body names a rate limit, whatever the status.
    public var isRateLimit: Bool { reasons.contains { Self.rateLimitReasons.contains($0) } }
}
