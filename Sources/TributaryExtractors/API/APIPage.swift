import Foundation
import TributaryFormats

/// One page of an API's answer: where it came from, its parsed JSON, and how big it was.
///
/// The typed accessors turn a missing or mistyped field into `APIError.unexpectedShape` naming the URL and the
/// JSON path (`$.data[3].results[0].amount.value`), which is what a user needs to tell a changed API from a bug
/// of ours. Optional accessors accept absent and `null` alike: Google omits empty fields, OpenAI sends null.
public struct APIPage: Sendable {
    /// The request URL, redacted: safe for lineage, logs and messages.
    public let url: URL
    public let json: JSONValue
    /// Bytes of the response body, for the run's counters.
    public let byteCount: Int
    /// 1 for the first page of a pager.
    public let number: Int

    public init(url: URL, json: JSONValue, byteCount: Int, number: Int) {
        self.url = url
        self.json = json
        self.byteCount = byteCount
        self.number = number
    }

    /// The value at `path`, nil when absent.
    public func value(at path: JSONPath) -> JSONValue? { json[path] }

    /// `unexpectedShape` for `path`, saying what was found there.
    public func shapeError(at path: JSONPath, expected: String) -> APIError {
        .unexpectedShape(
            url: url.absoluteString, path: path, expected: expected, found: json[path]?.kindDescription ?? "nothing")
    }

    public func array(at path: JSONPath) throws(APIError) -> [JSONValue] {
        guard let a = json[path]?.arrayValue else { throw shapeError(at: path, expected: "an array") }
        return a
    }

    public func object(at path: JSONPath) throws(APIError) -> JSONObject {
        guard let o = json[path]?.objectValue else { throw shapeError(at: path, expected: "an object") }
        return o
    }

    public func string(at path: JSONPath) throws(APIError) -> String {
        guard let s = json[path]?.stringValue else { throw shapeError(at: path, expected: "a string") }
        return s
    }

    public func optionalString(at path: JSONPath) throws(APIError) -> String? {
        switch json[path] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw shapeError(at: path, expected: "a string or null")
        }
    }

    public func bool(at path: JSONPath) throws(APIError) -> Bool {
        guard let b = json[path]?.boolValue else { throw shapeError(at: path, expected: "a boolean") }
        return b
    }

    /// A number's exact text (`"12.4031"`), for `ExactDecimal`.
    public func number(at path: JSONPath) throws(APIError) -> String {
        guard let n = json[path]?.numberText else { throw shapeError(at: path, expected: "a number") }
        return n
    }

    public func integer(at path: JSONPath) throws(APIError) -> Int {
        guard let text = json[path]?.numberText, let n = Int(text) else {
            throw shapeError(at: path, expected: "an integer")
        }
        return n
    }

    public func optionalInteger(at path: JSONPath) throws(APIError) -> Int? {
        switch json[path] {
        case nil, .null?: return nil
        case .number(let text)?:
            guard let n = Int(text) else { throw shapeError(at: path, expected: "an integer or null") }
            return n
        default: throw shapeError(at: path, expected: "an integer or null")
        }
    }
}

extension JSONPath {
    /// `$.key`: the top-level member most paging fields are.
    public static func member(_ key: String) -> JSONPath { JSONPath([.key(key)]) }
}
