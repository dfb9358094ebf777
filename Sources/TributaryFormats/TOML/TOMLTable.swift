/// A TOML table: keys in document order, each with its value node and the position of the key.
///
/// Order and key positions are kept because configuration errors are reported against the
/// user's file ("unknown key 'sink' at 12:5"), and because preserving order makes any output
/// derived from the table stable and recognisable.
public struct TOMLTable: Sendable, Equatable, Sequence {
    /// Where a key was written, and the value it holds.
    struct Entry: Sendable, Equatable {
        var node: TOMLNode
        var keyLine: Int
        var keyColumn: Int
    }

    /// The keys in the order they were first written in the document.
    public private(set) var keys: [String] = []
    private var entries: [String: Entry] = [:]
    /// 1-based line of the table's definition: its `[header]`, its `{` for an inline table,
    /// the first mention for an implied table, and 1 for the root table.
    public var line: Int
    /// 1-based column matching `line`.
    public var column: Int

    public init(line: Int = 1, column: Int = 1) {
        self.line = line
        self.column = column
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public func contains(_ key: String) -> Bool {
        entries[key] != nil
    }

    /// The node stored under `key`, if any.
    public subscript(key: String) -> TOMLNode? {
        entries[key]?.node
    }

    /// Where `key` itself was written (for a dotted key `a.b.c`, the position of that segment).
    public func keyPosition(_ key: String) -> (line: Int, column: Int)? {
        guard let entry = entries[key] else { return nil }
        return (entry.keyLine, entry.keyColumn)
    }

    /// Stores `node` under `key`. A new key goes to the end of `keys`; replacing an existing key
    /// keeps its place in the order. Used by the parser and by code that builds tables itself.
    public mutating func set(_ key: String, _ node: TOMLNode, keyLine: Int, keyColumn: Int) {
        if entries.updateValue(Entry(node: node, keyLine: keyLine, keyColumn: keyColumn), forKey: key) == nil {
            keys.append(key)
        }
    }

    /// Removes `key` and returns its node, if it was present.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> TOMLNode? {
        guard let entry = entries.removeValue(forKey: key) else { return nil }
        keys.removeAll { $0 == key }
        return entry.node
    }

    /// Iterates `(key, node)` pairs in document order.
    public struct Iterator: IteratorProtocol, Sendable {
        private let table: TOMLTable
        private var index = 0

        init(table: TOMLTable) {
            self.table = table
        }

        public mutating func next() -> (key: String, node: TOMLNode)? {
            while index < table.keys.count {
                let key = table.keys[index]
                index += 1
                if let node = table[key] {
                    return (key, node)
                }
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(table: self)
    }
}
