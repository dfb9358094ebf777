import TributaryCore

/// The events of one changelog read, reduced to the latest per resource (several per id are normal, notes
/// A.3), in the order their latest events were processed, with the latest processing time seen.
public struct PennyLaneChangelog: Sendable {
    /// How long PennyLane keeps changelog events: a `start_date` older than this is refused (422).
    public static let retentionSeconds: Int64 = 28 * 86400

    private var latest: [String: PennyLaneChange] = [:]
    public private(set) var maxProcessedAt: ExactTimestamp?

    public init() {}

    public mutating func add(_ change: PennyLaneChange) {
        if let seen = latest[change.id], seen.processedAt > change.processedAt { return }
        latest[change.id] = change
        if maxProcessedAt.map({ change.processedAt > $0 }) ?? true { maxProcessedAt = change.processedAt }
    }

    /// The latest event of each resource, oldest first (ties by id, so the order is reproducible).
    public var changes: [PennyLaneChange] {
        latest.values.sorted { ($0.processedAt, $0.id) < ($1.processedAt, $1.id) }
    }

    /// A tombstone's version: the second after the deletion was processed, so that it is later than any
    /// `updated_at` of the resource before it was deleted, even one in the same second.
    public static func tombstoneVersion(_ change: PennyLaneChange) -> Int64 { change.processedAt.seconds + 1 }
}
