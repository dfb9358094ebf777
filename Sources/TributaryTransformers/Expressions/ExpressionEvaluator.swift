import TributaryCore

/// Evaluates a typed expression over a whole batch at once, one operation at a time over whole columns.
///
/// Each node yields a column (or a scalar for a literal) plus row errors; a failing row gets NULL in the node's
/// result and its first error recorded, and the caller rejects it. Operations whose operands are only used for
/// some rows (`if`, `coalesce`, the right side of `AND`/`OR`) evaluate those operands separately and keep their
/// errors only for the rows that use them, as a row-at-a-time evaluator that short-circuits would.
struct ExpressionEvaluator {
    let batch: RecordBatch
    let count: Int
    var errors = RowErrors()

    init(batch: RecordBatch) {
        self.batch = batch
        self.count = batch.count
    }

    mutating func evaluate(_ e: TypedExpression) -> Vector {
        switch e.node {
        case .column(let i):
            return .column(batch.columns[i])
        case .literal(let v):
            return .scalar(v)
        case .cast(let x, let format):
            let operand = evaluate(x)
            return .column(
                ColumnCaster(count: count).cast(operand, from: x.type, to: e.type, format: format, errors: &errors))
        case .negate(let x):
            return negate(evaluate(x), type: e.type)
        case .arithmetic(let op, let l, let r):
            return arithmetic(op, evaluate(l), evaluate(r), type: e.type)
        case .comparison(let op, let l, let r):
            return compare(op, evaluate(l), evaluate(r), kind: ValueKind(l.type))
        case .and(let l, let r), .or(let l, let r):
            let isAnd: Bool
            if case .and = e.node { isAnd = true } else { isAnd = false }
            let a = evaluate(l)
            let (b, rightErrors) = evaluateSeparately(r)
            if !rightErrors.isEmpty {
                // The right side matters only where the left does not decide alone.
                let left = a.boolLane
                errors.absorb(rightErrors) { left.nulls.isNull($0) || left[$0] == isAnd }
            }
            return logic(isAnd: isAnd, a, b)
        case .not(let x):
            return not(evaluate(x))
        case .isNull(let x, let negated):
            return isNull(evaluate(x), negated: negated)
        case .inList(let x, let list, let negated):
            return inList(x, list, negated: negated)
        case .ifThenElse(let c, let t, let f):
            let condition = evaluate(c).boolLane
            let choice = (0..<count).map { condition.nulls.isNull($0) || !condition[$0] ? 1 : 0 }
            let (then, thenErrors) = evaluateSeparately(t)
            let (otherwise, elseErrors) = evaluateSeparately(f)
            errors.absorb(thenErrors) { choice[$0] == 0 }
            errors.absorb(elseErrors) { choice[$0] == 1 }
            return .column(gather([then, otherwise], choice: choice, type: e.type))
        case .coalesce(let list):
            var sources: [Vector] = []
            var choice = [Int](repeating: -1, count: count)
            for (k, x) in list.enumerated() {
                let (v, argumentErrors) = evaluateSeparately(x)
                // Argument k is reached only by rows whose earlier arguments were all NULL.
                errors.absorb(argumentErrors) { choice[$0] == -1 }
                let nulls = v.nulls
                for i in 0..<count where choice[i] == -1 && !nulls.isNull(i) { choice[i] = k }
                sources.append(v)
            }
            return .column(gather(sources, choice: choice, type: e.type))
        case .concat(let list):
            var parts: [Vector] = []
            for x in list { parts.append(evaluate(x)) }
            return concat(parts)
        case .string(let function, let list):
            var args: [Vector] = []
            for x in list { args.append(evaluate(x)) }
            return string(function, args)
        case .dateTrunc(let unit, let x):
            return dateTrunc(unit, evaluate(x), type: x.type)
        case .toYYYYMM(let x):
            return toYYYYMM(evaluate(x), type: x.type)
        case .abs(let x):
            return abs(evaluate(x), type: x.type)
        case .round(let x, let scale):
            return round(evaluate(x), scale: scale)
        }
    }

    /// Evaluates with a fresh error list, for operands whose errors count only where their value is used.
    private func evaluateSeparately(_ e: TypedExpression) -> (Vector, RowErrors) {
        var sub = ExpressionEvaluator(batch: batch)
        let v = sub.evaluate(e)
        return (v, sub.errors)
    }

    /// Records failures of a row operation and returns the result's NULLs: the inputs' plus the failed rows.
    /// Rows already NULL in an input did not really fail (the kernel saw the placeholder under the NULL).
    mutating func settle(_ nulls: Nulls, failed: [Int], reason: (Int) -> String) -> Nulls {
        guard !failed.isEmpty else { return nulls }
        var real: [Int] = []
        for row in failed where !nulls.isNull(row) {
            errors.record(row, reason(row))
            real.append(row)
        }
        return nulls.adding(rows: real, count: count)
    }

    func int64s(_ values: [Int64], _ nulls: Nulls) -> Vector {
        .column(.int64(FixedColumn(values: values, validity: nulls.validity(count: count))))
    }

    func float64s(_ values: [Double], _ nulls: Nulls) -> Vector {
        .column(.float64(FixedColumn(values: values, validity: nulls.validity(count: count))))
    }

    func decimals(_ values: [Int128], scale: Int, _ nulls: Nulls) -> Vector {
        .column(.decimal(FixedColumn(values: values, validity: nulls.validity(count: count)), scale: scale))
    }

    func bools(_ values: [Bool], _ nulls: Nulls) -> Vector {
        .column(.bool(FixedColumn(values: values, validity: nulls.validity(count: count))))
    }

    struct ConstantFailure: Error {
        var reason: String
    }

    /// Evaluates an expression without columns, for constant folding at plan time.
    static func evaluateConstant(_ e: TypedExpression) -> Result<Value, ConstantFailure> {
        let batch = RecordBatch(schema: Schema([]), columns: [], lineage: Lineage(sourceID: "", file: "", lines: [0]))
        var evaluator = ExpressionEvaluator(batch: batch)
        let v = evaluator.evaluate(e)
        if let reason = evaluator.errors.reasons[0] { return .failure(ConstantFailure(reason: reason)) }
        return .success(v.value(at: 0))
    }
}
