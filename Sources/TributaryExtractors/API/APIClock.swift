import Foundation

/// The time source and the sleeper of an `APIClient`, injectable so that retry and rate-limit tests run in
/// microseconds and assert exact waits.
///
/// Two clocks, because they answer different questions: the rate limiter measures intervals and must not jump
/// when the wall clock is set (NTP, a laptop waking up), while `Retry-After: <HTTP-date>` and PennyLane's
/// `ratelimit-reset: <epoch seconds>` name instants on the wall clock.
///
///     let client = APIClient(transport: URLSessionTransport(), credential: key, clock: SystemAPIClock())
public protocol APIClock: Sendable {
    /// Seconds on a monotonic scale with an arbitrary origin.
    func monotonicSeconds() -> Double
    /// The wall-clock time.
    func now() -> Date
    /// Sleeps `seconds` (nothing for 0 or less); throws `CancellationError` when the task is cancelled.
    func sleep(seconds: Double) async throws
}

/// The real clocks: `ContinuousClock` for intervals, `Date()` for instants, `Task.sleep` for waits.
public struct SystemAPIClock: APIClock {
    private let origin = ContinuousClock.now

    public init() {}

    public func monotonicSeconds() -> Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    public func now() -> Date { Date() }

    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(for: .seconds(seconds))
    }
}
