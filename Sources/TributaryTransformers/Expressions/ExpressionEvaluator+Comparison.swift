import TributaryCore

extension ExpressionEvaluator {
    /// Compares operands of one kind (the type checker converted them); decimals may differ in scale and are
    /// compared exactly.
    mutating func compare(_ op: ComparisonOperator, _ a: Vector, _ b: Vector, kind: ValueKind) -> Vector {
        let values: [Bool]
        let nulls: Nulls
        switch kind {
        case .int64, .dateTime:
            let (x, y) = (a.int64Lane, b.int64Lane)
            (values, nulls) = (Self.compare(op, x, y, count: count), x.nulls.union(y.nulls, count: count))
        case .uint64:
            let (x, y) = (a.uint64Lane, b.uint64Lane)
            (values, nulls) = (Self.compare(op, x, y, count: count), x.nulls.union(y.nulls, count: count))
        case .float64:
            let (x, y) = (a.float64Lane, b.float64Lane)
            (values, nulls) = (Self.compare(op, x, y, count: count), x.nulls.union(y.nulls, count: count))
        case .date:
            let (x, y) = (a.dateLane, b.dateLane)
            (values, nulls) = (Self.compare(op, x, y, count: count), x.nulls.union(y.nulls, count: count))
        case .bool:
            let (x, y) = (a.boolLane, b.boolLane)
            let (lx, ly) = (x.mapped { $0 ? UInt8(1) : 0 }, y.mapped { $0 ? UInt8(1) : 0 })
            (values, nulls) = (Self.compare(op, lx, ly, count: count), x.nulls.union(y.nulls, count: count))
        case .decimal:
            let (x, y) = (a.decimalLane, b.decimalLane)
            (values, nulls) = (compareDecimals(op, x, y), x.lane.nulls.union(y.lane.nulls, count: count))
        case .string:
            let (x, y) = (a.stringLane, b.stringLane)
            (values, nulls) = (compareStrings(op, x, y), x.nulls.union(y.nulls, count: count))
        case .stringArray:
            preconditionFailure("the type checker refuses comparisons of arrays")
        }
        return bools(values, nulls)
    }

    @inline(__always)
    static func compare<T: Comparable>(_ op: ComparisonOperator, _ x: FixedLane<T>, _ y: FixedLane<T>, count: Int)
        -> [Bool]
    {
        switch op {
        case .equal: Kernels.zip(x, y, count: count, ==)
        case .notEqual: Kernels.zip(x, y, count: count, !=)
        case .less: Kernels.zip(x, y, count: count, <)
        case .lessOrEqual: Kernels.zip(x, y, count: count, <=)
        case .greater: Kernels.zip(x, y, count: count, >)
        case .greaterOrEqual: Kernels.zip(x, y, count: count, >=)
        }
    }

    @inline(__always)
    static func test(_ op: ComparisonOperator, _ order: Int) -> Bool {
        switch op {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }

    private func compareDecimals(
        _ op: ComparisonOperator, _ a: (lane: FixedLane<Int128>, scale: Int), _ b: (lane: FixedLane<Int128>, scale: Int)
    ) -> [Bool] {
        var (x, sx) = a
        var (y, sy) = b
        // A literal usually fits the column's scale (`cost > 0`): bring it there once, then compare units.
        if sx != sy, x.mask == 0, let r = ExactDecimal(units: x[0], scale: sx).rescaledExactly(to: sy) {
            (x, sx) = (FixedLane(scalar: r.units), sy)
        }
        if sx != sy, y.mask == 0, let r = ExactDecimal(units: y[0], scale: sy).rescaledExactly(to: sx) {
            (y, sy) = (FixedLane(scalar: r.units), sx)
        }
        if sx == sy { return Self.compare(op, x, y, count: count) }
        let common = max(sx, sy)
        let mx = DecimalMath.pow10(common - sx)
        let my = DecimalMath.pow10(common - sy)
        return Kernels.zip(x, y, count: count) { u, v in
            let (p, o1) = u.multipliedReportingOverflow(by: mx)
            let (q, o2) = v.multipliedReportingOverflow(by: my)
            if !o1, !o2 { return Self.test(op, p < q ? -1 : p == q ? 0 : 1) }
            let l = ExactDecimal(units: u, scale: sx)
            let r = ExactDecimal(units: v, scale: sy)
            return Self.test(op, l < r ? -1 : l == r ? 0 : 1)
        }
    }

    private func compareStrings(_ op: ComparisonOperator, _ x: StringLane, _ y: StringLane) -> [Bool] {
        switch op {
        case .equal: Self.zipStrings(x, y, count: count) { ByteText.equal($0, $1) }
        case .notEqual: Self.zipStrings(x, y, count: count) { !ByteText.equal($0, $1) }
        default: Self.zipStrings(x, y, count: count) { Self.test(op, ByteText.compare($0, $1)) }
        }
    }

    /// Row-by-row over two string operands' raw bytes.
    @inline(__always)
    static func zipStrings<R>(
        _ x: StringLane, _ y: StringLane, count: Int, _ f: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> R
    ) -> [R] {
        x.withRows { rx in
            y.withRows { ry in
                [R](unsafeUninitializedCapacity: count) { out, initialized in
                    for i in 0..<count { out.initializeElement(at: i, to: f(rx[i], ry[i])) }
                    initialized = count
                }
            }
        }
    }

    /// `x [NOT] IN (…)` with SQL's rules: TRUE on a match; otherwise NULL if `x` or any element is NULL, else
    /// FALSE. A list of literals (the usual case) is matched against a prepared set; other lists are folded as
    /// `x = e1 OR x = e2 …`, which has the same three-valued meaning.
    mutating func inList(_ operand: TypedExpression, _ list: [TypedExpression], negated: Bool) -> Vector {
        let x = evaluate(operand)
        let kind = ValueKind(operand.type)
        let literals = list.compactMap(\.literalValue)
        guard literals.count == list.count else {
            var result = Vector.scalar(.bool(false))
            for element in list {
                let equal = compare(.equal, x, evaluate(element), kind: ValueKind(element.type))
                result = logic(isAnd: false, result, equal)
            }
            return negated ? not(result) : result
        }
        let hasNull = literals.contains(.null)
        let candidates = literals.filter { !$0.isNull }
        let matches = membership(x, candidates, kind: kind)
        let xNulls = x.nulls
        let nulls: Nulls = hasNull ? Nulls.build(count: count) { matches[$0] && !xNulls.isNull($0) } : xNulls
        let values = negated ? matches.map(!) : matches
        return bools(values, nulls)
    }

    /// Per row, whether `x` equals one of `candidates` (non-NULL literals of `x`'s kind).
    private func membership(_ x: Vector, _ candidates: [Value], kind: ValueKind) -> [Bool] {
        switch kind {
        case .int64, .dateTime:
            let set = candidates.compactMap { v -> Int64? in
                switch v {
                case .int64(let i), .dateTime(let i): i
                default: nil
                }
            }
            return Self.member(x.int64Lane, set, count: count)
        case .uint64:
            return Self.member(
                x.uint64Lane, candidates.compactMap { if case .uint64(let v) = $0 { v } else { nil } }, count: count)
        case .float64:
            return Self.member(
                x.float64Lane, candidates.compactMap { if case .float64(let v) = $0 { v } else { nil } }, count: count)
        case .date:
            return Self.member(
                x.dateLane, candidates.compactMap { if case .date(let v) = $0 { v } else { nil } }, count: count)
        case .bool:
            return Self.member(
                x.boolLane, candidates.compactMap { if case .bool(let v) = $0 { v } else { nil } }, count: count)
        case .decimal:
            let (lane, scale) = x.decimalLane
            // A literal with more decimals than the operand's scale can never equal it.
            let units = candidates.compactMap { v -> Int128? in
                if case .decimal(let d) = v { return d.rescaledExactly(to: scale)?.units }
                return nil
            }
            return Self.member(lane, units, count: count)
        case .string:
            let needles = candidates.compactMap { if case .string(let s) = $0 { Array(s.utf8) } else { nil } }
            return StringSet(needles).contains(x.stringLane, count: count)
        case .stringArray:
            preconditionFailure("the type checker refuses IN over arrays")
        }
    }

    private static func member<T: Hashable>(_ lane: FixedLane<T>, _ candidates: [T], count: Int) -> [Bool] {
        if candidates.count <= 8 { return Kernels.map(lane, count: count) { candidates.contains($0) } }
        let set = Set(candidates)
        return Kernels.map(lane, count: count) { set.contains($0) }
    }
}
