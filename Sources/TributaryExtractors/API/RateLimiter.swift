/// A token bucket that keeps a client under an API's published request rate: a value type fed the time, so
/// that its arithmetic is tested without a clock.
///
/// Each request takes one token; tokens come back at `refillPerSecond` up to `capacity`. `reserve` takes the
/// token even when none is there yet and returns how long to wait for it, so that callers queue in order.
///
/// `init(requests:per:)` turns a published limit ("25 requests per 5 seconds", PennyLane v2) into a bucket that
/// never puts more than that many requests in any window of that length, however the server aligns its window:
/// with a burst of B the bucket may spend B at once and then refills at (N − B + 1) / W, so a window of W holds
/// at most B + (N − B) = N. The default burst of 1 spaces requests evenly at exactly N / W, the full published
/// rate without ever bunching; a larger burst buys a quick start at a lower sustained rate.
///
///     var limiter = RateLimiter.pennyLaneV2
///     let wait = limiter.reserve(at: clock.monotonicSeconds())
///     try await clock.sleep(seconds: wait)
public struct RateLimiter: Sendable, Equatable {
    public let capacity: Double
    public let refillPerSecond: Double
    /// Tokens left after the last update; negative while reservations wait for tokens still to come.
    public private(set) var tokens: Double
    private var updatedAt: Double?

    /// A bucket that starts full. `capacity` ≥ 1 and `refillPerSecond` > 0 (programmer errors otherwise).
    public init(capacity: Double, refillPerSecond: Double) {
        precondition(capacity >= 1 && refillPerSecond > 0, "a rate limiter needs capacity ≥ 1 and a positive rate")
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
        tokens = capacity
    }

    /// At most `requests` in any window of `seconds`, with up to `burst` of them at once.
    public init(requests: Int, per seconds: Double, burst: Int = 1) {
        precondition(requests >= 1 && seconds > 0 && (1...requests).contains(burst), "an impossible rate limit")
        self.init(capacity: Double(burst), refillPerSecond: Double(requests - burst + 1) / seconds)
    }

    /// PennyLane v2: 25 requests per 5 seconds per token (pennylane-drive.md A.3).
    public static let pennyLaneV2 = RateLimiter(requests: 25, per: 5)
    /// PennyLane v1: 4 requests per second on all endpoints (A.2).
    public static let pennyLaneV1 = RateLimiter(requests: 4, per: 1)
    /// PennyLane v1 `/customer_invoices`: 2 requests per second (A.2).
    public static let pennyLaneV1CustomerInvoices = RateLimiter(requests: 2, per: 1)

    /// Takes a token at `now` (monotonic seconds) and returns the seconds to wait before sending (0 if one was
    /// there).
    public mutating func reserve(at now: Double) -> Double {
        refill(at: now)
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / refillPerSecond
    }

    /// Makes the next reservation wait at least `seconds` from `now`: for a server that says its budget is spent
    /// (PennyLane's `ratelimit-remaining: 0` until `ratelimit-reset`).
    public mutating func drain(for seconds: Double, at now: Double) {
        refill(at: now)
        tokens = min(tokens, 1 - max(0, seconds) * refillPerSecond)
    }

    private mutating func refill(at now: Double) {
        if let updatedAt, now > updatedAt {
            tokens = min(capacity, tokens + (now - updatedAt) * refillPerSecond)
        }
        if updatedAt.map({ now > $0 }) ?? true { updatedAt = now }
    }
}
