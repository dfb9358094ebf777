/// Dates, times and date-times (RFC 3339 with TOML's relaxations: a space may replace `T`, and
/// the date or the time may stand alone). Fields have fixed widths, so they are read digit by
/// digit and range-checked, including month lengths and leap years.
extension TOMLScanner {
    /// Scans `YYYY-MM-DD`, optionally followed by a time and an offset.
    mutating func scanDateOrDateTime() throws(TOMLError) -> TOMLValue {
        let date = try scanDate()
        let separator = peek()
        if separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") {
            advance()
        } else if separator == UInt8(ascii: " ") && Self.isDigit(peek(1)) {
            advance()
        } else {
            return .localDate(date)
        }
        let time = try scanTime()
        guard let offsetMinutes = try scanOffset() else {
            return .localDateTime(TOMLDateTime(date: date, time: time))
        }
        return .offsetDateTime(TOMLDateTime(date: date, time: time, offsetMinutes: offsetMinutes))
    }

    /// `YYYY-MM-DD`, checked against the calendar.
    mutating func scanDate() throws(TOMLError) -> TOMLDate {
        let start = offset
        let year = try fixedDigits(4, "year", format: "YYYY-MM-DD")
        try expect(UInt8(ascii: "-"), "between year and month", format: "YYYY-MM-DD")
        let month = try fixedDigits(2, "month", format: "YYYY-MM-DD")
        try expect(UInt8(ascii: "-"), "between month and day", format: "YYYY-MM-DD")
        let day = try fixedDigits(2, "day", format: "YYYY-MM-DD")
        let date = TOMLDate(year: year, month: month, day: day)
        guard (1...12).contains(month) else {
            throw error("invalid date '\(date)': the month must be 01 to 12", at: start)
        }
        let length = TOMLDate.daysInMonth(month, year: year)
        guard (1...length).contains(day) else {
            if month == 2 && day == 29 {
                throw error("invalid date '\(date)': \(year) is not a leap year", at: start)
            }
            throw error("invalid date '\(date)': the day must be 01 to \(length) in that month", at: start)
        }
        return date
    }

    /// `HH:MM:SS` with optional fraction; seconds are required in TOML 1.0.
    mutating func scanTime() throws(TOMLError) -> TOMLTime {
        let start = offset
        let hour = try fixedDigits(2, "hour", format: "HH:MM:SS")
        try expect(UInt8(ascii: ":"), "between hour and minute", format: "HH:MM:SS")
        let minute = try fixedDigits(2, "minute", format: "HH:MM:SS")
        try expect(UInt8(ascii: ":"), "before the seconds, which are required", format: "HH:MM:SS")
        let second = try fixedDigits(2, "second", format: "HH:MM:SS")
        var nanosecond = 0
        if peek() == UInt8(ascii: ".") {
            advance()
            guard Self.isDigit(peek()) else {
                throw error("invalid time: a digit must follow the decimal point of the seconds")
            }
            var digits = 0
            while let byte = peek(), Self.isDigit(byte) {
                if digits < 9 {
                    nanosecond = nanosecond * 10 + Int(byte - UInt8(ascii: "0"))
                }
                digits += 1
                advance()
            }
            for _ in digits..<max(digits, 9) {
                nanosecond *= 10
            }
        }
        let time = TOMLTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
        guard hour <= 23 else { throw error("invalid time '\(time)': the hour must be 00 to 23", at: start) }
        guard minute <= 59 else { throw error("invalid time '\(time)': the minute must be 00 to 59", at: start) }
        guard second <= 60 else { throw error("invalid time '\(time)': the second must be 00 to 60", at: start) }
        return time
    }

    /// `Z` or `±HH:MM` after a date-time, as minutes east of UTC; `nil` when there is none.
    private mutating func scanOffset() throws(TOMLError) -> Int? {
        guard let byte = peek() else { return nil }
        if byte == UInt8(ascii: "Z") || byte == UInt8(ascii: "z") {
            advance()
            return 0
        }
        guard byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") else { return nil }
        let start = offset
        advance()
        let hours = try fixedDigits(2, "offset hour", format: "±HH:MM")
        try expect(UInt8(ascii: ":"), "in the offset", format: "±HH:MM")
        let minutes = try fixedDigits(2, "offset minute", format: "±HH:MM")
        guard hours <= 23 && minutes <= 59 else {
            throw error("invalid offset: hours must be 00 to 23 and minutes 00 to 59", at: start)
        }
        let total = hours * 60 + minutes
        return byte == UInt8(ascii: "-") ? -total : total
    }

    /// Reads exactly `count` ASCII digits as a number.
    private mutating func fixedDigits(_ count: Int, _ field: String, format: String) throws(TOMLError) -> Int {
        var value = 0
        for index in 0..<count {
            guard let byte = peek(index), Self.isDigit(byte) else {
                throw error(
                    "invalid date-time: expected \(count) digits for the \(field) (format \(format))",
                    at: offset + index)
            }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        advance(count)
        return value
    }

    private mutating func expect(_ separator: UInt8, _ place: String, format: String) throws(TOMLError) {
        guard peek() == separator else {
            let shown = String(decoding: [separator], as: UTF8.self)
            throw error(
                "invalid date-time: expected '\(shown)' \(place), found \(describe(at: offset)) "
                    + "(format \(format))")
        }
        advance()
    }
}
