/// How a finding's money and percent thresholds combine, as cost-anomaly services let users choose: `and` alerts
/// only when both are met (quiet: big *and* unusual), `or` when either is.
public enum Gate: String, Sendable, Hashable, CaseIterable {
    case and
    case or
}
