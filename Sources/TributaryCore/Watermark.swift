/// The latest event time a paginated API source has committed, with the look-back that re-reads late data.
///
/// The next run asks for events at or after `resumeFrom` (an inclusive lower bound), which is `maxSeen` moved
/// back by `lookbackSeconds`; the rows read twice are replaced by the idempotent load (lessons L16, L17).
/// `maxSeen` is the exact maximum seen, to the nanosecond, never rounded.
public struct Watermark: Sendable, Hashable {
    public var maxSeen: ExactTimestamp
    /// Whole seconds, ≥ 0.
    public var lookbackSeconds: Int64

    public init(maxSeen: ExactTimestamp, lookbackSeconds: Int64) {
        precondition(lookbackSeconds >= 0, "look-back must not be negative")
        self.maxSeen = maxSeen
        self.lookbackSeconds = lookbackSeconds
    }

    /// The inclusive lower bound of the next extraction.
    public var resumeFrom: ExactTimestamp { maxSeen.subtracting(seconds: lookbackSeconds) }

    /// Moves the watermark to `seen` if it is later; a watermark never goes back, since late rows are covered
    /// by the look-back.
    public mutating func advance(to seen: ExactTimestamp) {
        if seen > maxSeen { maxSeen = seen }
    }
}
