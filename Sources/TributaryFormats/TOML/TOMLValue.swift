/// One TOML value. Arrays and tables hold `TOMLNode`s rather than bare values so that every
/// element, however deeply nested, can still report where it was written.
///
/// Equality is structural and includes the positions of nested nodes; floats compare as `Double`
/// does, so a `nan` is not equal to itself.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case bool(Bool)
    /// A date-time with a UTC offset; `offsetMinutes` is never `nil` here.
    case offsetDateTime(TOMLDateTime)
    /// A date-time without offset; `offsetMinutes` is always `nil` here.
    case localDateTime(TOMLDateTime)
    case localDate(TOMLDate)
    case localTime(TOMLTime)
    case array([TOMLNode])
    case table(TOMLTable)

    /// The TOML name of the value's type, for messages such as "expected a string, found an integer".
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .bool: "boolean"
        case .offsetDateTime: "offset date-time"
        case .localDateTime: "local date-time"
        case .localDate: "local date"
        case .localTime: "local time"
        case .array: "array"
        case .table: "table"
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    public var integerValue: Int64? {
        if case .integer(let value) = self { value } else { nil }
    }

    /// The float, exactly as written; integers are not converted, so that callers decide whether
    /// `1` is acceptable where a float is expected.
    public var floatValue: Double? {
        if case .float(let value) = self { value } else { nil }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    public var arrayValue: [TOMLNode]? {
        if case .array(let value) = self { value } else { nil }
    }

    public var tableValue: TOMLTable? {
        if case .table(let value) = self { value } else { nil }
    }
}
