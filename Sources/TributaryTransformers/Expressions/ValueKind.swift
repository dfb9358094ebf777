import TributaryCore

/// A type without its parameters: what decides whether two operands can meet.
enum ValueKind: Sendable, Equatable {
    case string, int64, uint64, decimal, float64, bool, date, dateTime, stringArray

    init(_ type: DataType) {
        switch type {
        case .string: self = .string
        case .int64: self = .int64
        case .uint64: self = .uint64
        case .decimal: self = .decimal
        case .float64: self = .float64
        case .bool: self = .bool
        case .date: self = .date
        case .dateTime: self = .dateTime
        case .stringArray: self = .stringArray
        }
    }

    /// The type a value of this kind is converted to when nothing says otherwise.
    var defaultType: DataType {
        switch self {
        case .string: .string
        case .int64: .int64
        case .uint64: .uint64
        case .decimal: .decimal(precision: 38, scale: 0)
        case .float64: .float64
        case .bool: .bool
        case .date: .date
        case .dateTime: .dateTime
        case .stringArray: .stringArray
        }
    }

    var isNumeric: Bool { self == .int64 || self == .uint64 || self == .decimal || self == .float64 }

    /// An operand as far as joining is concerned; a NULL literal has no kind and joins anything.
    struct Operand {
        var kind: ValueKind?
        var isStringLiteral: Bool

        init(kind: ValueKind?, isStringLiteral: Bool) {
            self.kind = kind
            self.isStringLiteral = isStringLiteral
        }

        init(_ e: TypedExpression) {
            kind = e.isNullLiteral ? nil : ValueKind(e.type)
            if case .literal(.string) = e.node { isStringLiteral = true } else { isStringLiteral = false }
        }
    }

    /// The kind two operands are compared or merged in, or nil when they cannot meet.
    ///
    /// Numbers meet as float64 if either is one, as int64 if both are, otherwise as decimals. A date meets a
    /// datetime as a datetime. A string literal meets a date or datetime as one (it is read at plan time).
    static func join(_ a: Operand, _ b: Operand) -> ValueKind? {
        guard let ka = a.kind else { return b.kind ?? .string }
        guard let kb = b.kind else { return ka }
        if ka == .stringArray || kb == .stringArray { return nil }
        if ka == kb { return ka }
        if ka.isNumeric, kb.isNumeric {
            if ka == .float64 || kb == .float64 { return .float64 }
            return .decimal
        }
        switch (ka, kb) {
        case (.date, .dateTime), (.dateTime, .date): return .dateTime
        case (.string, .date), (.string, .dateTime): return a.isStringLiteral ? kb : nil
        case (.date, .string), (.dateTime, .string): return b.isStringLiteral ? ka : nil
        default: return nil
        }
    }
}
