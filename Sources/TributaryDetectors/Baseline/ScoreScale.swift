/// The one mapping from "how far past its threshold" to an anomaly score in [0, 1].
///
/// A detector measures each test as `measure / threshold` (robust deviations over the configured threshold, impact
/// over `min_impact`, …) and maps it through `map`, which is monotone, 0 at 0, exactly 0.5 at 1 and saturating
/// towards 1, so that 0.5 means "on the boundary of the shipped setting". Combining tests by their minimum (all
/// must pass) keeps that meaning; `calibrated` then makes the score agree with the exact decision on either side.
public enum ScoreScale {
    @inlinable
    public static func map(_ ratio: Double) -> Double {
        guard ratio > 0 else { return 0 }
        guard ratio.isFinite else { return 1 }
        let r2 = ratio * ratio
        return r2 / (1 + r2)
    }

    /// The largest score that still means "would not alert".
    public static let belowAlert = 0.5.nextDown

    /// `score` forced to the side of 0.5 that the exact decision `alerts` is on, since the decision is made on
    /// exact decimals and the score in floating point, which may disagree within a rounding error of the boundary.
    @inlinable
    public static func calibrated(_ score: Double, alerts: Bool) -> Double {
        let s = score.isNaN ? 0 : min(1, max(0, score))
        return alerts ? max(s, 0.5) : min(s, belowAlert)
    }
}
