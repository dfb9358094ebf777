import TributaryCore

/// The instants a ClickHouse `DateTime` holds on every server from 18.16 on, which silently stores another value
/// for one outside them: a Drive time before 1970 is refused with its field instead.
enum DriveTime {
    static let range: ClosedRange<Int64> = 0...4_291_747_199

    static func check(_ seconds: Int64?, field: String) throws(ModelRowError) {
        guard let seconds, !range.contains(seconds) else { return }
        throw ModelRowError(
            field: field,
            reason: "\(CivilTime.formatDateTime(epochSeconds: seconds)) is outside the range a DateTime holds "
                + "(1970 to 2105)")
    }
}

extension ColumnBuilder {
    /// Appends epoch seconds or NULL.
    mutating func append(time seconds: Int64?) {
        if let seconds { appendDateTime(seconds) } else { appendNull() }
    }

    /// Appends a flag or NULL.
    mutating func append(flag: Bool?) {
        if let flag { appendBool(flag) } else { appendNull() }
    }
}
