import TributaryCore

extension ExpressionEvaluator {
    /// SQL's three-valued AND / OR: FALSE AND NULL is FALSE, TRUE OR NULL is TRUE, otherwise NULL wins.
    func logic(isAnd: Bool, _ a: Vector, _ b: Vector) -> Vector {
        let x = a.boolLane
        let y = b.boolLane
        if x.nulls.isNone, y.nulls.isNone {
            let values =
                isAnd ? Kernels.zip(x, y, count: count) { $0 && $1 } : Kernels.zip(x, y, count: count) { $0 || $1 }
            return bools(values, .none)
        }
        let (xn, yn) = (x.nulls, y.nulls)
        var values = [Bool](repeating: false, count: count)
        let nulls = Nulls.build(count: count) { i in
            let (xNull, yNull) = (xn.isNull(i), yn.isNull(i))
            // The deciding value: FALSE for AND, TRUE for OR.
            if (!xNull && x[i] != isAnd) || (!yNull && y[i] != isAnd) {
                values[i] = !isAnd
                return true
            }
            values[i] = isAnd
            return !xNull && !yNull
        }
        return bools(values, nulls)
    }

    func not(_ a: Vector) -> Vector {
        let x = a.boolLane
        return bools(Kernels.map(x, count: count, !), x.nulls)
    }

    func isNull(_ a: Vector, negated: Bool) -> Vector {
        let nulls = a.nulls
        let values: [Bool]
        switch nulls {
        case .none: values = [Bool](repeating: negated, count: count)
        case .all: values = [Bool](repeating: !negated, count: count)
        case .some(let v): values = (0..<count).map { v.isValid($0) == negated }
        }
        return bools(values, .none)
    }

    /// Builds a column of `type` taking row `i` from `sources[choice[i]]`, or NULL where the choice is -1.
    /// Every source already has `type` (decimals at its scale).
    func gather(_ sources: [Vector], choice: [Int], type: DataType) -> Column {
        func fixed<T>(_ lanes: [FixedLane<T>], zero: T) -> ([T], Validity?) {
            var values = [T]()
            values.reserveCapacity(count)
            let nulls = Nulls.build(count: count) { i in
                let c = choice[i]
                guard c >= 0 else {
                    values.append(zero)
                    return false
                }
                values.append(lanes[c][i])
                return !lanes[c].nulls.isNull(i)
            }
            return (values, nulls.validity(count: count))
        }
        switch type {
        case .int64, .dateTime:
            let (v, n) = fixed(sources.map(\.int64Lane), zero: 0)
            return type == .int64
                ? .int64(FixedColumn(values: v, validity: n)) : .dateTime(FixedColumn(values: v, validity: n))
        case .uint64:
            let (v, n) = fixed(sources.map(\.uint64Lane), zero: 0)
            return .uint64(FixedColumn(values: v, validity: n))
        case .decimal(_, let scale):
            let (v, n) = fixed(sources.map(\.decimalLane.lane), zero: 0)
            return .decimal(FixedColumn(values: v, validity: n), scale: scale)
        case .float64:
            let (v, n) = fixed(sources.map(\.float64Lane), zero: 0)
            return .float64(FixedColumn(values: v, validity: n))
        case .bool:
            let (v, n) = fixed(sources.map(\.boolLane), zero: false)
            return .bool(FixedColumn(values: v, validity: n))
        case .date:
            let (v, n) = fixed(sources.map(\.dateLane), zero: 0)
            return .date(FixedColumn(values: v, validity: n))
        case .string:
            let lanes = sources.map(\.stringLane)
            var out = StringColumnWriter(rows: count, bytes: lanes.first.map { $0.bytes.count } ?? 0)
            let nulls = Nulls.build(count: count) { i in
                let c = choice[i]
                guard c >= 0, !lanes[c].nulls.isNull(i) else {
                    out.endRow()
                    return false
                }
                out.append(contentsOf: lanes[c].bytes[lanes[c].range(i)])
                return true
            }
            return out.column(nulls)
        case .stringArray:
            var builder = ColumnBuilder(type, capacity: count)
            for i in 0..<count { builder.append(choice[i] >= 0 ? sources[choice[i]].value(at: i) : .null) }
            return builder.finish()
        }
    }
}
