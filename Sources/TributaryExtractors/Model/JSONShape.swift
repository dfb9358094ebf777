import Foundation
import TributaryCore
import TributaryFormats

/// Checks of the structural parts of an API page (the envelope, buckets, the kinds of a record's members), failing
/// with a `JSONShapeError` that names the path.
///
/// The line between a shape error (stops the run) and a reject (one record) is drawn here: a member of a kind the
/// API never sends there (an object where a number belongs, an array for an id) means the API or the endpoint is
/// not the one the source reads, so nothing of the page can be trusted; a value of the right kind that does not
/// parse (`"n/a"` for an amount, an unknown currency) is one bad record.
///
///     let page = try JSONShape.object(json, at: .root)
///     let data = try JSONShape.array(page["data"], at: .member("data"))
///     try JSONShape.members(result, at: path, [("amount", .object), ("amount.value", .number)])
public enum JSONShape {
    /// The kinds a record's member may have when present and not null.
    public enum Kind: Sendable, Equatable {
        /// A string.
        case string
        /// A number, or text that should hold one (whether it does is the record's problem, a reject).
        case number
        case bool
        case object

        var expected: String {
            switch self {
            case .string: "a string or null"
            case .number: "a number or null"
            case .bool: "a boolean or null"
            case .object: "an object or null"
            }
        }

        func admits(_ value: JSONValue) -> Bool {
            switch (self, value) {
            case (.string, .string), (.number, .number), (.number, .string), (.bool, .bool), (.object, .object): true
            default: false
            }
        }
    }

    public static func object(_ value: JSONValue?, at path: JSONPath) throws(JSONShapeError) -> JSONObject {
        guard let object = value?.objectValue else {
            throw JSONShapeError(at: path, expected: "an object", value: value)
        }
        return object
    }

    public static func array(_ value: JSONValue?, at path: JSONPath) throws(JSONShapeError) -> [JSONValue] {
        guard let array = value?.arrayValue else { throw JSONShapeError(at: path, expected: "an array", value: value) }
        return array
    }

    public static func bool(_ value: JSONValue?, at path: JSONPath) throws(JSONShapeError) -> Bool {
        guard let b = value?.boolValue else { throw JSONShapeError(at: path, expected: "a boolean", value: value) }
        return b
    }

    public static func string(_ value: JSONValue?, at path: JSONPath) throws(JSONShapeError) -> String {
        guard let s = value?.stringValue else { throw JSONShapeError(at: path, expected: "a string", value: value) }
        return s
    }

    /// A whole number of seconds since the epoch (OpenAI's bucket times).
    public static func epochSeconds(_ value: JSONValue?, at path: JSONPath) throws(JSONShapeError) -> Int64 {
        guard let text = value?.numberText, let n = Int64(text) else {
            throw JSONShapeError(at: path, expected: "a Unix time in whole seconds", value: value)
        }
        return n
    }

    /// An RFC 3339 instant (Anthropic's bucket times).
    public static func rfc3339(_ value: JSONValue?, at path: JSONPath) throws(JSONShapeError) -> Int64 {
        guard let text = value?.stringValue, case .success(let seconds) = CivilTime.parseTimestamp(text) else {
            throw JSONShapeError(at: path, expected: "an RFC 3339 time", value: value)
        }
        return seconds
    }

    /// A string that must be `expected` (a discriminator such as `"object": "page"`).
    public static func constant(
        _ value: JSONValue?, at path: JSONPath, _ expected: String, hint: String? = nil
    ) throws(JSONShapeError) {
        guard value?.stringValue == expected else {
            let wanted = "\"\(expected)\"" + (hint.map { " (\($0))" } ?? "")
            throw JSONShapeError(at: path, expected: wanted, value: value)
        }
    }

    /// Checks that each of `kinds`' members (`amount.value` reaches into objects) is, when present and not null,
    /// of its kind, and that every member of `required` is present and not null. Members not listed are ignored:
    /// vendors add fields often.
    public static func members(
        _ value: JSONValue, at path: JSONPath, _ kinds: [(key: String, kind: Kind)], required: [String] = []
    ) throws(JSONShapeError) {
        for (key, kind) in kinds {
            let (member, at) = lookup(key, in: value, at: path)
            guard let member, !member.isNull else {
                if required.contains(key) {
                    throw JSONShapeError(
                        at: at, expected: kind.expected.replacingOccurrences(of: " or null", with: ""),
                        value: member)
                }
                continue
            }
            guard kind.admits(member) else { throw JSONShapeError(at: at, expected: kind.expected, value: member) }
        }
    }

    /// Checks that the group-by members `keys` are absent or null: a report grouped by a dimension the table has no
    /// column for would give rows that differ only in it, and an idempotent load would collapse them into one.
    public static func ungrouped(_ value: JSONValue, at path: JSONPath, _ keys: [String], why: String)
        throws(JSONShapeError)
    {
        for key in keys {
            let (member, at) = lookup(key, in: value, at: path)
            if let member, !member.isNull { throw JSONShapeError(at: at, expected: "null (\(why))", value: member) }
        }
    }

    /// The member at the dotted `key` and its path (as far as the path got when a step is missing).
    static func lookup(_ key: String, in value: JSONValue, at path: JSONPath) -> (JSONValue?, JSONPath) {
        var current: JSONValue? = value
        var at = path
        for part in key.split(separator: ".") {
            guard let next = current, !next.isNull else { return (nil, at.appending(key: String(part))) }
            current = next[String(part)]
            at = at.appending(key: String(part))
        }
        return (current, at)
    }
}
