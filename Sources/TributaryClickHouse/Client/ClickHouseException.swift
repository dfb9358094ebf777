import Foundation
import TributaryCore

/// An exception as the ClickHouse server reported it: its numeric code, the code's name when the server sent
/// one, and the message with the server's decorations removed.
public struct ClickHouseException: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    /// `UNKNOWN_TABLE`, … (servers from about 2021 name their codes; 18.16 does not).
    public var name: String?
    public var message: String
    /// The HTTP status it came with (500, 404, 400, 401 … or 200 when the error followed a streamed result).
    public var httpStatus: Int

    public init(code: Int, name: String? = nil, message: String, httpStatus: Int = 500) {
        self.code = code
        self.name = name
        self.message = message
        self.httpStatus = httpStatus
    }

    public var description: String {
        "ClickHouse error \(code)\(name.map { " (\($0))" } ?? ""): \(message)"
    }

    /// Finds an exception in a response: the `X-ClickHouse-Exception-Code` header (servers since 20.1), or a
    /// `Code: N` line in the body, in either spelling:
    ///
    /// - 18.16: `Code: 60, e.displayText() = DB::Exception: Table x doesn't exist., e.what() = DB::Exception`
    /// - now: `Code: 60. DB::Exception: Table x doesn't exist. (UNKNOWN_TABLE) (version 24.3.1.1)`
    ///
    /// The body is searched at line starts, because a result streamed before the error came first.
    public static func find(in response: HTTPResponse) -> ClickHouseException? {
        let headerCode = response.header("X-ClickHouse-Exception-Code").flatMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        let text = String(decoding: response.body, as: UTF8.self)
        if var parsed = parse(text) {
            parsed.httpStatus = response.status
            if let headerCode { parsed.code = headerCode }
            return parsed
        }
        if let headerCode {
            let message = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return ClickHouseException(
                code: headerCode, message: message.isEmpty ? "(no message)" : message, httpStatus: response.status)
        }
        if text.contains("DB::Exception") {
            return ClickHouseException(code: 0, message: clean(text), httpStatus: response.status)
        }
        return nil
    }

    /// Parses the first `Code: N[.,] …` line of `text` and everything after it.
    public static func parse(_ text: String) -> ClickHouseException? {
        let utf8 = Array(text.utf8)
        var lineStart = 0
        while lineStart < utf8.count {
            if let found = parse(utf8, at: lineStart) { return found }
            guard let newline = utf8[lineStart...].firstIndex(of: 0x0A) else { break }
            lineStart = newline + 1
        }
        return nil
    }

    private static func parse(_ b: [UInt8], at start: Int) -> ClickHouseException? {
        let prefix = Array("Code: ".utf8)
        guard b.count - start > prefix.count, Array(b[start..<(start + prefix.count)]) == prefix else { return nil }
        var i = start + prefix.count
        var code = 0
        let digitsStart = i
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39, i - digitsStart < 9 {
            code = code * 10 + Int(b[i] - 0x30)
            i += 1
        }
        guard i > digitsStart, i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") else { return nil }
        let rest = String(decoding: b[(i + 1)...], as: UTF8.self)
        var message = clean(rest)
        var name: String?
        // New servers end with ` (NAME) (version 24.3.1.2672 (official build))`.
        if message.hasSuffix(")"), let range = message.range(of: " (version ", options: .backwards) {
            message.removeSubrange(range.lowerBound...)
        }
        if let range = message.range(of: #" \([A-Z][A-Z0-9_]+\)$"#, options: .regularExpression) {
            name = String(message[range].dropFirst(2).dropLast())
            message.removeSubrange(range)
        }
        return ClickHouseException(code: code, name: name, message: message)
    }

    /// Removes the decorations around the human part: `e.displayText() = DB::Exception:`, `DB::Exception:`,
    /// the trailing `, e.what() = DB::Exception`, and surrounding space.
    static func clean(_ text: String) -> String {
        var m = text.trimmingCharacters(in: .whitespacesAndNewlines)
        for decoration in ["e.displayText() = ", "DB::Exception: "] {
            if let r = m.range(of: decoration), m[m.startIndex..<r.lowerBound].allSatisfy({ $0 == " " }) {
                m.removeSubrange(m.startIndex..<r.upperBound)
            }
        }
        if let r = m.range(of: ", e.what() = DB::Exception", options: .backwards), r.upperBound == m.endIndex {
            m.removeSubrange(r)
        }
        return m.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The 1-based row of the insert that a parse error names (`(at row 12)`), if any.
    public var rowInInsert: Int? {
        guard let r = message.range(of: #"\(at row [0-9]+\)"#, options: .regularExpression) else { return nil }
        return Int(message[r].dropFirst("(at row ".count).dropLast())
    }
}
