import TributaryCore

/// Why an event closed.
public enum CloseReason: String, Sendable, Hashable {
    /// Ordinary periods came back (`close_after` of them in a row).
    case recovered
    /// It lasted `adapt_after` periods and became the new normal: the baseline restarted at its onset.
    case adapted
    /// The deviation turned to the other side.
    case reversed
    /// Its period is over (a budget month ended, a new dimension was announced).
    case ended
}

/// One event as the engine found it, by point index; detectors turn it into an `AnomalyEvent`.
struct ScanEvent: Sendable, Equatable {
    /// The first unusual period (for shifts, the first of the sustained run).
    var onset: Int
    /// The first period that passed the gate: where the score first reaches 0.5.
    var start: Int
    /// The latest period that passed the gate.
    var lastSeen: Int
    var closed: CloseReason?
    /// +1 above expected, −1 below.
    var sign: Int
    /// Actual minus expected, summed over the judged periods from onset to last seen.
    var impact: ExactDecimal
    /// The latest alerting period's numbers.
    var actual: ExactDecimal
    var expected: ExactDecimal
    var band: ExactDecimal
    var basis: BaselineBasis
    var severity: Severity
    var score: Double
    /// Judged periods from onset to last seen.
    var periods: Int
}

/// What one scan returns: a score per input point, the expected value per point (nil where none was computed), and
/// the events.
struct ScanOutput: Sendable {
    var scores: [Double]
    var expected: [ExactDecimal?]
    var events: [ScanEvent]
}
