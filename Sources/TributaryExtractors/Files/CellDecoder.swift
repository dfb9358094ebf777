import TributaryCore
import TributaryFormats

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a cell's bytes into a value of its column's type, without making a `String`.
///
/// Decimals go straight from text to scaled integers at the column's scale; a value with more decimals than the
/// scale is refused, never rounded, since rounding money silently loses it. Strings are checked for UTF-8 eight
/// bytes at a time. Which cells count as NULL is decided here too, so that every type treats them alike.
struct CellDecoder: Sendable {
    enum Kind: Sendable, Equatable {
        case string
        case int64
        case uint64
        /// `limit`: the exclusive bound on the magnitude of units (the precision, and for money what scale 12
        /// holds).
        case decimal(scale: Int, limit: UInt128)
        case float64
        case bool
        case date
        case dateTime
        case stringArray
    }

    /// What decoding needs beyond each column's plain settings: compiled date formats and the non-empty texts
    /// read as NULL. Kept out of `CellDecoder` so that the decoder is plain data the hot loop reads in place.
    final class Tables: Sendable {
        let formats: [DateTimeFormat]
        let otherNulls: [[UInt8]]

        init(formats: [DateTimeFormat], nullValues: [String]) {
            self.formats = formats
            otherNulls = nullValues.filter { !$0.isEmpty }.map { Array($0.utf8) }
        }
    }

    let kind: Kind
    let type: DataType
    let nullable: Bool
    /// The column's format in `Tables.formats`; nil reads ISO 8601.
    let formatIndex: Int?
    /// Whether an empty cell is NULL, and whether other texts may be (then `Tables.otherNulls` decides).
    private let emptyIsNull: Bool
    private let hasOtherNulls: Bool

    init(kind: Kind, type: DataType, nullable: Bool, formatIndex: Int?, nullValues: [String]) {
        self.kind = kind
        self.type = type
        self.nullable = nullable
        self.formatIndex = formatIndex
        emptyIsNull = nullValues.contains("")
        hasOtherNulls = nullValues.contains { !$0.isEmpty }
    }

    @inline(__always)
    func isNull(_ cell: UnsafeRawBufferPointer, _ tables: Tables) -> Bool {
        if cell.isEmpty { return emptyIsNull }
        if !hasOtherNulls { return false }
        return tables.otherNulls.contains { $0.count == cell.count && $0.elementsEqual(cell) }
    }

    /// The pattern of this column's format, for messages.
    func formatPattern(_ tables: Tables) -> String? { formatIndex.map { tables.formats[$0].pattern } }

    private func parseTime(_ cell: UnsafeRawBufferPointer, _ tables: Tables) -> Result<Int64, CivilTime.ParseFailure> {
        guard let formatIndex else { return CivilTime.parseTimestamp(cell) }
        return tables.formats[formatIndex].parse(cell)
    }

    /// The cell as a value of this column, `.null`, or why it is neither.
    @inline(__always)
    func decode(_ cell: UnsafeRawBufferPointer, _ tables: Tables) -> CellValue {
        if isNull(cell, tables) { return nullable ? .null : .failure(.missing) }
        switch kind {
        case .string:
            if let bad = UTF8Validator.firstInvalidByte(in: cell) { return .failure(.invalidUTF8(at: bad)) }
            return .string(cell)
        case .decimal(let scale, let limit):
            if let units = Self.parseShortDecimal(cell, scale: scale) {
                return units.magnitude < limit ? .decimal(units) : .failure(.decimalOutOfRange)
            }
            switch ExactDecimal.parse(cell, scale: scale) {
            case .value(let d):
                return d.units.magnitude < limit ? .decimal(d.units) : .failure(.decimalOutOfRange)
            case .failure(.notANumber): return .failure(.notDecimal)
            case .failure(.tooManyDecimals(let found, _)): return .failure(.tooManyDecimals(found: found))
            case .failure(.overflow): return .failure(.decimalOutOfRange)
            }
        case .int64:
            return Self.parseInt64(cell)
        case .uint64:
            return Self.parseUInt64(cell)
        case .dateTime:
            if formatIndex == nil, let seconds = Self.parseUTCTimestamp(cell) { return .dateTime(seconds) }
            switch parseTime(cell, tables) {
            case .success(let seconds): return .dateTime(seconds)
            case .failure(.malformed): return .failure(.notDateTime)
            case .failure(.outOfRange): return .failure(.invalidDate)
            }
        case .date:
            switch parseTime(cell, tables) {
            case .success(let seconds):
                let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
                guard let narrow = Int32(exactly: days) else { return .failure(.invalidDate) }
                return .date(narrow)
            case .failure(.malformed): return .failure(.notDate)
            case .failure(.outOfRange): return .failure(.invalidDate)
            }
        case .bool:
            return Self.parseBool(cell)
        case .float64:
            return Self.parseFloat64(cell)
        case .stringArray:
            return Self.stringArray(fromJSON: cell) != nil ? .stringArrayJSON(cell) : .failure(.notStringArray)
        }
    }
}

extension CellDecoder {
    /// The cell without surrounding spaces.
    @inline(__always)
    static func trimmed(_ cell: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = cell.count
        while start < end, cell[start] == 0x20 { start += 1 }
        while end > start, cell[end - 1] == 0x20 { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: cell[start..<end])
    }

    /// The common decimal, `-123.4500` with at most 18 digits and no more decimals than `scale`, in 64-bit
    /// arithmetic; nil sends everything else (spaces, exponents, long or over-precise text) to
    /// `ExactDecimal.parse`, which has the last word.
    @inline(__always)
    static func parseShortDecimal(_ cell: UnsafeRawBufferPointer, scale: Int) -> Int128? {
        let n = cell.count
        guard n > 0, n <= 20 else { return nil }
        var i = 0
        let sign = cell[0]
        if sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { i = 1 }
        var value: Int64 = 0
        var digits = 0
        var fraction = -1
        while i < n {
            let c = cell[i]
            let d = c &- 0x30
            if d < 10 {
                value = value &* 10 &+ Int64(d)
                digits &+= 1
                if fraction >= 0 { fraction &+= 1 }
            } else if c == UInt8(ascii: "."), fraction < 0 {
                fraction = 0
            } else {
                return nil
            }
            i &+= 1
        }
        guard digits > 0, digits <= 18 else { return nil }
        let decimals = max(fraction, 0)
        guard decimals <= scale else { return nil }
        var units = Int128(sign == UInt8(ascii: "-") ? -value : value)
        for _ in decimals..<scale { units &*= 10 }
        return units
    }

    /// `YYYY-MM-DDThh:mm:ssZ` or `YYYY-MM-DD hh:mm:ss`, the shapes billing exports use, read at fixed
    /// positions; nil sends anything else (offsets, fractions, leap seconds) to `CivilTime.parseTimestamp`.
    @inline(__always)
    static func parseUTCTimestamp(_ b: UnsafeRawBufferPointer) -> Int64? {
        let n = b.count
        guard n == 19 || (n == 20 && b[19] == UInt8(ascii: "Z")), b[4] == 0x2D, b[7] == 0x2D,
            b[10] == UInt8(ascii: "T") || b[10] == 0x20, b[13] == 0x3A, b[16] == 0x3A
        else { return nil }
        @inline(__always) func two(_ i: Int) -> Int64? {
            let high = b[i] &- 0x30
            let low = b[i &+ 1] &- 0x30
            guard high < 10, low < 10 else { return nil }
            return Int64(high) &* 10 &+ Int64(low)
        }
        guard let century = two(0), let yy = two(2), let month = two(5), let day = two(8), let hour = two(11),
            let minute = two(14), let second = two(17), (1...12).contains(month), day >= 1,
            hour < 24, minute < 60, second < 60
        else { return nil }
        let year = century &* 100 &+ yy
        guard day <= CivilTime.daysInMonth(year: year, month: month) else { return nil }
        return CivilTime.days(year: year, month: month, day: day) &* 86400 &+ hour &* 3600 &+ minute &* 60 &+ second
    }

    static func parseInt64(_ cell: UnsafeRawBufferPointer) -> CellValue {
        let t = trimmed(cell)
        guard !t.isEmpty else { return .failure(.notInteger) }
        var i = 0
        let negative = t[0] == UInt8(ascii: "-")
        if negative || t[0] == UInt8(ascii: "+") { i = 1 }
        guard i < t.count else { return .failure(.notInteger) }
        // Accumulate negatively so that Int64.min parses.
        var value: Int64 = 0
        var overflow = false
        while i < t.count {
            let d = t[i] &- 0x30
            guard d < 10 else { return .failure(.notInteger) }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.subtractingReportingOverflow(Int64(d))
            overflow = overflow || o1 || o2
            value = s
            i += 1
        }
        if overflow { return .failure(.integerOutOfRange) }
        if negative { return .int64(value) }
        guard value != .min else { return .failure(.integerOutOfRange) }
        return .int64(-value)
    }

    static func parseUInt64(_ cell: UnsafeRawBufferPointer) -> CellValue {
        let t = trimmed(cell)
        var i = t.first == UInt8(ascii: "+") ? 1 : 0
        guard i < t.count else { return .failure(.notInteger) }
        var value: UInt64 = 0
        var overflow = false
        while i < t.count {
            let d = t[i] &- 0x30
            guard d < 10 else { return .failure(.notInteger) }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d))
            overflow = overflow || o1 || o2
            value = s
            i += 1
        }
        return overflow ? .failure(.integerOutOfRange) : .uint64(value)
    }

    private static let trueWords: [[UInt8]] = ["true", "1", "yes"].map { Array($0.utf8) }
    private static let falseWords: [[UInt8]] = ["false", "0", "no"].map { Array($0.utf8) }

    /// `true`/`false`, `1`/`0`, `yes`/`no`, in any case.
    static func parseBool(_ cell: UnsafeRawBufferPointer) -> CellValue {
        let t = trimmed(cell)
        func matches(_ word: [UInt8]) -> Bool {
            word.count == t.count && zip(word, t).allSatisfy { $0 == $1 | 0x20 }
        }
        if trueWords.contains(where: matches) { return .bool(true) }
        if falseWords.contains(where: matches) { return .bool(false) }
        return .failure(.notBool)
    }

    /// Through `strtod`, on a NUL-terminated copy: float columns hold approximate values, so C's rounding is
    /// what we want here (never for money).
    static func parseFloat64(_ cell: UnsafeRawBufferPointer) -> CellValue {
        let t = trimmed(cell)
        guard !t.isEmpty, t.count <= 400 else { return .failure(.notFloat) }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: t.count + 1) { buffer -> CellValue in
            guard let base = buffer.baseAddress else { return .failure(.notFloat) }
            for k in 0..<t.count { buffer[k] = CChar(bitPattern: t[k]) }
            buffer[t.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &end)
            guard let end, end - base == t.count else { return .failure(.notFloat) }
            return .float64(value)
        }
    }

    /// The strings of a JSON array of strings, or nil when the text is anything else.
    static func stringArray(fromJSON cell: UnsafeRawBufferPointer) -> [String]? {
        guard case .array(let elements) = try? JSONParser.parse(cell) else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let s) = element else { return nil }
            strings.append(s)
        }
        return strings
    }
}
