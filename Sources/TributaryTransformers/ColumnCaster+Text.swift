import Foundation
import TributaryCore

extension ColumnCaster {
    typealias TimestampResult = Result<Int64, CivilTime.ParseFailure>

    /// Values written as text the way a user (and ClickHouse) reads them: decimals in full, dates ISO 8601,
    /// datetimes `YYYY-MM-DD hh:mm:ss` in UTC.
    func text(_ v: Vector, from: DataType) -> StringColumnWriter {
        var out = StringColumnWriter(rows: count, bytes: count * 12)
        switch ValueKind(from) {
        case .int64:
            let x = v.int64Lane
            for i in 0..<count {
                ExactDecimal.write(units: Int128(x[i]), scale: 0, into: &out.bytes)
                out.endRow()
            }
        case .uint64:
            let x = v.uint64Lane
            for i in 0..<count {
                ExactDecimal.write(units: Int128(x[i]), scale: 0, into: &out.bytes)
                out.endRow()
            }
        case .decimal:
            let (x, scale) = v.decimalLane
            for i in 0..<count {
                ExactDecimal.write(units: x[i], scale: scale, into: &out.bytes)
                out.endRow()
            }
        case .float64:
            let x = v.float64Lane
            for i in 0..<count { out.append(contentsOf: "\(x[i])".utf8) }
        case .bool:
            let x = v.boolLane
            for i in 0..<count { out.append(contentsOf: x[i] ? "true".utf8 : "false".utf8) }
        case .date:
            let x = v.dateLane
            for i in 0..<count {
                CivilTime.writeDate(days: Int64(x[i]), into: &out.bytes)
                out.endRow()
            }
        case .dateTime:
            let x = v.int64Lane
            for i in 0..<count {
                CivilTime.writeDateTime(epochSeconds: x[i], into: &out.bytes)
                out.endRow()
            }
        case .string, .stringArray:
            preconditionFailure("text() is for non-string sources")
        }
        return out
    }

    /// Text read as `to`; rows that do not read go to `failed`.
    func parse(_ lane: StringLane, to: DataType, format: DateTimeFormat?, failed: inout [Int]) -> Column {
        let validity = lane.nulls.validity(count: count)
        switch to {
        case .int64:
            let values = read(lane, zero: 0, failed: &failed) { Self.integer($0).flatMap { Int64(exactly: $0) } }
            return .int64(FixedColumn(values: values, validity: validity))
        case .uint64:
            let values = read(lane, zero: 0, failed: &failed) { Self.integer($0).flatMap { UInt64(exactly: $0) } }
            return .uint64(FixedColumn(values: values, validity: validity))
        case .decimal(let p, let s):
            let limit = DecimalMath.pow10(p)
            let values = read(lane, zero: 0, failed: &failed) { cell -> Int128? in
                guard case .value(let d) = ExactDecimal.parse(cell, scale: s), d.units > -limit, d.units < limit
                else { return nil }
                return d.units
            }
            return .decimal(FixedColumn(values: values, validity: validity), scale: s)
        case .float64:
            let values = read(lane, zero: 0, failed: &failed) {
                Double(String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces))
            }
            return .float64(FixedColumn(values: values, validity: validity))
        case .bool:
            let values = read(lane, zero: false, failed: &failed) { Self.bool($0) }
            return .bool(FixedColumn(values: values, validity: validity))
        case .date:
            let values = read(lane, zero: 0, failed: &failed) { cell -> Int32? in
                guard case .success(let seconds) = Self.timestamp(cell, format: format) else { return nil }
                return Int32(exactly: ExpressionEvaluator.floorDiv(seconds, 86400))
            }
            return .date(FixedColumn(values: values, validity: validity))
        case .dateTime:
            let values = read(lane, zero: 0, failed: &failed) { cell -> Int64? in
                guard case .success(let seconds) = Self.timestamp(cell, format: format) else { return nil }
                return seconds
            }
            return .dateTime(FixedColumn(values: values, validity: validity))
        case .string, .stringArray:
            preconditionFailure("parse() does not produce \(to)")
        }
    }

    @inline(__always)
    private func read<R>(
        _ lane: StringLane, zero: R, failed: inout [Int], _ f: (UnsafeRawBufferPointer) -> R?
    ) -> [R] {
        lane.withRows { rows in
            [R](unsafeUninitializedCapacity: count) { out, initialized in
                for i in 0..<count {
                    if let r = f(rows[i]) {
                        out.initializeElement(at: i, to: r)
                    } else {
                        out.initializeElement(at: i, to: zero)
                        failed.append(i)
                    }
                }
                initialized = count
            }
        }
    }

    @inline(__always)
    static func timestamp(_ cell: UnsafeRawBufferPointer, format: DateTimeFormat?) -> TimestampResult {
        guard let format else { return CivilTime.parseTimestamp(cell) }
        return format.parse(cell)
    }

    /// An integer, with a fast path for plain digits; `1.0` and `1e3` are integers too, `1.5` is not.
    @inline(__always)
    static func integer(_ cell: UnsafeRawBufferPointer) -> Int128? {
        var i = 0
        var negative = false
        if i < cell.count, cell[i] == UInt8(ascii: "-") || cell[i] == UInt8(ascii: "+") {
            negative = cell[i] == UInt8(ascii: "-")
            i += 1
        }
        let start = i
        var value: Int64 = 0
        while i < cell.count, cell[i] &- 0x30 < 10, i - start < 18 {
            value = value * 10 + Int64(cell[i] &- 0x30)
            i += 1
        }
        if i == cell.count, i > start { return Int128(negative ? -value : value) }
        guard case .value(let d) = ExactDecimal.parse(cell, scale: 0) else { return nil }
        return d.units
    }

    /// `true`/`false`, `t`/`f`, `yes`/`no`, `y`/`n`, `1`/`0`, any case, surrounding spaces allowed.
    static func bool(_ cell: UnsafeRawBufferPointer) -> Bool? {
        var start = 0
        var end = cell.count
        while start < end, cell[start] == 0x20 { start += 1 }
        while end > start, cell[end - 1] == 0x20 { end -= 1 }
        guard end - start <= 5 else { return nil }
        var word: [UInt8] = []
        for b in cell[start..<end] { word.append(b | 0x20) }
        switch String(decoding: word, as: UTF8.self) {
        case "true", "t", "yes", "y", "1": return true
        case "false", "f", "no", "n", "0": return false
        default: return nil
        }
    }
}
