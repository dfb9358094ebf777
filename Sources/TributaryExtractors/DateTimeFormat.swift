import TributaryCore

/// A compiled strptime-like pattern for timestamps that are not ISO 8601, such as Azure's `%m/%d/%Y`.
///
/// Parsing is done on bytes with no `DateFormatter`, no locale and no time zone database: the result is epoch
/// seconds in UTC (or at the `%z` offset), the same on every machine. Directives:
///
/// | directive | reads |
/// |---|---|
/// | `%Y` | year, 4 digits |
/// | `%y` | year, 2 digits (69–99 → 19xx, 00–68 → 20xx, as POSIX) |
/// | `%m`, `%d`, `%e` | month, day: 1 or 2 digits |
/// | `%H`, `%I` | hour (24 h, 12 h): 1 or 2 digits |
/// | `%M`, `%S` | minute, second: 2 digits |
/// | `%f` | fraction of a second: 1 or more digits, dropped |
/// | `%p` | `AM` or `PM`, any case |
/// | `%b`, `%h`, `%B` | month name, English, abbreviated or full, any case |
/// | `%z` | `Z`, `±hh:mm` or `±hhmm` |
/// | `%s` | seconds since the epoch |
/// | `%T`, `%F`, `%D` | `%H:%M:%S`, `%Y-%m-%d`, `%m/%d/%y` |
/// | `%%` | `%` |
///
/// A space in the pattern matches any run of spaces (or none); other characters match themselves.
public struct DateTimeFormat: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case literal(UInt8)
        case spaces
        case year4, year2, month, day, hour24, hour12, minute, second, fraction, meridiem, monthName, offset, epoch
    }

    /// The pattern as written.
    public let pattern: String
    let tokens: [Token]

    /// Why a pattern cannot be compiled.
    public struct PatternError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public init(_ pattern: String) throws(PatternError) {
        var tokens: [Token] = []
        var bytes = Array(pattern.utf8)[...]
        while let c = bytes.popFirst() {
            if c == UInt8(ascii: " ") {
                if tokens.last != .spaces { tokens.append(.spaces) }
                continue
            }
            guard c == UInt8(ascii: "%") else {
                tokens.append(.literal(c))
                continue
            }
            guard let d = bytes.popFirst() else {
                throw PatternError(message: "the format '\(pattern)' ends with a lone '%'")
            }
            switch Character(Unicode.Scalar(d)) {
            case "Y": tokens.append(.year4)
            case "y": tokens.append(.year2)
            case "m": tokens.append(.month)
            case "d", "e": tokens.append(.day)
            case "H": tokens.append(.hour24)
            case "I": tokens.append(.hour12)
            case "M": tokens.append(.minute)
            case "S": tokens.append(.second)
            case "f": tokens.append(.fraction)
            case "p": tokens.append(.meridiem)
            case "b", "h", "B": tokens.append(.monthName)
            case "z": tokens.append(.offset)
            case "s": tokens.append(.epoch)
            case "T": tokens += [.hour24, .literal(0x3A), .minute, .literal(0x3A), .second]
            case "F": tokens += [.year4, .literal(0x2D), .month, .literal(0x2D), .day]
            case "D": tokens += [.month, .literal(0x2F), .day, .literal(0x2F), .year2]
            case "%": tokens.append(.literal(c))
            default:
                throw PatternError(
                    message: "the format '\(pattern)' has an unknown directive '%\(Character(Unicode.Scalar(d)))'; "
                        + "known: %Y %y %m %d %e %H %I %M %S %f %p %b %h %B %z %s %T %F %D %%")
            }
        }
        if tokens.contains(.hour12) != tokens.contains(.meridiem) {
            throw PatternError(message: "the format '\(pattern)' needs %I and %p together (12-hour clock)")
        }
        self.pattern = pattern
        self.tokens = tokens
    }

    private static let monthNames: [[UInt8]] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ].map { Array($0.utf8) }

    /// Epoch seconds of `b`; surrounding spaces are allowed.
    public func parse(_ b: UnsafeRawBufferPointer) -> Result<Int64, CivilTime.ParseFailure> {
        var i = 0
        var end = b.count
        while i < end, b[i] == 0x20 { i += 1 }
        while end > i, b[end - 1] == 0x20 { end -= 1 }
        func number(_ minDigits: Int, _ maxDigits: Int) -> Int64? {
            var v: Int64 = 0
            var n = 0
            while n < maxDigits, i < end, b[i] &- 0x30 < 10 {
                v = v * 10 + Int64(b[i] - 0x30)
                i += 1
                n += 1
            }
            return n >= minDigits ? v : nil
        }
        var year: Int64 = 1970
        var month: Int64 = 1
        var day: Int64 = 1
        var hour: Int64 = 0
        var minute: Int64 = 0
        var second: Int64 = 0
        var pm: Bool?
        var offset: Int64 = 0
        var epoch: Int64?
        for token in tokens {
            switch token {
            case .literal(let c):
                guard i < end, b[i] == c else { return .failure(.malformed) }
                i += 1
            case .spaces:
                while i < end, b[i] == 0x20 { i += 1 }
            case .year4:
                guard let v = number(4, 4) else { return .failure(.malformed) }
                year = v
            case .year2:
                guard let v = number(2, 2) else { return .failure(.malformed) }
                year = v < 69 ? 2000 + v : 1900 + v
            case .month:
                guard let v = number(1, 2) else { return .failure(.malformed) }
                month = v
            case .day:
                if i < end, b[i] == 0x20 { i += 1 }  // %e pads with a space
                guard let v = number(1, 2) else { return .failure(.malformed) }
                day = v
            case .hour24, .hour12:
                guard let v = number(1, 2) else { return .failure(.malformed) }
                hour = v
            case .minute:
                guard let v = number(2, 2) else { return .failure(.malformed) }
                minute = v
            case .second:
                guard let v = number(2, 2) else { return .failure(.malformed) }
                second = v
            case .fraction:
                guard number(1, Int.max) != nil else { return .failure(.malformed) }
            case .meridiem:
                guard i + 2 <= end, b[i + 1] | 0x20 == UInt8(ascii: "m") else { return .failure(.malformed) }
                switch b[i] | 0x20 {
                case UInt8(ascii: "a"): pm = false
                case UInt8(ascii: "p"): pm = true
                default: return .failure(.malformed)
                }
                i += 2
            case .monthName:
                guard let m = matchMonthName(b, &i, end) else { return .failure(.malformed) }
                month = m
            case .offset:
                guard let v = parseOffset(b, &i, end) else { return .failure(.malformed) }
                offset = v
            case .epoch:
                let negative = i < end && b[i] == UInt8(ascii: "-")
                if negative { i += 1 }
                guard let v = number(1, 18) else { return .failure(.malformed) }
                epoch = negative ? -v : v
            }
        }
        guard i == end else { return .failure(.malformed) }
        if let epoch { return .success(epoch - offset) }
        if let pm {
            guard (1...12).contains(hour) else { return .failure(.outOfRange) }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        guard (1...12).contains(month), day >= 1, day <= CivilTime.daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 61
        else { return .failure(.outOfRange) }
        let days = CivilTime.days(year: year, month: month, day: day)
        return .success(days * 86400 + hour * 3600 + minute * 60 + min(second, 59) - offset)
    }

    private func matchMonthName(_ b: UnsafeRawBufferPointer, _ i: inout Int, _ end: Int) -> Int64? {
        for (index, name) in Self.monthNames.enumerated() {
            for length in [name.count, 3] where i + length <= end {
                if (0..<length).allSatisfy({ b[i + $0] | 0x20 == name[$0] }) {
                    i += length
                    return Int64(index + 1)
                }
            }
        }
        return nil
    }

    /// `Z`, `±hh:mm` or `±hhmm`, as seconds east of UTC.
    private func parseOffset(_ b: UnsafeRawBufferPointer, _ i: inout Int, _ end: Int) -> Int64? {
        guard i < end else { return nil }
        if b[i] | 0x20 == UInt8(ascii: "z") {
            i += 1
            return 0
        }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
        let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
        var k = i + 1
        func two() -> Int64? {
            guard k + 2 <= end, b[k] &- 0x30 < 10, b[k + 1] &- 0x30 < 10 else { return nil }
            defer { k += 2 }
            return Int64(b[k] - 0x30) * 10 + Int64(b[k + 1] - 0x30)
        }
        guard let hours = two() else { return nil }
        if k < end, b[k] == 0x3A { k += 1 }
        guard let minutes = two(), hours < 24, minutes < 60 else { return nil }
        i = k
        return sign * (hours * 3600 + minutes * 60)
    }
}
