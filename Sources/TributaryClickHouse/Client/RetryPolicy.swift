/// When to try a failed request again, and after how long: a value-type state machine; the caller does the I/O.
///
/// Backoff is capped exponential with full jitter (a uniform delay between 0 and the cap), so that loaders
/// that failed together do not come back together. Congestion ("too many parts", "too many simultaneous
/// queries") waits longer, because the server needs time to merge. Deterministic failures halt at once: a
/// retry would fail the same way, and retrying forever is how other sinks got stuck (lesson L8).
///
///     var policy = RetryPolicy(maxRetries: 5)
///     while true {
///         do { return try await send() } catch let e as ClickHouseError {
///             guard case .retry(let delay) = policy.onFailure(e) else { throw e }
///             try await Task.sleep(for: .seconds(delay))
///         }
///     }
public struct RetryPolicy: Sendable {
    public enum Action: Sendable, Equatable {
        case retry(after: Double)
        case halt
    }

    /// Retries after the first attempt; 0 means one attempt only.
    public var maxRetries: Int
    public var baseDelaySecs: Double
    public var maxDelaySecs: Double
    /// The first delay for congestion; it doubles like the others, up to `maxCongestionDelaySecs`.
    public var congestionBaseDelaySecs: Double
    public var maxCongestionDelaySecs: Double
    /// Returns a uniform value in `0...upper`; injectable so that tests see exact delays.
    public var random: @Sendable (Double) -> Double
    /// Failures seen so far.
    public private(set) var failures = 0

    public init(
        maxRetries: Int = 5, baseDelaySecs: Double = 0.5, maxDelaySecs: Double = 30,
        congestionBaseDelaySecs: Double = 5, maxCongestionDelaySecs: Double = 120,
        random: @escaping @Sendable (Double) -> Double = { Double.random(in: 0...max(0, $0)) }
    ) {
        self.maxRetries = maxRetries
        self.baseDelaySecs = baseDelaySecs
        self.maxDelaySecs = maxDelaySecs
        self.congestionBaseDelaySecs = congestionBaseDelaySecs
        self.maxCongestionDelaySecs = maxCongestionDelaySecs
        self.random = random
    }

    /// Records a failure and says what to do next.
    public mutating func onFailure(_ error: ClickHouseError) -> Action {
        failures += 1
        let base: Double
        let cap: Double
        switch error.failureClass {
        case .permanent: return .halt
        case .transient:
            base = baseDelaySecs
            cap = maxDelaySecs
        case .congestion:
            base = congestionBaseDelaySecs
            cap = maxCongestionDelaySecs
        }
        guard failures <= maxRetries else { return .halt }
        let ceiling = min(cap, base * Double(1 << min(failures - 1, 30)))
        return .retry(after: min(ceiling, max(0, random(ceiling))))
    }

    /// Records a success: the next failure starts the backoff over.
    public mutating func onSuccess() { failures = 0 }
}
