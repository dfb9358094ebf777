import TributaryCore

extension ExpressionEvaluator {
    /// Truncates dates (days) or datetimes (seconds, UTC) to the start of their hour, day, ISO week (Monday),
    /// month, quarter or year.
    func dateTrunc(_ unit: DateUnit, _ a: Vector, type: DataType) -> Vector {
        if type == .date {
            let x = a.dateLane
            let values = Kernels.map(x, count: count) {
                Int32(truncatingIfNeeded: Self.truncate(days: Int64($0), unit))
            }
            return .column(.date(FixedColumn(values: values, validity: x.nulls.validity(count: count))))
        }
        let x = a.int64Lane
        let values: [Int64]
        switch unit {
        case .hour: values = Kernels.map(x, count: count) { $0 - Self.floorMod($0, 3600) }
        case .day: values = Kernels.map(x, count: count) { $0 - Self.floorMod($0, 86400) }
        default: values = Kernels.map(x, count: count) { Self.truncate(days: Self.floorDiv($0, 86400), unit) * 86400 }
        }
        return .column(.dateTime(FixedColumn(values: values, validity: x.nulls.validity(count: count))))
    }

    /// `year * 100 + month`, as ClickHouse's `toYYYYMM`.
    func toYYYYMM(_ a: Vector, type: DataType) -> Vector {
        let nulls = a.nulls
        let values: [Int64]
        if type == .date {
            values = Kernels.map(a.dateLane, count: count) { Self.yyyymm(days: Int64($0)) }
        } else {
            values = Kernels.map(a.int64Lane, count: count) { Self.yyyymm(days: Self.floorDiv($0, 86400)) }
        }
        return int64s(values, nulls)
    }

    @inline(__always)
    static func yyyymm(days: Int64) -> Int64 {
        let (y, m, _) = CivilTime.civil(days: days)
        return y * 100 + m
    }

    @inline(__always)
    static func truncate(days: Int64, _ unit: DateUnit) -> Int64 {
        switch unit {
        case .hour, .day: return days
        case .week: return days - floorMod(days + 3, 7)  // 1970-01-01 was a Thursday
        case .month:
            let (y, m, _) = CivilTime.civil(days: days)
            return CivilTime.days(year: y, month: m, day: 1)
        case .quarter:
            let (y, m, _) = CivilTime.civil(days: days)
            return CivilTime.days(year: y, month: (m - 1) / 3 * 3 + 1, day: 1)
        case .year:
            let (y, _, _) = CivilTime.civil(days: days)
            return CivilTime.days(year: y, month: 1, day: 1)
        }
    }

    @inline(__always) static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    @inline(__always) static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }
}
