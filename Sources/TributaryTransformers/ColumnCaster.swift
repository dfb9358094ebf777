import Foundation
import TributaryCore

/// Converts whole columns between types: what `CAST`, the `to_…` functions, the type checker's implicit
/// widenings and the `cast` transform share.
///
/// A value that does not convert is a row failure with a reason naming the value ("'abc' is not a decimal"),
/// never a silent NULL or a rounded number: decimals with more digits than the target scale are refused, so no
/// money is lost in a conversion. Use `round()` to round on purpose.
struct ColumnCaster {
    let count: Int

    /// Whether a conversion exists at all (it may still fail for some values).
    static func canCast(from: DataType, to: DataType) -> Bool {
        if from == to { return true }
        let (f, t) = (ValueKind(from), ValueKind(to))
        if f == .stringArray || t == .stringArray { return false }
        if f == .string || t == .string { return true }
        if f.isNumeric, t.isNumeric { return true }
        switch (f, t) {
        case (.bool, .int64), (.int64, .bool), (.date, .dateTime), (.dateTime, .date): return true
        default: return false
        }
    }

    /// The converted column; failing rows are NULL in it and recorded in `errors` (NULL inputs stay NULL).
    func cast(
        _ v: Vector, from: DataType, to: DataType, format: DateTimeFormat?, errors: inout RowErrors
    ) -> Column {
        var failed: [Int] = []
        let column = convert(v, from: from, to: to, format: format, failed: &failed)
        let nulls = v.nulls
        var real: [Int] = []
        for row in failed where !nulls.isNull(row) {
            errors.record(row, reason(v, row: row, from: from, to: to, format: format))
            real.append(row)
        }
        guard !real.isEmpty else { return column }
        return Self.withNulls(column, Nulls(column.validity).adding(rows: real, count: count), count: count)
    }

    private func convert(
        _ v: Vector, from: DataType, to: DataType, format: DateTimeFormat?, failed: inout [Int]
    ) -> Column {
        let nulls = v.nulls
        let validity = nulls.validity(count: count)
        switch (ValueKind(from), to) {
        case (.string, .string):
            return v.materialized(.string, count: count)
        case (_, .string):
            return text(v, from: from).column(nulls)
        case (.string, _):
            return parse(v.stringLane, to: to, format: format, failed: &failed)
        case (.decimal, .decimal(let p, let s)):
            let (x, sx) = v.decimalLane
            let values = Kernels.mapFailable(x, count: count, zero: 0, failed: &failed) {
                Self.rescale($0, from: sx, to: s, precision: p)
            }
            return .decimal(FixedColumn(values: values, validity: validity), scale: s)
        case (.int64, .decimal(let p, let s)):
            let values = Kernels.mapFailable(v.int64Lane, count: count, zero: 0, failed: &failed) {
                Self.rescale(Int128($0), from: 0, to: s, precision: p)
            }
            return .decimal(FixedColumn(values: values, validity: validity), scale: s)
        case (.uint64, .decimal(let p, let s)):
            let values = Kernels.mapFailable(v.uint64Lane, count: count, zero: 0, failed: &failed) {
                Self.rescale(Int128($0), from: 0, to: s, precision: p)
            }
            return .decimal(FixedColumn(values: values, validity: validity), scale: s)
        case (.float64, .decimal(let p, let s)):
            let values = Kernels.mapFailable(v.float64Lane, count: count, zero: 0, failed: &failed) { d -> Int128? in
                // The shortest text that reads back as this double is the decimal the user saw.
                guard d.isFinite, let exact = ExactDecimal("\(d)") else { return nil }
                return Self.rescale(exact.units, from: exact.scale, to: s, precision: p)
            }
            return .decimal(FixedColumn(values: values, validity: validity), scale: s)
        case (.decimal, .int64):
            let (x, sx) = v.decimalLane
            let values = Kernels.mapFailable(x, count: count, zero: 0, failed: &failed) {
                Self.rescale($0, from: sx, to: 0, precision: 38).flatMap { Int64(exactly: $0) }
            }
            return .int64(FixedColumn(values: values, validity: validity))
        case (.decimal, .uint64):
            let (x, sx) = v.decimalLane
            let values = Kernels.mapFailable(x, count: count, zero: 0, failed: &failed) {
                Self.rescale($0, from: sx, to: 0, precision: 38).flatMap { UInt64(exactly: $0) }
            }
            return .uint64(FixedColumn(values: values, validity: validity))
        case (.decimal, .float64):
            let (x, sx) = v.decimalLane
            let values = Kernels.map(x, count: count) { Double(DecimalMath.text($0, scale: sx)) ?? .nan }
            return .float64(FixedColumn(values: values, validity: validity))
        case (.int64, .float64):
            return .float64(
                FixedColumn(values: Kernels.map(v.int64Lane, count: count) { Double($0) }, validity: validity))
        case (.uint64, .float64):
            return .float64(
                FixedColumn(values: Kernels.map(v.uint64Lane, count: count) { Double($0) }, validity: validity))
        case (.int64, .uint64):
            let values = Kernels.mapFailable(v.int64Lane, count: count, zero: 0, failed: &failed) {
                UInt64(exactly: $0)
            }
            return .uint64(FixedColumn(values: values, validity: validity))
        case (.uint64, .int64):
            let values = Kernels.mapFailable(v.uint64Lane, count: count, zero: 0, failed: &failed) {
                Int64(exactly: $0)
            }
            return .int64(FixedColumn(values: values, validity: validity))
        case (.float64, .int64):
            let values = Kernels.mapFailable(v.float64Lane, count: count, zero: 0, failed: &failed) {
                Int64(exactly: $0)
            }
            return .int64(FixedColumn(values: values, validity: validity))
        case (.float64, .uint64):
            let values = Kernels.mapFailable(v.float64Lane, count: count, zero: 0, failed: &failed) {
                UInt64(exactly: $0)
            }
            return .uint64(FixedColumn(values: values, validity: validity))
        case (.bool, .int64):
            return .int64(FixedColumn(values: Kernels.map(v.boolLane, count: count) { $0 ? 1 : 0 }, validity: validity))
        case (.int64, .bool):
            return .bool(FixedColumn(values: Kernels.map(v.int64Lane, count: count) { $0 != 0 }, validity: validity))
        case (.date, .dateTime):
            return .dateTime(
                FixedColumn(values: Kernels.map(v.dateLane, count: count) { Int64($0) * 86400 }, validity: validity))
        case (.dateTime, .date):
            let values = Kernels.mapFailable(v.int64Lane, count: count, zero: 0, failed: &failed) {
                Int32(exactly: ExpressionEvaluator.floorDiv($0, 86400))
            }
            return .date(FixedColumn(values: values, validity: validity))
        default:
            if from == to { return v.materialized(to, count: count) }
            preconditionFailure("no conversion from \(from) to \(to); canCast should have refused it")
        }
    }

    /// Units at scale `from` as units at scale `to`, exactly, within `precision` digits; nil otherwise.
    @inline(__always)
    static func rescale(_ units: Int128, from: Int, to: Int, precision: Int) -> Int128? {
        var r = units
        if to > from {
            let (p, overflow) = units.multipliedReportingOverflow(by: DecimalMath.pow10(to - from))
            guard !overflow else { return nil }
            r = p
        } else if to < from {
            let (q, remainder) = units.quotientAndRemainder(dividingBy: DecimalMath.pow10(from - to))
            guard remainder == 0 else { return nil }
            r = q
        }
        let limit = DecimalMath.pow10(precision)
        return r > -limit && r < limit ? r : nil
    }

    /// A column with other NULLs (for rows that failed after the values were computed).
    static func withNulls(_ column: Column, _ nulls: Nulls, count: Int) -> Column {
        let v = nulls.validity(count: count)
        switch column {
        case .string(let c): return .string(StringColumn(bytes: c.bytes, offsets: c.offsets, validity: v))
        case .int64(let c): return .int64(FixedColumn(values: c.values, validity: v))
        case .uint64(let c): return .uint64(FixedColumn(values: c.values, validity: v))
        case .decimal(let c, let s): return .decimal(FixedColumn(values: c.values, validity: v), scale: s)
        case .float64(let c): return .float64(FixedColumn(values: c.values, validity: v))
        case .bool(let c): return .bool(FixedColumn(values: c.values, validity: v))
        case .date(let c): return .date(FixedColumn(values: c.values, validity: v))
        case .dateTime(let c): return .dateTime(FixedColumn(values: c.values, validity: v))
        case .stringArray(let c):
            return .stringArray(StringArrayColumn(elements: c.elements, offsets: c.offsets, validity: v))
        }
    }

    /// Why row `row` did not convert, naming the value as the user would see it.
    private func reason(_ v: Vector, row: Int, from: DataType, to: DataType, format: DateTimeFormat?) -> String {
        let value = v.value(at: row)
        var text = value.description
        if case .decimal(let d) = value, let short = d.rescaledExactly(to: d.significantScale) {
            text = short.description
        }
        if text.count > 64 { text = String(text.prefix(64)) + "…" }
        let quoted = "'\(text)'"
        switch (value, to) {
        case (.string(let full), .decimal(let p, let s)):
            let bytes = Array(full.utf8)
            let parsed = bytes.withUnsafeBytes { ExactDecimal.parse($0, scale: s) }
            switch parsed {
            case .failure(.tooManyDecimals(let found, _)):
                return "\(quoted) has \(found) decimals, more than the \(s) of decimal(\(p),\(s))"
            case .failure(.notANumber): return "\(quoted) is not a decimal"
            default: return "\(quoted) does not fit decimal(\(p),\(s))"
            }
        case (.string, .date), (.string, .dateTime):
            let kind = to == .date ? "date" : "datetime"
            if let format {
                if case .failure(.outOfRange) = format.parse(text) { return "\(quoted) is not a valid \(kind)" }
                return "\(quoted) does not match format '\(format.pattern)'"
            }
            if case .failure(.outOfRange) = CivilTime.parseTimestamp(text) { return "\(quoted) is not a valid \(kind)" }
            return "\(quoted) is not a \(kind) (expected ISO 8601, e.g. 2025-01-31 or 2025-01-31T12:00:00Z)"
        case (.string, _):
            return "\(quoted) is not \(Self.article(to)) \(Self.kindName(to))"
        case (.decimal(let d), .decimal(let p, let s)):
            if d.significantScale > s {
                return "\(quoted) has \(d.significantScale) decimals, more than the \(s) of decimal(\(p),\(s))"
            }
            return "\(quoted) does not fit decimal(\(p),\(s))"
        case (.float64, .decimal(let p, let s)):
            return "\(quoted) does not convert exactly to decimal(\(p),\(s))"
        case (.decimal, .int64), (.decimal, .uint64), (.float64, .int64), (.float64, .uint64):
            return "\(quoted) is not an integer that fits \(to)"
        default:
            return "\(quoted) does not fit \(to)"
        }
    }

    static func kindName(_ type: DataType) -> String {
        if case .decimal = type { return "decimal" }
        return type.description
    }

    private static func article(_ type: DataType) -> String {
        switch type {
        case .int64, .uint64: "an"
        default: "a"
        }
    }
}
