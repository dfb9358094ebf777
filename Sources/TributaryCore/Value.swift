/// One cell, for literals, tests and the slow paths (rejects, summaries). The hot path works on columns.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case null
    case string(String)
    case int64(Int64)
    case uint64(UInt64)
    case decimal(ExactDecimal)
    case float64(Double)
    case bool(Bool)
    /// Days since 1970-01-01.
    case date(Int32)
    /// Seconds since the Unix epoch, UTC.
    case dateTime(Int64)
    case stringArray([String])

    public var isNull: Bool { if case .null = self { true } else { false } }

    /// Text as a user would write it: decimals in full, dates ISO 8601, times in UTC.
    public var description: String {
        switch self {
        case .null: "NULL"
        case .string(let s): s
        case .int64(let v): String(v)
        case .uint64(let v): String(v)
        case .decimal(let d): d.description
        case .float64(let v): String(v)
        case .bool(let v): v ? "true" : "false"
        case .date(let d): CivilTime.formatDate(days: Int64(d))
        case .dateTime(let s): CivilTime.formatDateTime(epochSeconds: s)
        case .stringArray(let a): "[" + a.joined(separator: ",") + "]"
        }
    }
}
