import TributaryCore

/// How loudly a finding should be announced. Every alert is at least `warning`; `high` and `critical` are reached
/// by larger deviations, set per detector with the same kind of gate as the alert itself.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    case warning
    case high
    case critical

    private var rank: Int {
        switch self {
        case .warning: 0
        case .high: 1
        case .critical: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// The thresholds for `high` and `critical` (keys `high_impact`, `high_percent`, `critical_impact`,
/// `critical_percent`, combined with the detector's `gate`). A level whose thresholds are both zero is never
/// reached.
public struct SeverityLevels: Sendable, Hashable {
    public var high: Thresholds
    public var critical: Thresholds

    /// By default a doubling is `high` and four times the expected value (+300 %) is `critical`.
    public init(
        high: Thresholds = Thresholds(minPercent: ExactDecimal(100)),
        critical: Thresholds = Thresholds(minPercent: ExactDecimal(300))
    ) {
        self.high = high
        self.critical = critical
    }

    /// The severity of a finding, with the arguments of `Thresholds.passes`.
    public func severity(impact: ExactDecimal, deviation: ExactDecimal? = nil, expected: ExactDecimal) -> Severity {
        if !critical.isOpen, critical.passes(impact: impact, deviation: deviation, expected: expected) {
            return .critical
        }
        if !high.isOpen, high.passes(impact: impact, deviation: deviation, expected: expected) { return .high }
        return .warning
    }
}
