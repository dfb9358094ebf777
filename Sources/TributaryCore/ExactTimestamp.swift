
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An instant as whole seconds and nanoseconds since the Unix epoch, UTC: never a `Double`, never rounded.
///
/// State keeps watermarks and file modification times in this form because a checkpoint rounded up makes the
/// rows in the gap unrecoverable, and one rounded down re-reads them forever (lesson L16). In a state file it
/// is `{"seconds": 1719792000, "nanoseconds": 123456789}`.
public struct ExactTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let nanosecondsPerSecond: Int64 = 1_000_000_000

    public let seconds: Int64
    /// 0 ..< 1_000_000_000.
    public let nanoseconds: Int64

    /// `nanoseconds` must be in 0 ..< 1_000_000_000 (a programmer error otherwise; decoding checks first).
    public init(seconds: Int64, nanoseconds: Int64 = 0) {
        precondition((0..<Self.nanosecondsPerSecond).contains(nanoseconds), "nanoseconds out of range")
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The wall clock now, to the nanosecond the system offers.
    public static func now() -> ExactTimestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return ExactTimestamp(seconds: Int64(spec.tv_sec), nanoseconds: Int64(spec.tv_nsec))
    }

    /// This instant moved back by whole `seconds`; the nanoseconds are kept as they are.
    public func subtracting(seconds delta: Int64) -> ExactTimestamp {
        ExactTimestamp(seconds: seconds - delta, nanoseconds: nanoseconds)
    }

    public static func < (a: ExactTimestamp, b: ExactTimestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }

    /// `2024-07-01 00:00:00.123456789` (UTC), all nine digits.
    public var description: String {
        let digits = String(nanoseconds)
        return CivilTime.formatDateTime(epochSeconds: seconds) + "."
            + String(repeating: "0", count: 9 - digits.count) + digits
    }
}
