/// A calendar date as written in TOML (`1979-05-27`), kept field by field.
///
/// TOML dates carry no time zone, so converting them to an instant would invent information;
/// keeping the fields lets downstream code decide how to interpret them.
public struct TOMLDate: Sendable, Hashable, CustomStringConvertible {
    /// Four-digit year, 0...9999.
    public var year: Int
    /// Month, 1...12.
    public var month: Int
    /// Day of the month, 1...28/29/30/31 depending on month and year.
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// RFC 3339 `full-date` form, `YYYY-MM-DD`.
    public var description: String {
        "\(TOMLDate.pad(year, 4))-\(TOMLDate.pad(month, 2))-\(TOMLDate.pad(day, 2))"
    }

    /// Whether the fields name a real day of the proleptic Gregorian calendar.
    public var isValid: Bool {
        (0...9999).contains(year) && (1...12).contains(month)
            && day >= 1 && day <= TOMLDate.daysInMonth(month, year: year)
    }

    /// Days in `month` of `year`, following the Gregorian leap-year rule (divisible by 4, except
    /// centuries not divisible by 400), which RFC 3339 and therefore TOML use.
    public static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return isLeap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    /// Zero-pads a non-negative number to `width` digits; shared by the date and time types.
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
