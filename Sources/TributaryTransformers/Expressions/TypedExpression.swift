import TributaryCore

/// An expression after type checking: names resolved to column positions, every node typed, implicit
/// conversions made explicit, constant parts folded.
///
/// The evaluator trusts these types: operands of an arithmetic or comparison node already share a kind (both
/// int64, both decimal, both float64, …), so its loops never decide types per row.
public struct TypedExpression: Sendable, Equatable {
    /// The result type; decimal results computed by the expression are `decimal(38, scale)`.
    public var type: DataType
    /// Whether a row that is not rejected can still evaluate to NULL.
    public var nullable: Bool
    /// 0-based UTF-8 offset of the node in the expression text.
    public var offset: Int
    var node: Node

    init(_ node: Node, type: DataType, nullable: Bool, offset: Int) {
        self.node = node
        self.type = type
        self.nullable = nullable
        self.offset = offset
    }

    indirect enum Node: Sendable, Equatable {
        /// A position in the input schema.
        case column(Int)
        /// A constant of exactly `type` (a decimal already at the node's scale), or NULL.
        case literal(Value)
        /// Converts the operand to the node's type; the format applies to string → date/datetime.
        case cast(TypedExpression, format: DateTimeFormat?)
        case negate(TypedExpression)
        case arithmetic(ArithmeticOperator, TypedExpression, TypedExpression)
        case comparison(ComparisonOperator, TypedExpression, TypedExpression)
        case and(TypedExpression, TypedExpression)
        case or(TypedExpression, TypedExpression)
        case not(TypedExpression)
        case isNull(TypedExpression, negated: Bool)
        case inList(TypedExpression, [TypedExpression], negated: Bool)
        case ifThenElse(TypedExpression, TypedExpression, TypedExpression)
        case coalesce([TypedExpression])
        case concat([TypedExpression])
        case string(StringFunction, [TypedExpression])
        case dateTrunc(DateUnit, TypedExpression)
        case toYYYYMM(TypedExpression)
        case abs(TypedExpression)
        case round(TypedExpression, scale: Int)
    }

    /// A bare `NULL`, whose type the context decides.
    var isNullLiteral: Bool {
        if case .literal(.null) = node { return true }
        return false
    }

    var literalValue: Value? {
        if case .literal(let v) = node { return v }
        return nil
    }

    /// Column positions this expression reads.
    var columnsRead: Set<Int> {
        var out: Set<Int> = []
        visit { if case .column(let i) = $0.node { out.insert(i) } }
        return out
    }

    func visit(_ body: (TypedExpression) -> Void) {
        body(self)
        switch node {
        case .column, .literal: break
        case .cast(let e, _), .negate(let e), .not(let e), .isNull(let e, _), .dateTrunc(_, let e), .toYYYYMM(let e),
            .abs(let e), .round(let e, _):
            e.visit(body)
        case .arithmetic(_, let l, let r), .comparison(_, let l, let r), .and(let l, let r), .or(let l, let r):
            l.visit(body)
            r.visit(body)
        case .inList(let e, let list, _):
            e.visit(body)
            for x in list { x.visit(body) }
        case .ifThenElse(let c, let t, let e):
            c.visit(body)
            t.visit(body)
            e.visit(body)
        case .coalesce(let list), .concat(let list), .string(_, let list):
            for x in list { x.visit(body) }
        }
    }
}

enum ArithmeticOperator: Sendable, Equatable {
    case add, subtract, multiply, divide
}

enum ComparisonOperator: Sendable, Equatable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual

    /// The same test with its operands swapped: `a < b` is `b > a`.
    var flipped: ComparisonOperator {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        }
    }
}

/// String functions evaluated by byte loops.
enum StringFunction: Sendable, Equatable {
    case lower, upper, trim, substring, replace, startsWith, endsWith, contains, length
}

extension TypedExpression {
    /// The direct operands of this node.
    var children: [TypedExpression] {
        switch node {
        case .column, .literal: return []
        case .cast(let e, _), .negate(let e), .not(let e), .isNull(let e, _), .dateTrunc(_, let e), .toYYYYMM(let e),
            .abs(let e), .round(let e, _):
            return [e]
        case .arithmetic(_, let l, let r), .comparison(_, let l, let r), .and(let l, let r), .or(let l, let r):
            return [l, r]
        case .inList(let e, let list, _): return [e] + list
        case .ifThenElse(let c, let t, let e): return [c, t, e]
        case .coalesce(let list), .concat(let list), .string(_, let list): return list
        }
    }
}
