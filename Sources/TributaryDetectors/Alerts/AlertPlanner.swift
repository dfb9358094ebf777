/// Decides which findings to announce, given what earlier runs knew, without any I/O: "alert once when it opens,
/// once when it closes" as a pure function, so that it is tested without a sink.
///
/// | known before | found now | state | alert |
/// |---|---|---|---|
/// | nothing | ongoing | open | opened |
/// | nothing | already over | closed | opened (one alert; it says the event ended) |
/// | open or ongoing | ongoing | ongoing | none |
/// | open or ongoing | over | closed | closed |
/// | closed | anything | closed | none |
/// | acknowledged | anything | as above | none |
///
/// A known finding that is not found again (restated data, a lookback that moved past it) is listed in
/// `unmatched` and left as it is: whether to retract it is the caller's policy.
public enum AlertPlanner {
    /// The kind of announcement.
    public enum AlertKind: String, Sendable, Hashable {
        case opened
        case closed
    }

    public struct Alert: Sendable, Hashable {
        public var kind: AlertKind
        public var event: AnomalyEvent

        public init(kind: AlertKind, event: AnomalyEvent) {
            self.kind = kind
            self.event = event
        }
    }

    /// A finding with its state after this run: one row of the anomalies table.
    public struct Tracked: Sendable, Hashable {
        public var event: AnomalyEvent
        public var state: FindingState
        public var acknowledged: Bool
    }

    public struct Plan: Sendable, Hashable {
        public var alerts: [Alert]
        public var findings: [Tracked]
        public var unmatched: [FindingID]
    }

    public static func plan(events: [AnomalyEvent], known: [KnownFinding]) -> Plan {
        var byID: [FindingID: KnownFinding] = [:]
        for k in known { byID[k.id] = k }
        var plan = Plan(alerts: [], findings: [], unmatched: [])
        var seen = Set<FindingID>()
        for e in events {
            seen.insert(e.id)
            let before = byID[e.id]
            let acknowledged = before?.acknowledged ?? false
            let state: FindingState
            var alert: AlertKind?
            switch before?.state {
            case nil:
                state = e.isOngoing ? .open : .closed
                alert = .opened
            case .open?, .ongoing?:
                state = e.isOngoing ? .ongoing : .closed
                alert = e.isOngoing ? nil : .closed
            case .closed?:
                state = .closed
            }
            if let alert, !acknowledged { plan.alerts.append(Alert(kind: alert, event: e)) }
            plan.findings.append(Tracked(event: e, state: state, acknowledged: acknowledged))
        }
        plan.unmatched = known.map(\.id).filter { !seen.contains($0) }.sorted()
        return plan
    }
}
