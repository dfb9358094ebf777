import TributaryCore
import TributaryFormats

/// Why a state document was refused, with the place in it: `sources["aws"].files["a.csv"].size: expected an
/// integer, found a string`. `LocalStateStore` turns it into `StateError.corrupt` with the file's path.
struct StateRefusal: Error, Equatable {
    var detail: String

    init(_ detail: String) { self.detail = detail }

    init(at path: String, _ message: String) { detail = path.isEmpty ? message : "\(path): \(message)" }
}

/// The members of one object of a state document, read strictly: unknown, missing and mistyped fields are
/// refused, since a hand edit is exactly what state must not silently absorb.
struct StateFields {
    let object: JSONObject
    let path: String

    init(_ value: JSONValue, at path: String, allowed: [String]) throws(StateRefusal) {
        guard let object = value.objectValue else {
            throw StateRefusal(at: path, "expected an object, found \(value.kindDescription)")
        }
        for key in object.keys where !allowed.contains(key) {
            throw StateRefusal(at: path, "unknown field \(JSONString.quoted(key))")
        }
        try Self.refuseDuplicates(object, at: path)
        self.object = object
        self.path = path
    }

    /// A key written twice is a hand edit whose intent is unclear: refused rather than "last one wins".
    static func refuseDuplicates(_ object: JSONObject, at path: String) throws(StateRefusal) {
        var seen: Set<String> = []
        for key in object.keys where !seen.insert(key).inserted {
            throw StateRefusal(at: path, "field \(JSONString.quoted(key)) appears twice")
        }
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func value(_ key: String) throws(StateRefusal) -> JSONValue {
        guard let value = object[key] else { throw StateRefusal(at: path, "missing field \(JSONString.quoted(key))") }
        return value
    }

    func string(_ key: String) throws(StateRefusal) -> String {
        let value = try value(key)
        guard let s = value.stringValue else {
            throw StateRefusal(at: childPath(key), "expected a string, found \(value.kindDescription)")
        }
        return s
    }

    func integer(_ key: String, minimum: Int64 = .min, maximum: Int64 = .max) throws(StateRefusal) -> Int64 {
        try Self.integer(try value(key), at: childPath(key), minimum: minimum, maximum: maximum)
    }

    /// An integer written as one (`12`, `-3`): `1.0`, `1e3` and out-of-range values are refused, not rounded.
    static func integer(_ value: JSONValue, at path: String, minimum: Int64 = .min, maximum: Int64 = .max)
        throws(StateRefusal) -> Int64
    {
        guard let text = value.numberText else {
            throw StateRefusal(at: path, "expected an integer, found \(value.kindDescription)")
        }
        guard let n = Int64(text), !text.hasPrefix("-0"), !(text.hasPrefix("0") && text.count > 1) else {
            throw StateRefusal(at: path, "expected an integer, found \(text)")
        }
        guard n >= minimum, n <= maximum else {
            throw StateRefusal(at: path, "\(text) is out of range \(minimum)...\(maximum)")
        }
        return n
    }

    func timestamp(_ key: String) throws(StateRefusal) -> ExactTimestamp {
        let fields = try StateFields(try value(key), at: childPath(key), allowed: ["seconds", "nanoseconds"])
        return ExactTimestamp(
            seconds: try fields.integer("seconds"),
            nanoseconds: try fields.integer("nanoseconds", minimum: 0, maximum: ExactTimestamp.nanosecondsPerSecond - 1)
        )
    }

    /// A calendar day written `YYYY-MM-DD`, as days since 1970-01-01.
    func day(_ key: String) throws(StateRefusal) -> Int64 {
        let text = try string(key)
        guard let day = BackfillRange.parseDay(text) else {
            throw StateRefusal(at: childPath(key), "expected a date YYYY-MM-DD, found \(JSONString.quoted(text))")
        }
        return day
    }

    /// An object keyed by names (source ids, file paths), duplicates refused.
    func object(_ key: String) throws(StateRefusal) -> JSONObject {
        let value = try value(key)
        guard let object = value.objectValue else {
            throw StateRefusal(at: childPath(key), "expected an object, found \(value.kindDescription)")
        }
        try Self.refuseDuplicates(object, at: childPath(key))
        return object
    }

    func array(_ key: String) throws(StateRefusal) -> [JSONValue] {
        let value = try value(key)
        guard let array = value.arrayValue else {
            throw StateRefusal(at: childPath(key), "expected an array, found \(value.kindDescription)")
        }
        return array
    }
}
