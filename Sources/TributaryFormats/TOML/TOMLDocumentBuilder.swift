/// One segment of a (possibly dotted) key, with where it was written.
struct TOMLKeySegment: Sendable {
    var name: String
    var location: TOMLLocation
}

/// The table tree while a document is being parsed, and the rules about which tables may still
/// be extended, by what, and from where.
///
/// Tables live in an arena and refer to each other by index, so that a header deep in the tree
/// can be opened and filled in place without copying the tree (value types nested in value types
/// would copy on every write) and without reference types that would not be `Sendable`.
///
/// The redefinition rules of TOML 1.0, as enforced here:
/// - a `[header]` may define a table once; a table only implied by a longer header (`[a]` after
///   `[a.b]`) or by `[[a.b]]` may still be defined once afterwards;
/// - a table created by dotted keys (`a.b = 1` makes `a`) cannot be defined by a header later,
///   though headers may define sub-tables inside it; it can only be extended by dotted keys of
///   the same table section (or the same inline table);
/// - dotted keys cannot reach into a table defined by a header, nor into an array of tables;
/// - inline tables and arrays given as values are complete: nothing may add to them;
/// - `[[a]]` appends to an array of tables and conflicts with any other kind of `a`;
/// - any key may be given a value only once.
struct TOMLDocumentBuilder: Sendable {
    /// How a table came to exist, which decides what may still be done to it.
    enum Kind: Sendable, Equatable {
        /// Named as a prefix of a header; a header may still define it.
        case implicit
        /// Defined by a header or `[[header]]` (or the root table).
        case header
        /// Created or taken over by dotted keys in the given section.
        case dotted(section: Int)
    }

    /// What a key holds while parsing.
    enum Slot: Sendable {
        /// A finished value, including inline tables and arrays, which are immutable.
        case value(TOMLNode)
        /// A table that may still grow.
        case table(Int)
        /// An array of tables: arena indexes of its elements, and where it was first written.
        case tableArray([Int], TOMLLocation)
    }

    struct Entry: Sendable {
        var slot: Slot
        var keyLocation: TOMLLocation
    }

    struct Table: Sendable {
        var kind: Kind
        var location: TOMLLocation
        /// Nesting depth counted from the root (arrays count as a level), bounded so that neither
        /// building the result nor code walking it recursively can exhaust the stack.
        var depth: Int
        var keys: [String] = []
        var entries: [String: Entry] = [:]
    }

    static let rootIndex = 0
    private(set) var tables = [Table(kind: .header, location: TOMLLocation(line: 1, column: 1), depth: 0)]
    private var sectionCount = 0

    /// A fresh identifier for a table section (the root, each header, each inline table), which
    /// scopes what dotted keys may extend.
    mutating func newSection() -> Int {
        sectionCount += 1
        return sectionCount
    }

    /// A new, empty table for an inline table being parsed, at nesting level `depth`.
    mutating func newInlineTable(at location: TOMLLocation, depth: Int) -> Int {
        tables.append(Table(kind: .header, location: location, depth: depth))
        return tables.count - 1
    }

    /// Nesting depth of the table at `index`.
    func depth(of index: Int) -> Int {
        tables[index].depth
    }

    // MARK: - Headers

    /// Handles `[path]` and returns the index of the table that following key/value pairs fill.
    mutating func openTable(_ path: [TOMLKeySegment], header: TOMLLocation) throws(TOMLError) -> Int {
        let parent = try walkHeaderPrefix(path, header: header, isArray: false)
        guard let last = path.last else { return parent }
        let name = Self.render(path)
        guard let existing = tables[parent].entries[last.name] else {
            return try insertTable(named: last, into: parent, kind: .header, location: header)
        }
        switch existing.slot {
        case .value(let node):
            throw conflict(at: last, "cannot define table '\(name)': it is already \(Self.describe(node, existing))")
        case .tableArray(_, let location):
            throw conflict(
                at: last,
                "table '\(name)' is already defined as an array of tables at line "
                    + "\(location.line)")
        case .table(let index):
            switch tables[index].kind {
            case .implicit:
                tables[index].kind = .header
                tables[index].location = header
                return index
            case .header:
                throw conflict(at: last, "table '\(name)' is already defined at line \(tables[index].location.line)")
            case .dotted:
                throw conflict(
                    at: last,
                    "table '\(name)' is already defined by dotted keys at line "
                        + "\(tables[index].location.line)")
            }
        }
    }

    /// Handles `[[path]]`: appends a new table to the array and returns its index.
    mutating func openTableArrayElement(_ path: [TOMLKeySegment], header: TOMLLocation) throws(TOMLError) -> Int {
        let parent = try walkHeaderPrefix(path, header: header, isArray: true)
        guard let last = path.last else { return parent }
        let name = Self.render(path)
        let depth = tables[parent].depth + 2
        if depth > TOMLDocumentParser.maximumNesting {
            throw tooDeep(at: last)
        }
        tables.append(Table(kind: .header, location: header, depth: depth))
        let element = tables.count - 1
        guard let existing = tables[parent].entries[last.name] else {
            tables[parent].keys.append(last.name)
            tables[parent].entries[last.name] = Entry(slot: .tableArray([element], header), keyLocation: last.location)
            return element
        }
        switch existing.slot {
        case .tableArray(var elements, let location):
            elements.append(element)
            tables[parent].entries[last.name]?.slot = .tableArray(elements, location)
            return element
        case .value(let node):
            throw conflict(
                at: last,
                "cannot define array of tables '\(name)': it is already "
                    + Self.describe(node, existing))
        case .table(let index):
            throw conflict(
                at: last,
                "cannot define array of tables '\(name)': it is already a table (line "
                    + "\(tables[index].location.line))")
        }
    }

    /// Follows all but the last segment of a header, creating implied tables as needed and
    /// stepping into the latest element of arrays of tables.
    private mutating func walkHeaderPrefix(
        _ path: [TOMLKeySegment], header: TOMLLocation,
        isArray: Bool
    ) throws(TOMLError) -> Int {
        var current = Self.rootIndex
        let what = isArray ? "array of tables" : "table"
        for (position, segment) in path.dropLast().enumerated() {
            guard let existing = tables[current].entries[segment.name] else {
                current = try insertTable(named: segment, into: current, kind: .implicit, location: segment.location)
                continue
            }
            switch existing.slot {
            case .table(let index):
                current = index
            case .tableArray(let elements, _):
                current = elements.last ?? current
            case .value(let node):
                let prefix = Self.render(path[...position])
                throw conflict(
                    at: segment,
                    "cannot define \(what) '\(Self.render(path))': '\(prefix)' is already "
                        + Self.describe(node, existing))
            }
        }
        return current
    }

    // MARK: - Key/value pairs

    /// Stores `node` under the dotted key `path` relative to table `table`, creating the tables
    /// the dots imply. `section` identifies the header (or inline table) the pair belongs to.
    mutating func setValue(
        _ node: TOMLNode, at path: [TOMLKeySegment], in table: Int,
        section: Int
    ) throws(TOMLError) {
        var current = table
        for (position, segment) in path.dropLast().enumerated() {
            guard let existing = tables[current].entries[segment.name] else {
                current = try insertTable(
                    named: segment, into: current, kind: .dotted(section: section),
                    location: segment.location)
                continue
            }
            var prefix: String { Self.render(path[...position]) }
            switch existing.slot {
            case .value(let node):
                throw conflict(
                    at: segment,
                    "cannot define key '\(Self.render(path))': '\(prefix)' is already "
                        + Self.describe(node, existing))
            case .tableArray(_, let location):
                throw conflict(
                    at: segment,
                    "cannot use dotted key '\(Self.render(path))' to add to array of tables "
                        + "'\(prefix)' defined at line \(location.line)")
            case .table(let index):
                switch tables[index].kind {
                case .implicit:
                    // From now on the table counts as defined here, by dotted keys.
                    tables[index].kind = .dotted(section: section)
                    tables[index].location = segment.location
                case .dotted(let owner) where owner == section:
                    break
                case .header, .dotted:
                    throw conflict(
                        at: segment,
                        "cannot use dotted key '\(Self.render(path))' to add to table "
                            + "'\(prefix)' defined at line \(tables[index].location.line); add the key under that "
                            + "table's header instead")
                }
                current = index
            }
        }
        guard let last = path.last else { return }
        if let existing = tables[current].entries[last.name] {
            throw conflict(
                at: last,
                "key '\(Self.render(path))' is already defined at line "
                    + "\(existing.keyLocation.line)")
        }
        tables[current].keys.append(last.name)
        tables[current].entries[last.name] = Entry(slot: .value(node), keyLocation: last.location)
    }

    private mutating func insertTable(
        named segment: TOMLKeySegment, into parent: Int, kind: Kind,
        location: TOMLLocation
    ) throws(TOMLError) -> Int {
        let depth = tables[parent].depth + 1
        if depth > TOMLDocumentParser.maximumNesting {
            throw tooDeep(at: segment)
        }
        tables.append(Table(kind: kind, location: location, depth: depth))
        let index = tables.count - 1
        tables[parent].keys.append(segment.name)
        tables[parent].entries[segment.name] = Entry(slot: .table(index), keyLocation: segment.location)
        return index
    }

    // MARK: - Result

    /// The finished table at `index`, with all nested tables resolved.
    func build(_ index: Int = rootIndex) -> TOMLTable {
        let source = tables[index]
        var result = TOMLTable(line: source.location.line, column: source.location.column)
        for key in source.keys {
            guard let entry = source.entries[key] else { continue }
            let node: TOMLNode
            switch entry.slot {
            case .value(let value):
                node = value
            case .table(let child):
                let location = tables[child].location
                node = TOMLNode(.table(build(child)), line: location.line, column: location.column)
            case .tableArray(let elements, let location):
                let items = elements.map { element in
                    TOMLNode(
                        .table(build(element)), line: tables[element].location.line,
                        column: tables[element].location.column)
                }
                node = TOMLNode(.array(items), line: location.line, column: location.column)
            }
            result.set(key, node, keyLine: entry.keyLocation.line, keyColumn: entry.keyLocation.column)
        }
        return result
    }

    // MARK: - Messages

    private func tooDeep(at segment: TOMLKeySegment) -> TOMLError {
        conflict(at: segment, "tables are nested too deeply (the limit is \(TOMLDocumentParser.maximumNesting) levels)")
    }

    private func conflict(at segment: TOMLKeySegment, _ message: String) -> TOMLError {
        TOMLError(line: segment.location.line, column: segment.location.column, message: message)
    }

    /// "an integer defined at line 3" style description of an existing value, for conflicts.
    private static func describe(_ node: TOMLNode, _ entry: Entry) -> String {
        let defined = "defined at line \(entry.keyLocation.line)"
        return switch node.value {
        case .table: "an inline table \(defined), and inline tables cannot be extended"
        case .array: "an array \(defined), and arrays given as values cannot be extended"
        case .integer, .offsetDateTime, .localDateTime, .localDate, .localTime: "an \(node.value.typeName) \(defined)"
        default: "a \(node.value.typeName) \(defined)"
        }
    }

    /// A key path as it could be written in TOML: bare segments as they are, others quoted.
    static func render(_ path: some Collection<TOMLKeySegment>) -> String {
        path.map { segment in
            let bare = !segment.name.isEmpty && segment.name.utf8.allSatisfy(TOMLDocumentBuilder.isBareKeyByte)
            return bare ? segment.name : "\"" + segment.name.replacingEscapes() + "\""
        }.joined(separator: ".")
    }

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}

extension String {
    /// The string with `\` and `"` escaped and control characters as `\uXXXX`, as it would be
    /// written inside a TOML basic string.
    fileprivate func replacingEscapes() -> String {
        var result = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\u{00}"..."\u{1F}", "\u{7F}":
                let digits = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
