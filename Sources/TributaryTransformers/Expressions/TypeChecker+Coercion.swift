import TributaryCore

extension TypeChecker {
    /// How a type reads in messages: the kind without parameters ("decimal"), or "NULL" for a bare NULL.
    static func describe(_ e: TypedExpression) -> String {
        e.isNullLiteral ? "NULL" : describe(e.type)
    }

    static func describe(_ type: DataType) -> String {
        if case .decimal = type { return "decimal" }
        return type.description
    }

    static func retyped(_ e: TypedExpression, _ type: DataType) -> TypedExpression {
        var copy = e
        copy.type = type
        return copy
    }

    static func scale(of type: DataType) -> Int {
        if case .decimal(_, let s) = type { return s }
        return 0
    }

    /// The type of a value computed from `type`: decimals widen to the full 38 digits.
    static func computedType(_ type: DataType) -> DataType {
        if case .decimal(_, let s) = type { return .decimal(precision: 38, scale: s) }
        return type
    }

    /// Makes an integer operand a decimal of scale 0; decimals keep their scale.
    func toDecimalKind(_ e: TypedExpression) throws(ExpressionError) -> TypedExpression {
        if case .decimal = e.type, !e.isNullLiteral { return e }
        return try coerce(e, to: .decimal(precision: 38, scale: 0))
    }

    /// Converts an operand to a kind, keeping a decimal's own scale (comparison kernels align scales exactly).
    func toKind(_ e: TypedExpression, _ kind: ValueKind) throws(ExpressionError) -> TypedExpression {
        if kind == .decimal { return try toDecimalKind(e) }
        if !e.isNullLiteral, ValueKind(e.type) == kind { return e }
        return try coerce(e, to: kind.defaultType)
    }

    /// Converts an operand to exactly `type`, inserting a cast (folded when the operand is a literal).
    func coerce(_ e: TypedExpression, to type: DataType) throws(ExpressionError) -> TypedExpression {
        if e.isNullLiteral { return Self.retyped(e, type) }
        if e.type == type { return e }
        if case .decimal(_, let s) = e.type, case .decimal(_, let t) = type, s == t { return e }
        return try make(.cast(e, format: nil), type: type, nullable: e.nullable, offset: e.offset)
    }

    /// The one type a list of alternatives (the branches of `if`, the arguments of `coalesce`) is merged in.
    func unify(_ options: [TypedExpression], in function: String) throws(ExpressionError) -> DataType {
        var joined = ValueKind.Operand(kind: nil, isStringLiteral: false)
        var exemplar: TypedExpression?
        for option in options {
            let operand = ValueKind.Operand(option)
            guard let kind = ValueKind.join(joined, operand) else {
                let other = exemplar.map(Self.describe) ?? "NULL"
                throw error(
                    .typeMismatch("cannot mix \(other) and \(Self.describe(option)) in \(function)"), at: option.offset)
            }
            guard operand.kind != nil else { continue }
            let literal =
                joined.kind == nil ? operand.isStringLiteral : joined.isStringLiteral && operand.isStringLiteral
            joined = ValueKind.Operand(kind: kind, isStringLiteral: literal)
            if exemplar == nil { exemplar = option }
        }
        let types = options.filter { !$0.isNullLiteral }.map(\.type)
        switch joined.kind {
        case nil: return .string
        case .decimal?:
            return .decimal(precision: 38, scale: types.map(Self.scale(of:)).max() ?? 0)
        case let kind?:
            if let first = types.first, types.allSatisfy({ $0 == first }) { return Self.computedType(first) }
            return kind.defaultType
        }
    }
}
