/// A database, table or column name that is safe to put into SQL text, back-quoted.
///
/// Names are restricted to `[A-Za-z_][A-Za-z0-9_]*` rather than escaped: 18.16 has no query parameters, so
/// names are the only user text that ever goes into SQL, and a name that needs escaping is better renamed. A
/// column may also be one part of a `Nested` column, `tags.key`: two such names joined by one dot (ClickHouse
/// stores `tags.key` and `tags.value` as parallel arrays, and `ARRAY JOIN tags` pairs them up).
public struct ClickHouseIdentifier: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    /// Validates `name`; `role` ("table", "column", …) names it in the error.
    public init(_ name: String, role: String) throws(ClickHouseError) {
        // Only columns can be parts of a Nested column; a database or table name is plain.
        guard role.hasSuffix("column") ? Self.isValid(name) : Self.isPlain(Substring(name)) else {
            throw .invalidIdentifier(name, role: role)
        }
        self.name = name
    }

    public static func isValid(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        return parts.allSatisfy { isPlain(Substring($0)) }
    }

    static func isPlain(_ name: Substring) -> Bool {
        var first = true
        for b in name.utf8 {
            let letter = (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z")
            let ok = letter || b == UInt8(ascii: "_") || (!first && b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            guard ok else { return false }
            first = false
        }
        return !first
    }

    /// `` `name` ``.
    public var quoted: String { "`" + name + "`" }

    /// The name as a single-quoted SQL string literal, for `system.*` lookups (safe: the name has no quote).
    public var literal: String { "'" + name + "'" }

    public var description: String { quoted }

    /// `` `db`.`table` ``.
    public static func qualified(_ database: ClickHouseIdentifier, _ table: ClickHouseIdentifier) -> String {
        database.quoted + "." + table.quoted
    }
}
