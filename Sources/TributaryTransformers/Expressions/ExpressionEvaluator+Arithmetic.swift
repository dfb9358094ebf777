import TributaryCore

extension ExpressionEvaluator {
    mutating func arithmetic(_ op: ArithmeticOperator, _ a: Vector, _ b: Vector, type: DataType) -> Vector {
        var failed: [Int] = []
        switch type {
        case .int64:
            let x = a.int64Lane
            let y = b.int64Lane
            let values: [Int64]
            switch op {
            case .add:
                values = Kernels.zipFailable(x, y, count: count, zero: 0, failed: &failed) {
                    let (r, o) = $0.addingReportingOverflow($1)
                    return o ? nil : r
                }
            case .subtract:
                values = Kernels.zipFailable(x, y, count: count, zero: 0, failed: &failed) {
                    let (r, o) = $0.subtractingReportingOverflow($1)
                    return o ? nil : r
                }
            case .multiply, .divide:
                // The type checker turns int64 / int64 into a decimal division; only products get here.
                values = Kernels.zipFailable(x, y, count: count, zero: 0, failed: &failed) {
                    let (r, o) = $0.multipliedReportingOverflow(by: $1)
                    return o ? nil : r
                }
            }
            return int64s(
                values, settle(x.nulls.union(y.nulls, count: count), failed: failed) { _ in "int64 overflow" })
        case .float64:
            let x = a.float64Lane
            let y = b.float64Lane
            let values: [Double]
            switch op {
            case .add: values = Kernels.zip(x, y, count: count, +)
            case .subtract: values = Kernels.zip(x, y, count: count, -)
            case .multiply: values = Kernels.zip(x, y, count: count, *)
            case .divide:
                values = Kernels.zipFailable(x, y, count: count, zero: 0, failed: &failed) { $1 == 0 ? nil : $0 / $1 }
            }
            return float64s(
                values, settle(x.nulls.union(y.nulls, count: count), failed: failed) { _ in "division by zero" })
        case .decimal(_, let scale):
            return decimalArithmetic(op, a, b, scale: scale)
        default:
            preconditionFailure("arithmetic typed as \(type)")
        }
    }

    private mutating func decimalArithmetic(_ op: ArithmeticOperator, _ a: Vector, _ b: Vector, scale: Int) -> Vector {
        let (x, sx) = a.decimalLane
        let (y, sy) = b.decimalLane
        var failed: [Int] = []
        let values: [Int128]
        var reason: (Int) -> String = { _ in "decimal overflow: the result needs more than 38 digits" }
        switch op {
        case .add, .subtract:
            let mx = DecimalMath.pow10(max(0, scale - sx))
            let my = DecimalMath.pow10(max(0, scale - sy))
            let sign: Int128 = op == .add ? 1 : -1
            if mx == 1, my == 1, op == .add {
                values = Kernels.zipFailable(x, y, count: count, zero: 0, failed: &failed) {
                    let (r, o) = $0.addingReportingOverflow($1)
                    return !o && DecimalMath.fits(r) ? r : nil
                }
            } else if mx == 1, my == 1 {
                values = Kernels.zipFailable(x, y, count: count, zero: 0, failed: &failed) {
                    let (r, o) = $0.subtractingReportingOverflow($1)
                    return !o && DecimalMath.fits(r) ? r : nil
                }
            } else {
                values = Kernels.zipFailable(x, y, count: count, zero: 0, failed: &failed) {
                    let (p, o1) = $0.multipliedReportingOverflow(by: mx)
                    let (q, o2) = $1.multipliedReportingOverflow(by: my * sign)
                    let (r, o3) = p.addingReportingOverflow(q)
                    return !o1 && !o2 && !o3 && DecimalMath.fits(r) ? r : nil
                }
            }
        case .multiply:
            let shift = max(0, sx + sy - scale)
            let divisor = DecimalMath.pow10(shift)
            values = Kernels.zipFailable(x, y, count: count, zero: 0, failed: &failed) {
                DecimalMath.multiply($0, $1, shift: shift, divisor: divisor)
            }
        case .divide:
            values = Kernels.zipFailable(x, y, count: count, zero: 0, failed: &failed) {
                guard $1 != 0,
                    let q = ExactDecimal(units: $0, scale: sx).dividing(
                        by: ExactDecimal(units: $1, scale: sy), resultScale: scale),
                    DecimalMath.fits(q.units)
                else { return nil }
                return q.units
            }
            let divisors = y
            reason = {
                divisors[$0] == 0 ? "division by zero" : "decimal overflow: the result needs more than 38 digits"
            }
        }
        return decimals(
            values, scale: scale, settle(x.nulls.union(y.nulls, count: count), failed: failed, reason: reason))
    }

    mutating func negate(_ a: Vector, type: DataType) -> Vector {
        switch type {
        case .int64:
            let x = a.int64Lane
            var failed: [Int] = []
            let values = Kernels.mapFailable(x, count: count, zero: 0, failed: &failed) { $0 == .min ? nil : -$0 }
            return int64s(values, settle(x.nulls, failed: failed) { _ in "int64 overflow" })
        case .float64:
            let x = a.float64Lane
            return float64s(Kernels.map(x, count: count, -), x.nulls)
        case .decimal(_, let scale):
            let x = a.decimalLane.lane
            return decimals(Kernels.map(x, count: count, -), scale: scale, x.nulls)
        default:
            preconditionFailure("negation typed as \(type)")
        }
    }

    mutating func abs(_ a: Vector, type: DataType) -> Vector {
        switch type {
        case .int64:
            let x = a.int64Lane
            var failed: [Int] = []
            let values = Kernels.mapFailable(x, count: count, zero: 0, failed: &failed) {
                $0 == .min ? nil : Swift.abs($0)
            }
            return int64s(values, settle(x.nulls, failed: failed) { _ in "int64 overflow" })
        case .float64:
            let x = a.float64Lane
            return float64s(Kernels.map(x, count: count) { Swift.abs($0) }, x.nulls)
        case .decimal:
            let (x, scale) = a.decimalLane
            return decimals(Kernels.map(x, count: count) { $0 < 0 ? -$0 : $0 }, scale: scale, x.nulls)
        default:
            preconditionFailure("abs typed as \(type)")
        }
    }

    /// Half to even, to `scale` decimals.
    mutating func round(_ a: Vector, scale: Int) -> Vector {
        switch a {
        case .column(.float64), .scalar(.float64):
            let x = a.float64Lane
            var factor = 1.0
            for _ in 0..<scale { factor *= 10 }
            return float64s(Kernels.map(x, count: count) { ($0 * factor).rounded(.toNearestOrEven) / factor }, x.nulls)
        default:
            let (x, sx) = a.decimalLane
            let divisor = DecimalMath.pow10(max(0, sx - scale))
            return decimals(
                Kernels.map(x, count: count) { DecimalMath.divideRounded($0, by: divisor) }, scale: scale, x.nulls)
        }
    }
}
