/// What an expected value was computed from, for explanations ("median of the last 4 Tuesdays").
public enum BaselineBasis: Sendable, Hashable {
    /// The median of the same slot in the last `peers` seasons of `season` periods (same weekday, same hour).
    case seasonal(peers: Int, season: Int)
    /// The median of the last `points` periods.
    case trailing(points: Int)
    /// Nothing to compare with (a new dimension, a budget).
    case none
}
