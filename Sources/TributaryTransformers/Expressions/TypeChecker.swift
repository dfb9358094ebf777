import TributaryCore

/// Resolves an expression's names against a schema and infers every node's type and nullability, at plan time.
///
/// Arithmetic keeps money exact: int64 with int64 stays int64 (overflow rejects the row); any decimal makes the
/// result a decimal (`+`/`-` exact at the larger scale, `*` exact up to scale 12 or the operands' own larger
/// scale then rounded half to even, `/` at scale 12, rounded half to even; int64 `/` int64 is a decimal too);
/// float64 only when an operand is float64. uint64 operands take part as decimals. Comparisons between int64
/// and decimal are exact. A string literal compared with a date or datetime is read as one at plan time.
///
/// Errors carry the offset of the offending node: the operator for a type mismatch, the name for an unknown
/// column or function, the argument for a bad argument.
///
///     let typed = try TypeChecker(schema: schema, text: text).check(ExpressionParser.parse(text))
public struct TypeChecker: Sendable {
    public let schema: Schema
    /// The expression text, carried into errors.
    public let text: String

    public init(schema: Schema, text: String) {
        self.schema = schema
        self.text = text
    }

    public func check(_ expression: Expression) throws(ExpressionError) -> TypedExpression {
        let offset = expression.offset
        switch expression.kind {
        case .column(let name):
            guard let index = schema.index(of: name) else {
                let suggestion = NameSuggestion.nearest(to: name, in: schema.names)
                throw error(.unknownColumn(name, suggestion: suggestion), at: offset)
            }
            return TypedExpression(
                .column(index), type: schema[index].type, nullable: schema[index].nullable, offset: offset)
        case .literal(let value):
            return Self.literal(value, at: offset)
        case .negate(let inner):
            return try negate(try check(inner), at: offset)
        case .not(let inner):
            let operand = try requireBool(try check(inner), context: "NOT")
            return try make(.not(operand), type: .bool, nullable: operand.nullable, offset: offset)
        case .binary(let op, let l, let r):
            let left = try check(l)
            let right = try check(r)
            switch op {
            case .add: return try arithmetic(.add, op, left, right, at: offset)
            case .subtract: return try arithmetic(.subtract, op, left, right, at: offset)
            case .multiply: return try arithmetic(.multiply, op, left, right, at: offset)
            case .divide: return try arithmetic(.divide, op, left, right, at: offset)
            case .equal: return try comparison(.equal, left, right, at: offset)
            case .notEqual: return try comparison(.notEqual, left, right, at: offset)
            case .less: return try comparison(.less, left, right, at: offset)
            case .lessOrEqual: return try comparison(.lessOrEqual, left, right, at: offset)
            case .greater: return try comparison(.greater, left, right, at: offset)
            case .greaterOrEqual: return try comparison(.greaterOrEqual, left, right, at: offset)
            case .and, .or:
                let a = try requireBool(left, context: op.rawValue)
                let b = try requireBool(right, context: op.rawValue)
                let node: TypedExpression.Node = op == .and ? .and(a, b) : .or(a, b)
                return try make(node, type: .bool, nullable: a.nullable || b.nullable, offset: offset)
            case .concat:
                return try concat([left, right], at: offset)
            }
        case .isNull(let inner, let negated):
            let operand = try check(inner)
            return try make(.isNull(operand, negated: negated), type: .bool, nullable: false, offset: offset)
        case .inList(let inner, let list, let negated):
            return try inList(
                try check(inner), try list.map { (e) throws(ExpressionError) in try check(e) },
                negated: negated, at: offset)
        case .call(let name, let arguments):
            return try call(name, arguments, at: offset)
        case .cast(let inner, let type):
            return try explicitCast(try check(inner), to: type, function: "CAST", format: nil, at: offset)
        }
    }

    func error(_ reason: ExpressionError.Reason, at offset: Int) -> ExpressionError {
        ExpressionError(reason, at: offset, in: text)
    }

    static func literal(_ value: Value, at offset: Int) -> TypedExpression {
        let type: DataType
        switch value {
        case .null, .string: type = .string
        case .int64: type = .int64
        case .uint64: type = .uint64
        case .decimal(let d): type = .decimal(precision: 38, scale: d.scale)
        case .float64: type = .float64
        case .bool: type = .bool
        case .date: type = .date
        case .dateTime: type = .dateTime
        case .stringArray: type = .stringArray
        }
        return TypedExpression(.literal(value), type: type, nullable: value.isNull, offset: offset)
    }

    /// Builds a node, folding it to a literal when every operand is one, so that constant mistakes such as
    /// `1 / 0` or `DATE '2025-02-30'` surface at plan time and the evaluator never loops over constants.
    func make(
        _ node: TypedExpression.Node, type: DataType, nullable: Bool, offset: Int
    ) throws(ExpressionError) -> TypedExpression {
        let e = TypedExpression(node, type: type, nullable: nullable, offset: offset)
        let children = e.children
        guard !children.isEmpty, children.allSatisfy({ $0.literalValue != nil }) else { return e }
        switch ExpressionEvaluator.evaluateConstant(e) {
        case .success(let value):
            return TypedExpression(.literal(value), type: type, nullable: value.isNull, offset: offset)
        case .failure(let failure):
            throw error(.constantError(failure.reason), at: offset)
        }
    }

    private func negate(_ operand: TypedExpression, at offset: Int) throws(ExpressionError) -> TypedExpression {
        if operand.isNullLiteral {
            return TypedExpression(.literal(.null), type: .int64, nullable: true, offset: offset)
        }
        guard operand.type.isNumeric else {
            throw error(.typeMismatch("cannot negate \(Self.describe(operand))"), at: offset)
        }
        let x = operand.type == .uint64 ? try coerce(operand, to: .decimal(precision: 38, scale: 0)) : operand
        return try make(.negate(x), type: Self.computedType(x.type), nullable: x.nullable, offset: offset)
    }

    private func arithmetic(
        _ op: ArithmeticOperator, _ spelled: BinaryOperator, _ left: TypedExpression, _ right: TypedExpression,
        at offset: Int
    ) throws(ExpressionError) -> TypedExpression {
        guard left.isNullLiteral || left.type.isNumeric, right.isNullLiteral || right.type.isNumeric else {
            throw error(
                .typeMismatch("cannot \(spelled.verb) \(Self.describe(left)) and \(Self.describe(right))"), at: offset)
        }
        let nullable = left.nullable || right.nullable
        if left.isNullLiteral, right.isNullLiteral {
            return TypedExpression(.literal(.null), type: .int64, nullable: true, offset: offset)
        }
        let l = left.isNullLiteral ? Self.retyped(left, right.type) : left
        let r = right.isNullLiteral ? Self.retyped(right, left.type) : right
        if l.type == .float64 || r.type == .float64 {
            let a = try coerce(l, to: .float64)
            let b = try coerce(r, to: .float64)
            return try make(.arithmetic(op, a, b), type: .float64, nullable: nullable, offset: offset)
        }
        if l.type == .int64, r.type == .int64, op != .divide {
            return try make(.arithmetic(op, l, r), type: .int64, nullable: nullable, offset: offset)
        }
        let a = try toDecimalKind(l)
        let b = try toDecimalKind(r)
        let sa = Self.scale(of: a.type)
        let sb = Self.scale(of: b.type)
        let resultScale: Int
        switch op {
        case .add, .subtract: resultScale = max(sa, sb)
        case .multiply: resultScale = min(sa + sb, max(Self.productScale, sa, sb))
        case .divide: resultScale = Self.quotientScale
        }
        return try make(
            .arithmetic(op, a, b), type: .decimal(precision: 38, scale: resultScale), nullable: nullable, offset: offset
        )
    }

    /// Products are exact up to this scale (or the operands' own larger scale), then rounded half to even.
    static let productScale = 12
    /// Quotients are computed at this scale, rounded half to even.
    static let quotientScale = 12

    private func comparison(
        _ op: ComparisonOperator, _ left: TypedExpression, _ right: TypedExpression, at offset: Int
    ) throws(ExpressionError) -> TypedExpression {
        guard let kind = ValueKind.join(ValueKind.Operand(left), ValueKind.Operand(right)) else {
            throw error(.typeMismatch("cannot compare \(Self.describe(left)) and \(Self.describe(right))"), at: offset)
        }
        let a = try toKind(left, kind)
        let b = try toKind(right, kind)
        return try make(.comparison(op, a, b), type: .bool, nullable: a.nullable || b.nullable, offset: offset)
    }

    private func inList(
        _ operand: TypedExpression, _ list: [TypedExpression], negated: Bool, at offset: Int
    ) throws(ExpressionError) -> TypedExpression {
        var joined = ValueKind.Operand(operand)
        for element in list {
            guard let kind = ValueKind.join(joined, ValueKind.Operand(element)) else {
                throw error(
                    .typeMismatch("cannot compare \(Self.describe(operand)) and \(Self.describe(element))"),
                    at: element.offset)
            }
            joined = ValueKind.Operand(kind: kind, isStringLiteral: joined.isStringLiteral)
        }
        let kind = joined.kind ?? .string
        let x = try toKind(operand, kind)
        var elements: [TypedExpression] = []
        for element in list { elements.append(try toKind(element, kind)) }
        let nullable = x.nullable || elements.contains { $0.nullable }
        return try make(.inList(x, elements, negated: negated), type: .bool, nullable: nullable, offset: offset)
    }

    func concat(_ parts: [TypedExpression], at offset: Int) throws(ExpressionError) -> TypedExpression {
        var arguments: [TypedExpression] = []
        for part in parts {
            // `a || b || c` nests; one concat of three parts writes each byte once.
            if case .concat(let inner) = part.node {
                arguments.append(contentsOf: inner)
                continue
            }
            if part.isNullLiteral {
                arguments.append(Self.retyped(part, .string))
                continue
            }
            guard part.type != .stringArray else {
                throw error(.typeMismatch("cannot concatenate \(Self.describe(part))"), at: part.offset)
            }
            arguments.append(try coerce(part, to: .string))
        }
        return try make(.concat(arguments), type: .string, nullable: arguments.contains { $0.nullable }, offset: offset)
    }

    func requireBool(_ e: TypedExpression, context: String) throws(ExpressionError) -> TypedExpression {
        if e.isNullLiteral { return Self.retyped(e, .bool) }
        guard e.type == .bool else {
            throw error(.typeMismatch("operand of \(context) must be bool, found \(Self.describe(e))"), at: e.offset)
        }
        return e
    }
}
