/// A date with a time of day, either tied to a UTC offset (TOML "offset date-time") or not
/// (TOML "local date-time").
///
/// The fields are kept exactly as written rather than converted to an instant, because a local
/// date-time has no instant and because an offset is information a pipeline may want to keep.
public struct TOMLDateTime: Sendable, Hashable, CustomStringConvertible {
    public var date: TOMLDate
    public var time: TOMLTime
    /// Offset from UTC in minutes (`Z` is 0, `-07:00` is -420); `nil` for a local date-time.
    public var offsetMinutes: Int?

    public init(date: TOMLDate, time: TOMLTime, offsetMinutes: Int? = nil) {
        self.date = date
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    public var year: Int { date.year }
    public var month: Int { date.month }
    public var day: Int { date.day }
    public var hour: Int { time.hour }
    public var minute: Int { time.minute }
    public var second: Int { time.second }
    public var nanosecond: Int { time.nanosecond }

    /// Whether this is an offset date-time, i.e. names a single instant.
    public var hasOffset: Bool { offsetMinutes != nil }

    /// RFC 3339 form with a `T` separator; a zero offset is written `Z`.
    public var description: String {
        var text = "\(date)T\(time)"
        if let offset = offsetMinutes {
            if offset == 0 {
                text += "Z"
            } else {
                let magnitude = abs(offset)
                let sign = offset < 0 ? "-" : "+"
                text += sign + TOMLDate.pad(magnitude / 60, 2) + ":" + TOMLDate.pad(magnitude % 60, 2)
            }
        }
        return text
    }
}
