import TributaryCore

/// A parsed expression: what the user wrote, before names and types are resolved.
///
/// Every node keeps the 0-based UTF-8 offset in the expression text where it starts (for an operator, the
/// operator itself), so that a type error can point at the token the user has to change rather than at the
/// whole expression.
public struct Expression: Sendable, Equatable, CustomStringConvertible {
    public var kind: Kind
    /// 0-based UTF-8 offset in the expression text.
    public var offset: Int

    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public indirect enum Kind: Sendable, Equatable {
        /// A column reference, bare (`cost`) or back-quoted (`` `line item` ``).
        case column(String)
        /// `12`, `12.50` (an exact decimal), `'text'`, `TRUE`, `NULL`, `DATE '…'`, `TIMESTAMP '…'`.
        case literal(Value)
        case negate(Expression)
        case not(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case isNull(Expression, negated: Bool)
        case inList(Expression, [Expression], negated: Bool)
        /// A function call; the name is kept as written and resolved case-insensitively by the type checker.
        case call(String, [Expression])
        /// `CAST(x AS type)`.
        case cast(Expression, DataType)
    }

    /// A fully parenthesised rendering, for tests and debugging.
    public var description: String {
        switch kind {
        case .column(let name): return "`\(name)`"
        case .literal(let v):
            switch v {
            case .string(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
            case .date: return "DATE '\(v)'"
            case .dateTime: return "TIMESTAMP '\(v)'"
            default: return v.description
            }
        case .negate(let e): return "(-\(e))"
        case .not(let e): return "(NOT \(e))"
        case .binary(let op, let l, let r): return "(\(l) \(op.rawValue) \(r))"
        case .isNull(let e, let negated): return "(\(e) IS \(negated ? "NOT " : "")NULL)"
        case .inList(let e, let list, let negated):
            return "(\(e) \(negated ? "NOT " : "")IN (\(list.map(\.description).joined(separator: ", "))))"
        case .call(let name, let args): return "\(name)(\(args.map(\.description).joined(separator: ", ")))"
        case .cast(let e, let type): return "CAST(\(e) AS \(type))"
        }
    }
}

/// The infix operators, with their spelling.
public enum BinaryOperator: String, Sendable, Equatable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case concat = "||"
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case and = "AND"
    case or = "OR"

    var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide: true
        default: false
        }
    }

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }

    /// The verb used in type errors: "cannot add string and decimal".
    var verb: String {
        switch self {
        case .add: "add"
        case .subtract: "subtract"
        case .multiply: "multiply"
        case .divide: "divide"
        case .concat: "concatenate"
        case .and, .or: "combine"
        default: "compare"
        }
    }
}
