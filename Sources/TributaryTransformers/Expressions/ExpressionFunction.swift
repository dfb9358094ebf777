/// The functions expressions may call, matched case-insensitively by name.
///
/// | call | result |
/// |---|---|
/// | `coalesce(a, b, …)` | the first non-NULL argument, in the arguments' common type |
/// | `if(cond, then, else)` | `then` where `cond` is TRUE, otherwise (FALSE or NULL) `else` |
/// | `lower(s)`, `upper(s)`, `trim(s)` | string; `trim` removes spaces, tabs and line breaks at both ends |
/// | `concat(a, …)` | string; other types are written as text; NULL if any argument is NULL |
/// | `substring(s, start[, length])` | 1-based, in characters (Unicode code points), as SQL |
/// | `replace(s, from, to)` | every occurrence of `from` replaced |
/// | `starts_with(s, x)`, `ends_with(s, x)`, `contains(s, x)` | bool |
/// | `length(s)` | int64, in characters (Unicode code points): `length('é')` is 1 |
/// | `to_date(x[, format])` | date from a string (ISO 8601 or `format`), a datetime (its UTC day) or a date |
/// | `to_datetime(x[, format])` | datetime from a string (ISO 8601 or a `DateTimeFormat` pattern) or a date |
/// | `date_trunc(unit, t)` | `t` truncated to `'hour'`, `'day'`, `'week'` (Monday), `'month'`, `'quarter'`, `'year'` |
/// | `to_yyyymm(t)` | int64 such as 202501 |
/// | `to_string(x)`, `to_int64(x)`, `to_float64(x)`, `to_decimal(x[, scale])` | conversions, as `CAST` |
/// | `abs(x)` | the magnitude, same type |
/// | `round(x[, digits])` | rounded half to even to `digits` decimals (default 0) |
///
/// Formats, units, scales and digits must be literals, so that they are checked at plan time. A value that does
/// not convert (`to_date('soon')`) rejects its row.
enum ExpressionFunction: String, CaseIterable, Sendable {
    case coalesce
    case `if`
    case lower, upper, trim, concat, substring, replace
    case startsWith = "starts_with"
    case endsWith = "ends_with"
    case contains, length
    case toDate = "to_date"
    case toDateTime = "to_datetime"
    case dateTrunc = "date_trunc"
    case toYYYYMM = "to_yyyymm"
    case toString = "to_string"
    case toInt64 = "to_int64"
    case toFloat64 = "to_float64"
    case toDecimal = "to_decimal"
    case abs, round

    /// How many arguments the function takes.
    var arity: ClosedRange<Int> {
        switch self {
        case .coalesce, .concat: 1...Int.max
        case .if, .replace: 3...3
        case .lower, .upper, .trim, .length, .toYYYYMM, .toString, .toInt64, .toFloat64, .abs: 1...1
        case .substring: 2...3
        case .startsWith, .endsWith, .contains, .dateTrunc: 2...2
        case .toDate, .toDateTime, .toDecimal, .round: 1...2
        }
    }

    /// "1 argument", "2 or 3 arguments", "at least 1 argument".
    var arityDescription: String {
        let plural = { (n: Int) in n == 1 ? "\(n) argument" : "\(n) arguments" }
        if arity.upperBound == Int.max { return "at least " + plural(arity.lowerBound) }
        if arity.lowerBound == arity.upperBound { return plural(arity.lowerBound) }
        return "\(arity.lowerBound) or \(arity.upperBound) arguments"
    }

    /// The byte-loop kernel of a string function.
    var stringFunction: StringFunction? {
        switch self {
        case .lower: .lower
        case .upper: .upper
        case .trim: .trim
        case .length: .length
        case .substring: .substring
        case .replace: .replace
        case .startsWith: .startsWith
        case .endsWith: .endsWith
        case .contains: .contains
        default: nil
        }
    }

    static let names = allCases.map(\.rawValue)
}
