/// The logical type of a column, independent of how ClickHouse spells it.
///
/// Money is always `.decimal`; `.float64` is for values that really are approximate.
public enum DataType: Sendable, Hashable, CustomStringConvertible {
    case string
    case int64
    case uint64
    case decimal(precision: Int, scale: Int)
    case float64
    case bool
    /// Days since 1970-01-01.
    case date
    /// Seconds since the Unix epoch, UTC.
    case dateTime
    case stringArray

    /// The decimal type money uses everywhere: ClickHouse `Decimal(38, 12)`.
    public static let money = DataType.decimal(precision: 38, scale: 12)

    public var description: String {
        switch self {
        case .string: "string"
        case .int64: "int64"
        case .uint64: "uint64"
        case .decimal(let p, let s): "decimal(\(p),\(s))"
        case .float64: "float64"
        case .bool: "bool"
        case .date: "date"
        case .dateTime: "datetime"
        case .stringArray: "array(string)"
        }
    }

    /// Parses the spelling used in pipeline files: `string`, `int64`, `uint64`, `decimal`, `decimal(38,12)`,
    /// `float64`, `bool`, `date`, `datetime`, `array(string)`. Returns nil for anything else.
    public init?(parsing text: String) {
        let t = text.lowercased().filter { $0 != " " }
        switch t {
        case "string": self = .string
        case "int64", "int": self = .int64
        case "uint64": self = .uint64
        case "decimal", "money": self = .money
        case "float64", "float": self = .float64
        case "bool", "boolean": self = .bool
        case "date": self = .date
        case "datetime", "timestamp": self = .dateTime
        case "array(string)": self = .stringArray
        default:
            guard t.hasPrefix("decimal("), t.hasSuffix(")") else { return nil }
            let inner = t.dropFirst("decimal(".count).dropLast()
            let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2, let p = Int(parts[0]), let s = Int(parts[1]),
                (1...38).contains(p), (0...p).contains(s)
            else { return nil }
            self = .decimal(precision: p, scale: s)
        }
    }

    /// The names `init(parsing:)` accepts, for error messages.
    public static let spellings = [
        "string", "int64", "uint64", "decimal(P,S)", "float64", "bool", "date", "datetime", "array(string)",
    ]

    public var isNumeric: Bool {
        switch self {
        case .int64, .uint64, .decimal, .float64: true
        default: false
        }
    }
}

/// A named, typed column of a schema.
public struct Field: Sendable, Hashable {
    public var name: String
    public var type: DataType
    public var nullable: Bool

    public init(_ name: String, _ type: DataType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

/// An ordered list of fields with unique names.
public struct Schema: Sendable, Hashable {
    public private(set) var fields: [Field]
    private var positions: [String: Int]

    public init(_ fields: [Field]) {
        self.fields = fields
        var positions: [String: Int] = [:]
        for (i, f) in fields.enumerated() where positions[f.name] == nil { positions[f.name] = i }
        self.positions = positions
    }

    public var count: Int { fields.count }
    public var names: [String] { fields.map(\.name) }
    public func index(of name: String) -> Int? { positions[name] }
    public func field(named name: String) -> Field? { positions[name].map { fields[$0] } }
    public subscript(i: Int) -> Field { fields[i] }
}
