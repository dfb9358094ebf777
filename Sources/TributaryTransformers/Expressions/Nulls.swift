import TributaryCore

/// Which rows of an operand or result are NULL.
enum Nulls {
    case none
    case all
    case some(Validity)

    init(_ validity: Validity?) {
        if let validity, validity.nullCount > 0 { self = .some(validity) } else { self = .none }
    }

    func isNull(_ i: Int) -> Bool {
        switch self {
        case .none: false
        case .all: true
        case .some(let v): !v.isValid(i)
        }
    }

    var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// NULL where either side is NULL: what a strict operation (arithmetic, comparison, most functions) yields.
    func union(_ other: Nulls, count: Int) -> Nulls {
        switch (self, other) {
        case (.none, _): return other
        case (_, .none): return self
        case (.all, _), (_, .all): return .all
        case (.some(let a), .some(let b)): return Nulls.build(count: count) { a.isValid($0) && b.isValid($0) }
        }
    }

    /// These NULLs plus the given rows.
    func adding(rows: [Int], count: Int) -> Nulls {
        guard !rows.isEmpty else { return self }
        if case .all = self { return self }
        var extra = [Bool](repeating: false, count: count)
        for r in rows { extra[r] = true }
        return Nulls.build(count: count) { !extra[$0] && !isNull($0) }
    }

    /// A bitmap from a per-row predicate; `.none` when every row is valid.
    static func build(count: Int, isValid: (Int) -> Bool) -> Nulls {
        var v = Validity()
        v.reserveCapacity(count)
        for i in 0..<count { v.append(isValid(i)) }
        return Nulls(v)
    }

    /// The validity bitmap of a result column (nil when there is no NULL).
    func validity(count: Int) -> Validity? {
        switch self {
        case .none: return nil
        case .some(let v): return v
        case .all:
            var v = Validity()
            v.reserveCapacity(count)
            for _ in 0..<count { v.append(false) }
            return count == 0 ? nil : v
        }
    }
}
