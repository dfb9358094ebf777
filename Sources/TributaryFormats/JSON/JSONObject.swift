/// A JSON object's members in the order the document wrote them.
///
/// Order matters for messages, for re-serialising a nested object into a string column byte-for-byte the way the
/// source wrote it, and for tests. Objects are small, so a lookup scans; with duplicate keys the last one wins,
/// as in JavaScript's `JSON.parse`.
public struct JSONObject: Sendable, Hashable {
    public private(set) var keys: [String]
    public private(set) var values: [JSONValue]

    public init() {
        keys = []
        values = []
    }

    public init(_ members: [(String, JSONValue)]) {
        keys = members.map(\.0)
        values = members.map(\.1)
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The members in document order.
    public var members: [(key: String, value: JSONValue)] { zip(keys, values).map { ($0, $1) } }

    /// The value of the last member named `key`.
    public subscript(key: String) -> JSONValue? {
        guard let i = keys.lastIndex(of: key) else { return nil }
        return values[i]
    }

    public mutating func append(_ key: String, _ value: JSONValue) {
        keys.append(key)
        values.append(value)
    }
}
