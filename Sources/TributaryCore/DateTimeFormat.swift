/// A compiled strptime-like pattern for date and time text that is not ISO 8601, such as Azure's `%m/%d/%Y`.
///
/// It lives in Core because both the extractors (a typed column's `format`) and the transformers (`cast` formats,
/// `to_date` / `to_datetime`) read such text, and a pattern must mean the same thing at every stage. It is
/// compiled once, when a stage is planned, so that a bad pattern is a configuration error; each cell is then
/// matched on its bytes with no `String`, `DateFormatter`, locale or time zone database, and the result is epoch
/// seconds in UTC (or at the `%z` offset, brought to UTC), the same on every machine.
///
/// | directive | reads |
/// |---|---|
/// | `%Y` | year, exactly 4 digits (so that `25` is not taken for the year 25) |
/// | `%y` | year, exactly 2 digits: 69–99 → 19xx, 00–68 → 20xx, as POSIX |
/// | `%m` | month, 1 or 2 digits |
/// | `%b`, `%h`, `%B` | month name in English, abbreviated or full, any case |
/// | `%d` | day of the month, 1 or 2 digits |
/// | `%e` | the same after an optional padding space |
/// | `%j` | day of the year, 1 to 3 digits (1–366); it wins over `%m` and `%d` |
/// | `%H` | hour of a 24-hour clock, 1 or 2 digits |
/// | `%I`, `%p` | hour of a 12-hour clock (1–12) and `AM` or `PM` in any case; each needs the other |
/// | `%M`, `%S` | minute, second: 1 or 2 digits; second 60 (a leap second) reads as 59 |
/// | `%f` | fraction of a second: 1 or more digits, dropped, since a `datetime` holds whole seconds |
/// | `%z` | UTC offset: `Z`, `±hh`, `±hhmm` or `±hh:mm` |
/// | `%s` | seconds since the Unix epoch, optionally negative; already UTC, so every other field is ignored |
/// | `%T`, `%F`, `%D`, `%R` | `%H:%M:%S`, `%Y-%m-%d`, `%m/%d/%y`, `%H:%M` |
/// | `%%` | a literal `%` |
///
/// A space or tab in the pattern matches any run of spaces or tabs, including none; any other character matches
/// itself. Spaces around the input are ignored. Fields the pattern leaves out default to 1970-01-01 00:00:00.
public struct DateTimeFormat: Sendable, Equatable, CustomStringConvertible {
    /// The pattern as written, for messages.
    public let pattern: String
    let directives: [Directive]

    enum Directive: Sendable, Equatable {
        case year, year2, month, monthName, day, dayPadded, dayOfYear
        case hour, hour12, amPm, minute, second, fraction, zone, epoch
        case space
        case literal(UInt8)
    }

    /// Why a pattern does not compile: the message names the offending directive and the pattern, and `offset`
    /// (the 0-based UTF-8 offset of that directive's `%`) lets an expression's error point at it.
    public struct PatternError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { message }
    }

    /// The directives `init` knows, listed in its error so that a typo is fixed without reading the docs.
    static let known = "%Y %y %m %b %B %h %d %e %j %H %I %p %M %S %f %z %s %T %F %D %R %%"

    public init(_ pattern: String) throws(PatternError) {
        var directives: [Directive] = []
        let bytes = Array(pattern.utf8)
        var hour12At: Int?
        var amPmAt: Int?
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") {
                if directives.last != .space { directives.append(.space) }
                i += 1
                continue
            }
            guard c == UInt8(ascii: "%") else {
                directives.append(.literal(c))
                i += 1
                continue
            }
            guard i + 1 < bytes.count else {
                throw PatternError(message: "format '\(pattern)' ends with a lone '%'", offset: i)
            }
            let code = bytes[i + 1]
            guard let expanded = Self.expand(code) else {
                // Name the whole character after `%`, even when it is not ASCII.
                var end = i + 2
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                let directive = String(decoding: bytes[i..<end], as: UTF8.self)
                throw PatternError(
                    message: "unknown directive '\(directive)' in format '\(pattern)'; known: \(Self.known)", offset: i)
            }
            if code == UInt8(ascii: "I") { hour12At = hour12At ?? i }
            if code == UInt8(ascii: "p") { amPmAt = amPmAt ?? i }
            directives.append(contentsOf: expanded)
            i += 2
        }
        // Alone, `%I` would read 12:30 as 00:30 and `%p` would contradict `%H`: refuse rather than guess.
        if let at = hour12At, amPmAt == nil {
            throw PatternError(
                message: "format '\(pattern)' has %I without %p; a 12-hour clock needs both", offset: at)
        }
        if let at = amPmAt, hour12At == nil {
            throw PatternError(
                message: "format '\(pattern)' has %p without %I; a 12-hour clock needs both", offset: at)
        }
        self.pattern = pattern
        self.directives = directives
    }

    private static func expand(_ code: UInt8) -> [Directive]? {
        switch code {
        case UInt8(ascii: "Y"): [.year]
        case UInt8(ascii: "y"): [.year2]
        case UInt8(ascii: "m"): [.month]
        case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "h"): [.monthName]
        case UInt8(ascii: "d"): [.day]
        case UInt8(ascii: "e"): [.dayPadded]
        case UInt8(ascii: "j"): [.dayOfYear]
        case UInt8(ascii: "H"): [.hour]
        case UInt8(ascii: "I"): [.hour12]
        case UInt8(ascii: "p"): [.amPm]
        case UInt8(ascii: "M"): [.minute]
        case UInt8(ascii: "S"): [.second]
        case UInt8(ascii: "f"): [.fraction]
        case UInt8(ascii: "z"): [.zone]
        case UInt8(ascii: "s"): [.epoch]
        case UInt8(ascii: "T"): [.hour, .literal(0x3A), .minute, .literal(0x3A), .second]
        case UInt8(ascii: "F"): [.year, .literal(0x2D), .month, .literal(0x2D), .day]
        case UInt8(ascii: "D"): [.month, .literal(0x2F), .day, .literal(0x2F), .year2]
        case UInt8(ascii: "R"): [.hour, .literal(0x3A), .minute]
        case UInt8(ascii: "%"): [.literal(UInt8(ascii: "%"))]
        default: nil
        }
    }

    public var description: String { pattern }

    /// Seconds since the Unix epoch, UTC. For messages and tests; cells go through the byte overload.
    public func parse(_ text: String) -> Result<Int64, CivilTime.ParseFailure> {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Seconds since the Unix epoch, UTC: `.malformed` when the text does not have the pattern's shape,
    /// `.outOfRange` when it does but a field is impossible (month 13, 30 February, 13 PM).
    public func parse(_ b: UnsafeRawBufferPointer) -> Result<Int64, CivilTime.ParseFailure> {
        var i = 0
        var end = b.count
        while i < end, b[i] == 0x20 { i += 1 }
        while end > i, b[end - 1] == 0x20 { end -= 1 }
        var fields = Fields()

        /// From `minimum` to `maximum` ASCII digits, as many as there are.
        func digits(_ minimum: Int, _ maximum: Int) -> Int64? {
            var value: Int64 = 0
            var n = 0
            while n < maximum, i < end, b[i] &- 0x30 < 10 {
                value = value &* 10 &+ Int64(b[i] &- 0x30)
                i += 1
                n += 1
            }
            return n >= minimum ? value : nil
        }

        for directive in directives {
            switch directive {
            case .space:
                while i < end, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
            case .literal(let c):
                guard i < end, b[i] == c else { return .failure(.malformed) }
                i += 1
            case .year:
                guard let v = digits(4, 4) else { return .failure(.malformed) }
                fields.year = v
            case .year2:
                guard let v = digits(2, 2) else { return .failure(.malformed) }
                fields.year = v < 69 ? 2000 + v : 1900 + v
            case .month:
                guard let v = digits(1, 2) else { return .failure(.malformed) }
                fields.month = v
            case .monthName:
                guard let (month, length) = Self.monthName(b, at: i, end: end) else { return .failure(.malformed) }
                fields.month = month
                i += length
            case .day, .dayPadded:
                if directive == .dayPadded, i < end, b[i] == 0x20 { i += 1 }
                guard let v = digits(1, 2) else { return .failure(.malformed) }
                fields.day = v
            case .dayOfYear:
                guard let v = digits(1, 3) else { return .failure(.malformed) }
                fields.dayOfYear = v
            case .hour, .hour12:
                guard let v = digits(1, 2) else { return .failure(.malformed) }
                fields.hour = v
            case .amPm:
                guard i + 2 <= end, b[i + 1] | 0x20 == UInt8(ascii: "m") else { return .failure(.malformed) }
                switch b[i] | 0x20 {
                case UInt8(ascii: "a"): fields.pm = false
                case UInt8(ascii: "p"): fields.pm = true
                default: return .failure(.malformed)
                }
                i += 2
            case .minute:
                guard let v = digits(1, 2) else { return .failure(.malformed) }
                fields.minute = v
            case .second:
                guard let v = digits(1, 2) else { return .failure(.malformed) }
                fields.second = v
            case .fraction:
                guard digits(1, Int.max) != nil else { return .failure(.malformed) }
            case .zone:
                guard let (offset, length) = Self.zone(b, at: i, end: end) else { return .failure(.malformed) }
                fields.offset = offset
                i += length
            case .epoch:
                let negative = i < end && b[i] == UInt8(ascii: "-")
                if negative { i += 1 }
                guard let v = digits(1, 18) else { return .failure(.malformed) }
                fields.epoch = negative ? -v : v
            }
        }
        guard i == end else { return .failure(.malformed) }
        return fields.seconds()
    }

    /// What the directives read, with the defaults of the fields a pattern leaves out.
    private struct Fields {
        var year: Int64 = 1970
        var month: Int64 = 1
        var day: Int64 = 1
        var dayOfYear: Int64?
        var hour: Int64 = 0
        /// Set by `%p`, which `init` only allows with `%I`.
        var pm: Bool?
        var minute: Int64 = 0
        var second: Int64 = 0
        var offset: Int64 = 0
        var epoch: Int64?

        func seconds() -> Result<Int64, CivilTime.ParseFailure> {
            if let epoch { return .success(epoch) }
            var days: Int64
            if let dayOfYear {
                guard dayOfYear >= 1, dayOfYear <= (CivilTime.isLeap(year) ? 366 : 365) else {
                    return .failure(.outOfRange)
                }
                days = CivilTime.days(year: year, month: 1, day: 1) + dayOfYear - 1
            } else {
                guard (1...12).contains(month), day >= 1, day <= CivilTime.daysInMonth(year: year, month: month) else {
                    return .failure(.outOfRange)
                }
                days = CivilTime.days(year: year, month: month, day: day)
            }
            var h = hour
            if let pm {
                guard (1...12).contains(h) else { return .failure(.outOfRange) }
                h = h % 12 + (pm ? 12 : 0)
            }
            guard h < 24, minute < 60, second <= 60 else { return .failure(.outOfRange) }
            days = days * 86400 + h * 3600 + minute * 60 + min(second, 59)
            return .success(days - offset)
        }
    }

    private static let monthNames: [[UInt8]] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ].map { Array($0.utf8) }

    /// The month (1–12) and the length matched: the full name if it is there, otherwise the first three letters.
    private static func monthName(_ b: UnsafeRawBufferPointer, at i: Int, end: Int) -> (Int64, Int)? {
        for (index, name) in monthNames.enumerated() {
            func matches(_ length: Int) -> Bool {
                guard i + length <= end else { return false }
                for k in 0..<length where b[i + k] | 0x20 != name[k] { return false }
                return true
            }
            if matches(name.count) { return (Int64(index + 1), name.count) }
            if matches(3) { return (Int64(index + 1), 3) }
        }
        return nil
    }

    /// Seconds east of UTC and the length matched.
    private static func zone(_ b: UnsafeRawBufferPointer, at i: Int, end: Int) -> (Int64, Int)? {
        guard i < end else { return nil }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { return (0, 1) }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
        func two(_ at: Int) -> Int64? {
            guard at + 2 <= end, b[at] &- 0x30 < 10, b[at + 1] &- 0x30 < 10 else { return nil }
            return Int64(b[at] &- 0x30) * 10 + Int64(b[at + 1] &- 0x30)
        }
        guard let hours = two(i + 1), hours < 24 else { return nil }
        var length = 3
        var minutes: Int64 = 0
        let colon = i + 3 < end && b[i + 3] == UInt8(ascii: ":")
        if let m = two(i + 3 + (colon ? 1 : 0)) {
            guard m < 60 else { return nil }
            minutes = m
            length += colon ? 3 : 2
        }
        let offset = hours * 3600 + minutes * 60
        return (b[i] == UInt8(ascii: "-") ? -offset : offset, length)
    }
}
