import TributaryCore

extension ExpressionEvaluator {
    /// NULL if any part is NULL (as ClickHouse's `concat`); use `coalesce` to treat NULL as empty.
    func concat(_ parts: [Vector]) -> Vector {
        let lanes = parts.map(\.stringLane)
        var nulls = Nulls.none
        for lane in lanes { nulls = nulls.union(lane.nulls, count: count) }
        let estimate = lanes.reduce(0) { $0 + ($1.mask == 0 ? $1.bytes.count * count : $1.bytes.count) }
        var out = StringColumnWriter(rows: count, bytes: estimate)
        for i in 0..<count {
            for lane in lanes { out.bytes.append(contentsOf: lane.bytes[lane.range(i)]) }
            out.endRow()
        }
        return .column(out.column(nulls))
    }

    mutating func string(_ function: StringFunction, _ args: [Vector]) -> Vector {
        let s = args[0].stringLane
        var nulls = s.nulls
        for a in args.dropFirst() { nulls = nulls.union(a.nulls, count: count) }
        switch function {
        case .lower: return .column(caseMapped(s, upper: false).column(nulls))
        case .upper: return .column(caseMapped(s, upper: true).column(nulls))
        case .trim:
            var out = StringColumnWriter(rows: count, bytes: s.bytes.count)
            s.withRows { rows in
                for i in 0..<count {
                    let cell = rows[i]
                    var start = 0
                    var end = cell.count
                    while start < end, ByteText.isTrimmable(cell[start]) { start += 1 }
                    while end > start, ByteText.isTrimmable(cell[end - 1]) { end -= 1 }
                    out.append(UnsafeRawBufferPointer(rebasing: cell[start..<end]))
                }
            }
            return .column(out.column(nulls))
        case .length:
            let values = s.withRows { rows in (0..<count).map { Int64(ByteText.characterCount(rows[$0])) } }
            return int64s(values, nulls)
        case .substring:
            return substring(
                s, start: args[1].int64Lane, length: args.count > 2 ? args[2].int64Lane : nil, nulls: nulls)
        case .replace:
            return .column(replace(s, args[1].stringLane, args[2].stringLane).column(nulls))
        case .startsWith, .endsWith, .contains:
            let x = args[1].stringLane
            let values: [Bool]
            switch function {
            case .startsWith: values = Self.zipStrings(s, x, count: count) { ByteText.hasPrefix($0, $1) }
            case .endsWith: values = Self.zipStrings(s, x, count: count) { ByteText.hasSuffix($0, $1) }
            default: values = Self.zipStrings(s, x, count: count) { ByteText.find($1, in: $0) != nil }
            }
            return bools(values, nulls)
        }
    }

    /// ASCII cells are mapped byte by byte; others go through Unicode case mapping (`'É'` → `'é'`).
    private func caseMapped(_ s: StringLane, upper: Bool) -> StringColumnWriter {
        var out = StringColumnWriter(rows: count, bytes: s.bytes.count)
        s.withRows { rows in
            for i in 0..<count {
                let cell = rows[i]
                if ByteText.isASCII(cell) {
                    for b in cell {
                        let isLower = b &- UInt8(ascii: "a") < 26
                        let isUpper = b &- UInt8(ascii: "A") < 26
                        out.bytes.append(upper ? (isLower ? b - 32 : b) : (isUpper ? b + 32 : b))
                    }
                    out.endRow()
                } else {
                    let text = String(decoding: cell, as: UTF8.self)
                    out.append(contentsOf: (upper ? text.uppercased() : text.lowercased()).utf8)
                }
            }
        }
        return out
    }

    /// SQL's `substring(s, start, length)`: characters `start ..< start + length`, 1-based, clipped to the text;
    /// a start before 1 eats into the length, as in PostgreSQL. A negative length rejects the row.
    private mutating func substring(
        _ s: StringLane, start: FixedLane<Int64>, length: FixedLane<Int64>?, nulls: Nulls
    ) -> Vector {
        var out = StringColumnWriter(rows: count, bytes: s.bytes.count)
        var failed: [Int] = []
        s.withRows { rows in
            for i in 0..<count {
                let cell = rows[i]
                let first = start[i]
                var last = Int64.max  // exclusive, in 1-based characters
                if let length {
                    let n = length[i]
                    if n < 0 {
                        failed.append(i)
                        out.endRow()
                        continue
                    }
                    let (end, overflow) = first.addingReportingOverflow(n)
                    last = overflow ? .max : end
                }
                let from = max(first, 1)
                guard last > from else {
                    out.endRow()
                    continue
                }
                let lower = ByteText.byteOffset(ofCharacter: Int(clamping: from - 1), in: cell)
                let upper =
                    last == .max
                    ? cell.count
                    : lower
                        + ByteText.byteOffset(
                            ofCharacter: Int(clamping: last - from),
                            in: UnsafeRawBufferPointer(rebasing: cell[lower...]))
                out.append(UnsafeRawBufferPointer(rebasing: cell[lower..<upper]))
            }
        }
        let lengths = length
        let settled = settle(nulls, failed: failed) { "substring length \(lengths?[$0] ?? 0) is negative" }
        return .column(out.column(settled))
    }

    /// Every occurrence of `from` replaced by `to`, left to right without overlaps; an empty `from` changes nothing.
    private func replace(_ s: StringLane, _ from: StringLane, _ to: StringLane) -> StringColumnWriter {
        var out = StringColumnWriter(rows: count, bytes: s.bytes.count)
        s.withRows { rows in
            from.withRows { needles in
                to.withRows { replacements in
                    for i in 0..<count {
                        let cell = rows[i]
                        let needle = needles[i]
                        var position = 0
                        if !needle.isEmpty {
                            while let hit = ByteText.find(needle, in: cell, from: position) {
                                out.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: cell[position..<hit]))
                                out.bytes.append(contentsOf: replacements[i])
                                position = hit + needle.count
                            }
                        }
                        out.append(UnsafeRawBufferPointer(rebasing: cell[position...]))
                    }
                }
            }
        }
        return out
    }
}
