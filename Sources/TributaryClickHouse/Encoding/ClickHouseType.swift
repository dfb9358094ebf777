/// A ClickHouse column type, parsed from its text so that spellings can be compared.
///
/// `system.columns` prints `Decimal(38, 12)` for a column declared `Decimal128(12)`, quotes time zones, and
/// wraps types in `Nullable(…)` and `LowCardinality(…)`; comparing the parsed forms ignores those differences.
public indirect enum ClickHouseType: Sendable, Hashable, CustomStringConvertible {
    case nullable(ClickHouseType)
    case lowCardinality(ClickHouseType)
    case array(ClickHouseType)
    case decimal(precision: Int, scale: Int)
    /// `DateTime` or `DateTime('Zone')`.
    case dateTime(timeZone: String?)
    /// A type without arguments: `String`, `Int64`, `UInt8`, `Date`, `Float64`, …
    case plain(String)
    /// Anything else (`FixedString(3)`, `Enum8(…)`, `DateTime64(3)`, `Map(…)`), kept as normalised text.
    case other(name: String, arguments: [String])

    /// Canonical text: `Nullable(Decimal(38, 12))`, `DateTime('UTC')`, `Array(String)`.
    public var description: String {
        switch self {
        case .nullable(let t): "Nullable(\(t))"
        case .lowCardinality(let t): "LowCardinality(\(t))"
        case .array(let t): "Array(\(t))"
        case .decimal(let p, let s): "Decimal(\(p), \(s))"
        case .dateTime(let zone): zone.map { "DateTime('\($0)')" } ?? "DateTime"
        case .plain(let name): name
        case .other(let name, let arguments): "\(name)(\(arguments.joined(separator: ", ")))"
        }
    }

    /// The type inside `Nullable` and `LowCardinality`, which change storage but not values.
    public var base: ClickHouseType {
        switch self {
        case .nullable(let t), .lowCardinality(let t): t.base
        default: self
        }
    }

    /// True when the column stores NULL (`Nullable(T)`, `LowCardinality(Nullable(T))`).
    public var isNullable: Bool {
        switch self {
        case .nullable: true
        case .lowCardinality(let t): t.isNullable
        default: false
        }
    }

    public var containsLowCardinality: Bool {
        switch self {
        case .lowCardinality: true
        case .nullable(let t), .array(let t): t.containsLowCardinality
        default: false
        }
    }

    /// Parses a type as ClickHouse prints or accepts it; nil for text that is not a type.
    public init?(parsing text: String) {
        var parser = Parser(Array(text.utf8))
        guard let t = parser.type(), parser.atEnd else { return nil }
        self = t
    }

    private struct Parser {
        let b: [UInt8]
        var i = 0

        init(_ b: [UInt8]) { self.b = b }

        var atEnd: Bool {
            mutating get {
                skipSpaces()
                return i == b.count
            }
        }

        mutating func skipSpaces() { while i < b.count, b[i] == 0x20 { i += 1 } }

        mutating func name() -> String? {
            skipSpaces()
            let start = i
            while i < b.count,
                b[i] == 0x5F || (b[i] | 0x20 >= 0x61 && b[i] | 0x20 <= 0x7A)
                    || (i > start && b[i] >= 0x30 && b[i] <= 0x39)
            {
                i += 1
            }
            return i > start ? String(decoding: b[start..<i], as: UTF8.self) : nil
        }

        /// One argument's raw text: up to the next top-level comma or closing parenthesis.
        mutating func rawArgument() -> String? {
            skipSpaces()
            let start = i
            var depth = 0
            var quoted = false
            while i < b.count {
                let c = b[i]
                if quoted {
                    if c == 0x5C { i += 1 } else if c == 0x27 { quoted = false }
                } else if c == 0x27 {
                    quoted = true
                } else if c == 0x28 {
                    depth += 1
                } else if c == 0x29 {
                    if depth == 0 { break }
                    depth -= 1
                } else if c == 0x2C && depth == 0 {
                    break
                }
                i += 1
            }
            guard i <= b.count, !quoted else { return nil }
            var end = i
            while end > start, b[end - 1] == 0x20 { end -= 1 }
            return String(decoding: b[start..<end], as: UTF8.self)
        }

        mutating func arguments() -> [String]? {
            skipSpaces()
            guard i < b.count, b[i] == 0x28 else { return [] }
            i += 1
            var out: [String] = []
            while true {
                guard let a = rawArgument() else { return nil }
                out.append(a)
                guard i < b.count else { return nil }
                if b[i] == 0x29 {
                    i += 1
                    return out
                }
                i += 1  // comma
            }
        }

        mutating func type() -> ClickHouseType? {
            guard let name = name() else { return nil }
            let save = i
            switch name {
            case "Nullable", "LowCardinality", "Array":
                skipSpaces()
                guard i < b.count, b[i] == 0x28 else { return nil }
                i += 1
                guard let inner = type() else { return nil }
                skipSpaces()
                guard i < b.count, b[i] == 0x29 else { return nil }
                i += 1
                switch name {
                case "Nullable": return .nullable(inner)
                case "LowCardinality": return .lowCardinality(inner)
                default: return .array(inner)
                }
            default:
                i = save
                guard let args = arguments() else { return nil }
                return Self.make(name, args)
            }
        }

        static func make(_ name: String, _ args: [String]) -> ClickHouseType? {
            let ints = args.compactMap { Int($0) }
            switch (name, args.count) {
            case ("Decimal", 2) where ints.count == 2: return .decimal(precision: ints[0], scale: ints[1])
            case ("Decimal32", 1) where ints.count == 1: return .decimal(precision: 9, scale: ints[0])
            case ("Decimal64", 1) where ints.count == 1: return .decimal(precision: 18, scale: ints[0])
            case ("Decimal128", 1) where ints.count == 1: return .decimal(precision: 38, scale: ints[0])
            case ("DateTime", 0): return .dateTime(timeZone: nil)
            case ("DateTime", 1):
                let a = args[0]
                guard a.count >= 2, a.hasPrefix("'"), a.hasSuffix("'") else { return nil }
                return .dateTime(timeZone: String(a.dropFirst().dropLast()))
            case (_, 0): return .plain(name)
            default: return .other(name: name, arguments: args)
            }
        }
    }
}
