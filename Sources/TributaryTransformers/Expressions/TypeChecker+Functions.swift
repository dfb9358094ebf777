import TributaryCore

extension TypeChecker {
    /// Resolves a call by name (case-insensitively), checks its arity and argument types, and builds its node.
    func call(_ name: String, _ arguments: [Expression], at offset: Int) throws(ExpressionError) -> TypedExpression {
        guard let function = ExpressionFunction(rawValue: name.lowercased()) else {
            let suggestion = NameSuggestion.nearest(to: name, in: ExpressionFunction.names)
            throw error(.unknownFunction(name, suggestion: suggestion, known: ExpressionFunction.names), at: offset)
        }
        guard function.arity.contains(arguments.count) else {
            throw error(
                .argumentCount(
                    function: function.rawValue, expected: function.arityDescription, found: arguments.count),
                at: offset)
        }
        var args: [TypedExpression] = []
        for argument in arguments { args.append(try check(argument)) }
        let anyNullable = args.contains { $0.nullable }
        let fn = function.rawValue

        switch function {
        case .coalesce:
            let type = try unify(args, in: fn)
            var options: [TypedExpression] = []
            for a in args { options.append(try coerce(a, to: type)) }
            // The first argument that can never be NULL ends the search: later ones are never used.
            if let stop = options.firstIndex(where: { !$0.nullable }) { options = Array(options[...stop]) }
            if options.count == 1 { return options[0] }
            return try make(.coalesce(options), type: type, nullable: options.allSatisfy(\.nullable), offset: offset)
        case .if:
            let condition = try requireArgument(args[0], of: fn, position: 1, [.bool], expected: "bool")
            let type = try unify([args[1], args[2]], in: fn)
            let then = try coerce(args[1], to: type)
            let otherwise = try coerce(args[2], to: type)
            return try make(
                .ifThenElse(condition, then, otherwise), type: type, nullable: then.nullable || otherwise.nullable,
                offset: offset)
        case .lower, .upper, .trim, .length:
            let s = try requireArgument(args[0], of: fn, position: 1, [.string], expected: "string")
            let kind = function.stringFunction ?? .length
            return try make(
                .string(kind, [s]), type: kind == .length ? .int64 : .string, nullable: s.nullable, offset: offset)
        case .concat:
            return try concat(args, at: offset)
        case .substring:
            var checked = [try requireArgument(args[0], of: fn, position: 1, [.string], expected: "string")]
            for (i, a) in args.enumerated().dropFirst() {
                checked.append(try requireArgument(a, of: fn, position: i + 1, [.int64], expected: "int64"))
            }
            return try make(.string(.substring, checked), type: .string, nullable: anyNullable, offset: offset)
        case .replace, .startsWith, .endsWith, .contains:
            var checked: [TypedExpression] = []
            for (i, a) in args.enumerated() {
                checked.append(try requireArgument(a, of: fn, position: i + 1, [.string], expected: "string"))
            }
            let kind = function.stringFunction ?? .contains
            return try make(
                .string(kind, checked), type: kind == .replace ? .string : .bool, nullable: anyNullable, offset: offset)
        case .toDate, .toDateTime:
            return try parseTime(function, args, at: offset)
        case .dateTrunc:
            let unit = try dateUnit(args[0], of: fn)
            let t = try requireArgument(args[1], of: fn, position: 2, [.date, .dateTime], expected: "date or datetime")
            if t.type == .date, unit == .hour || unit == .day { return t }
            return try make(.dateTrunc(unit, t), type: t.type, nullable: t.nullable, offset: offset)
        case .toYYYYMM:
            let t = try requireArgument(args[0], of: fn, position: 1, [.date, .dateTime], expected: "date or datetime")
            return try make(.toYYYYMM(t), type: .int64, nullable: t.nullable, offset: offset)
        case .toString:
            return try explicitCast(args[0], to: .string, function: fn, format: nil, at: offset)
        case .toInt64:
            return try explicitCast(args[0], to: .int64, function: fn, format: nil, at: offset)
        case .toFloat64:
            return try explicitCast(args[0], to: .float64, function: fn, format: nil, at: offset)
        case .toDecimal:
            let scale = args.count > 1 ? try integerLiteral(args[1], of: fn, in: 0...38, what: "the scale") : 12
            return try explicitCast(
                args[0], to: .decimal(precision: 38, scale: scale), function: fn, format: nil, at: offset)
        case .abs:
            let x = try requireArgument(
                args[0], of: fn, position: 1, [.int64, .uint64, .decimal, .float64], expected: "a number")
            if x.type == .uint64 { return x }
            return try make(.abs(x), type: Self.computedType(x.type), nullable: x.nullable, offset: offset)
        case .round:
            let x = try requireArgument(
                args[0], of: fn, position: 1, [.int64, .uint64, .decimal, .float64], expected: "a number")
            let digits =
                args.count > 1 ? try integerLiteral(args[1], of: fn, in: 0...38, what: "the number of digits") : 0
            switch x.type {
            case .decimal(_, let s) where s > digits:
                return try make(
                    .round(x, scale: digits), type: .decimal(precision: 38, scale: digits), nullable: x.nullable,
                    offset: offset)
            case .float64:
                return try make(.round(x, scale: digits), type: .float64, nullable: x.nullable, offset: offset)
            default:
                return x
            }
        }
    }

    /// `to_date` / `to_datetime`: a cast from string (with an optional literal format), date or datetime.
    private func parseTime(
        _ function: ExpressionFunction, _ args: [TypedExpression], at offset: Int
    ) throws(ExpressionError) -> TypedExpression {
        let fn = function.rawValue
        let target: DataType = function == .toDate ? .date : .dateTime
        let x = try requireArgument(
            args[0], of: fn, position: 1, [.string, .date, .dateTime], expected: "string, date or datetime")
        var format: DateTimeFormat?
        if args.count > 1 {
            guard x.type == .string else {
                throw error(
                    .invalidArgument(function: fn, detail: "a format applies only to string input"), at: args[1].offset)
            }
            guard case .literal(.string(let pattern)) = args[1].node else {
                throw error(
                    .invalidArgument(function: fn, detail: "the format must be a string literal"), at: args[1].offset)
            }
            do {
                format = try DateTimeFormat(pattern)
            } catch {
                throw self.error(
                    .invalidArgument(function: fn, detail: error.message), at: args[1].offset + 1 + error.offset)
            }
        }
        return try explicitCast(x, to: target, function: fn, format: format, at: offset)
    }

    /// `CAST(x AS type)` and the `to_…` helpers: checks that the conversion exists at all.
    func explicitCast(
        _ x: TypedExpression, to type: DataType, function: String, format: DateTimeFormat?, at offset: Int
    ) throws(ExpressionError) -> TypedExpression {
        if x.isNullLiteral { return TypedExpression(.literal(.null), type: type, nullable: true, offset: offset) }
        guard ColumnCaster.canCast(from: x.type, to: type) else {
            throw error(
                .typeMismatch(
                    "cannot cast \(Self.describe(x)) to \(type)" + (function == "CAST" ? "" : " in \(function)")),
                at: x.offset)
        }
        if x.type == type, format == nil { return x }
        return try make(.cast(x, format: format), type: type, nullable: x.nullable, offset: offset)
    }

    /// Checks an argument's kind; a NULL literal takes the first allowed kind.
    private func requireArgument(
        _ e: TypedExpression, of function: String, position: Int, _ kinds: [ValueKind], expected: String
    ) throws(ExpressionError) -> TypedExpression {
        if e.isNullLiteral { return Self.retyped(e, kinds[0].defaultType) }
        guard kinds.contains(ValueKind(e.type)) else {
            throw error(
                .argumentType(function: function, position: position, expected: expected, found: Self.describe(e)),
                at: e.offset)
        }
        return e
    }

    private func integerLiteral(
        _ e: TypedExpression, of function: String, in range: ClosedRange<Int>, what: String
    ) throws(ExpressionError) -> Int {
        guard case .literal(.int64(let v)) = e.node, range.contains(Int(v)) else {
            throw error(
                .invalidArgument(
                    function: function,
                    detail: "\(what) must be an integer literal from \(range.lowerBound) to \(range.upperBound)"),
                at: e.offset)
        }
        return Int(v)
    }

    private func dateUnit(_ e: TypedExpression, of function: String) throws(ExpressionError) -> DateUnit {
        let units = DateUnit.allCases.map(\.rawValue)
        let list = units.map { "'\($0)'" }.joined(separator: ", ")
        guard case .literal(.string(let text)) = e.node else {
            throw error(.invalidArgument(function: function, detail: "the unit must be one of \(list)"), at: e.offset)
        }
        guard let unit = DateUnit(rawValue: text.lowercased()) else {
            let hint = NameSuggestion.nearest(to: text, in: units).map { "; did you mean '\($0)'?" } ?? ""
            throw error(
                .invalidArgument(function: function, detail: "unknown unit '\(text)', expected one of \(list)\(hint)"),
                at: e.offset)
        }
        return unit
    }
}
