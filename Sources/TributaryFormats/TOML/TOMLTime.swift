/// A time of day as written in TOML (`07:32:00.999`), kept field by field.
///
/// Fractional seconds are stored as nanoseconds so that the usual precisions (milli-, micro-,
/// nanoseconds) survive exactly; digits beyond the ninth are truncated, as the spec permits.
public struct TOMLTime: Sendable, Hashable, CustomStringConvertible {
    /// Hour, 0...23.
    public var hour: Int
    /// Minute, 0...59.
    public var minute: Int
    /// Second, 0...60 (60 only for a leap second, which RFC 3339 allows).
    public var second: Int
    /// Fraction of the second in nanoseconds, 0...999_999_999.
    public var nanosecond: Int

    public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    /// RFC 3339 `partial-time` form, `HH:MM:SS` plus the shortest exact fraction when non-zero.
    public var description: String {
        var text = "\(TOMLDate.pad(hour, 2)):\(TOMLDate.pad(minute, 2)):\(TOMLDate.pad(second, 2))"
        if nanosecond > 0 {
            var fraction = TOMLDate.pad(nanosecond, 9)
            while fraction.hasSuffix("0") {
                fraction.removeLast()
            }
            text += "." + fraction
        }
        return text
    }

    /// Whether every field is within its range.
    public var isValid: Bool {
        (0...23).contains(hour) && (0...59).contains(minute) && (0...60).contains(second)
            && (0...999_999_999).contains(nanosecond)
    }
}
