/// Where a finding stands after a run, relative to what earlier runs knew: `open` (first found by this run),
/// `ongoing` (known and still going on), `closed` (over). What the anomalies table stores per finding id.
public enum FindingState: String, Sendable, Hashable, CaseIterable {
    case open
    case ongoing
    case closed
}

/// What earlier runs recorded about a finding: read back from the anomalies table by id.
public struct KnownFinding: Sendable, Hashable {
    public var id: FindingID
    public var state: FindingState
    /// A user acknowledged it: no more alerts, and its periods are kept out of baselines.
    public var acknowledged: Bool

    public init(id: FindingID, state: FindingState, acknowledged: Bool = false) {
        self.id = id
        self.state = state
        self.acknowledged = acknowledged
    }
}
