/// Per-point marks that change how a detector treats a period, without changing its value.
public struct PointFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// No value was reported for this period (an empty cell): it is neither judged nor learned from.
    public static let missing = PointFlags(rawValue: 1)
    /// A user acknowledged a finding covering this period: it is still judged (so the finding keeps its id), but it
    /// never enters a baseline, so that an accepted spike does not raise what later periods are compared with.
    public static let acknowledged = PointFlags(rawValue: 2)
}
