import TributaryCore

/// One dimension value ranked as a cause of a finding: how much of the event's impact its own series carried, over
/// the same periods and against its own baseline ("model gpt-4.1 +$600.20, 88 % of the impact").
public struct Contributor: Sendable, Hashable {
    /// The dimension and value, such as `model = gpt-4.1` (one part), below the finding's own key.
    public var key: SeriesKey
    /// Summed over the event's periods.
    public var actual: ExactDecimal
    public var expected: ExactDecimal
    public var impact: ExactDecimal
    /// This impact over the finding's impact (may exceed 1, or be negative, when others moved the other way).
    public var share: Double

    public init(key: SeriesKey, actual: ExactDecimal, expected: ExactDecimal, impact: ExactDecimal, share: Double) {
        self.key = key
        self.actual = actual
        self.expected = expected
        self.impact = impact
        self.share = share
    }
}
