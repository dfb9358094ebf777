/// Which deviations alert: increases (`up`, the default for spend), decreases (`down`, for revenue and cache
/// shares) or both. Unusual periods in the other direction are still kept out of the baseline.
public enum Direction: String, Sendable, Hashable, CaseIterable {
    case up
    case down
    case both

    /// Whether a deviation whose sign is `sign` (+1 or −1) may alert.
    @inlinable
    public func allows(_ sign: Int) -> Bool {
        switch self {
        case .up: sign > 0
        case .down: sign < 0
        case .both: sign != 0
        }
    }
}
