/// Calendar arithmetic on the proleptic Gregorian calendar in UTC, without Foundation's `Calendar`.
///
/// Timestamps are parsed and printed millions of times per run; these integer routines (after Howard Hinnant's
/// `days_from_civil`) are exact, allocation-free and independent of the machine's time zone.
public enum CivilTime {
    /// Days since 1970-01-01 of a proleptic Gregorian date.
    @inlinable
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The (year, month, day) of a day count since 1970-01-01.
    @inlinable
    public static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }

    /// Whether `y` is a Gregorian leap year; `@inlinable` because `daysInMonth` is.
    @inlinable
    public static func isLeap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    /// The days in `month` (1–12) of `year`. `@inlinable` because the inlinable `parseTimestamp` and other
    /// modules' per-cell date checks call it: otherwise it stays an opaque cross-module call in every cell.
    @inlinable
    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Why a timestamp did not parse.
    public enum ParseFailure: Error, Sendable, Equatable {
        case malformed
        case outOfRange
    }

    /// Parses ISO 8601 / RFC 3339 text into epoch seconds: `2025-03-04`, `2025-03-04T05:06:07`,
    /// `2025-03-04 05:06:07.123`, with `Z` or `±hh:mm` / `±hhmm`. No offset means UTC. Fractions of a second
    /// are dropped (floored), since ClickHouse `DateTime` holds whole seconds.
    @inlinable
    public static func parseTimestamp(_ b: UnsafeRawBufferPointer) -> Result<Int64, ParseFailure> {
        var end = b.count
        var i = 0
        while i < end, b[i] == 0x20 { i += 1 }
        while end > i, b[end - 1] == 0x20 { end -= 1 }
        @inline(__always) func digits(_ at: Int, _ n: Int) -> Int64? {
            guard at + n <= end else { return nil }
            var v: Int64 = 0
            for k in at..<(at + n) {
                let c = b[k] &- 0x30
                guard c < 10 else { return nil }
                v = v * 10 + Int64(c)
            }
            return v
        }
        guard let year = digits(i, 4), i + 10 <= end, b[i + 4] == 0x2D, b[i + 7] == 0x2D,
            let month = digits(i + 5, 2), let day = digits(i + 8, 2)
        else { return .failure(.malformed) }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else {
            return .failure(.outOfRange)
        }
        var seconds = days(year: year, month: month, day: day) * 86400
        var p = i + 10
        if p == end { return .success(seconds) }
        guard b[p] == UInt8(ascii: "T") || b[p] == UInt8(ascii: " ") || b[p] == UInt8(ascii: "t") else {
            return .failure(.malformed)
        }
        p += 1
        guard let hour = digits(p, 2), p + 5 <= end, b[p + 2] == 0x3A, let minute = digits(p + 3, 2) else {
            return .failure(.malformed)
        }
        p += 5
        var second: Int64 = 0
        if p < end, b[p] == 0x3A {
            guard let s = digits(p + 1, 2) else { return .failure(.malformed) }
            second = s
            p += 3
            if p < end, b[p] == UInt8(ascii: ".") || b[p] == UInt8(ascii: ",") {
                p += 1
                let start = p
                while p < end, b[p] &- 0x30 < 10 { p += 1 }
                guard p > start else { return .failure(.malformed) }
            }
        }
        guard hour < 24, minute < 60, second < 61 else { return .failure(.outOfRange) }
        seconds += hour * 3600 + minute * 60 + min(second, 59)
        if p == end { return .success(seconds) }
        let sign = b[p]
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
            return p + 1 == end ? .success(seconds) : .failure(.malformed)
        }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), let oh = digits(p + 1, 2) else {
            return .failure(.malformed)
        }
        var q = p + 3
        if q < end, b[q] == 0x3A { q += 1 }
        guard let om = digits(q, 2), q + 2 == end, oh < 24, om < 60 else { return .failure(.malformed) }
        let offset = oh * 3600 + om * 60
        seconds += sign == UInt8(ascii: "+") ? -offset : offset
        return .success(seconds)
    }

    /// Parses text (see `parseTimestamp(_:)`).
    public static func parseTimestamp(_ text: String) -> Result<Int64, ParseFailure> {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBytes { parseTimestamp(UnsafeRawBufferPointer($0)) }
    }

    /// Appends `YYYY-MM-DD hh:mm:ss` (UTC): the form every ClickHouse version reads for `DateTime`.
    @inlinable
    public static func writeDateTime(epochSeconds s: Int64, into out: inout [UInt8]) {
        let d = s >= 0 ? s / 86400 : (s - 86399) / 86400
        let r = s - d * 86400
        writeDate(days: d, into: &out)
        out.append(0x20)
        two(r / 3600, &out)
        out.append(0x3A)
        two(r / 60 % 60, &out)
        out.append(0x3A)
        two(r % 60, &out)
    }

    /// Appends `YYYY-MM-DD`.
    @inlinable
    public static func writeDate(days: Int64, into out: inout [UInt8]) {
        let (y, m, d) = civil(days: days)
        let yy = max(0, min(9999, y))
        out.append(UInt8(truncatingIfNeeded: 0x30 + yy / 1000))
        out.append(UInt8(truncatingIfNeeded: 0x30 + yy / 100 % 10))
        out.append(UInt8(truncatingIfNeeded: 0x30 + yy / 10 % 10))
        out.append(UInt8(truncatingIfNeeded: 0x30 + yy % 10))
        out.append(0x2D)
        two(m, &out)
        out.append(0x2D)
        two(d, &out)
    }

    @inlinable @inline(__always)
    static func two(_ v: Int64, _ out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: 0x30 + v / 10))
        out.append(UInt8(truncatingIfNeeded: 0x30 + v % 10))
    }

    public static func formatDateTime(epochSeconds s: Int64) -> String {
        var out: [UInt8] = []
        writeDateTime(epochSeconds: s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func formatDate(days: Int64) -> String {
        var out: [UInt8] = []
        writeDate(days: days, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
