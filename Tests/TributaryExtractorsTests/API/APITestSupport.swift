import Foundation
import TributaryCore
import TributaryExtractors
import TributaryFormats
import TributaryTestSupport

/// A clock that never sleeps: `sleep` advances both clocks and records the wait, so retry and rate-limit tests
/// assert exact delays in microseconds.
final class TestClock: APIClock, @unchecked Sendable {
    private let lock = NSLock()
    private var monotonic: Double = 1000
    private var wall = Date(timeIntervalSince1970: 1_790_000_000)
    private var waits: [Double] = []

    func monotonicSeconds() -> Double { lock.withLock { monotonic } }
    func now() -> Date { lock.withLock { wall } }

    func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        lock.withLock {
            waits.append(seconds)
            if seconds > 0 {
                monotonic += seconds
                wall = wall.addingTimeInterval(seconds)
            }
        }
    }

    /// The non-zero waits asked for so far.
    var sleeps: [Double] { lock.withLock { waits.filter { $0 > 0 } } }
}

/// A retry policy with exact (jitter-free) delays, small enough not to matter if a test does sleep.
func exactRetry(maxRetries: Int = 3, base: Double = 0.01, cap: Double = 0.05) -> APIRetryPolicy {
    APIRetryPolicy(maxRetries: maxRetries, baseDelaySecs: base, maxDelaySecs: cap, maxRetryAfterSecs: 5) { $0 }
}

func makeClient(
    credential: APICredential? = bearer(), retry: APIRetryPolicy = exactRetry(),
    rateLimit: RateLimiter? = nil, maxPages: Int = 100, clock: any APIClock = TestClock(),
    headers: [(name: String, value: String)] = []
) -> APIClient {
    APIClient(
        transport: URLSessionTransport(), credential: credential,
        configuration: .init(retry: retry, rateLimit: rateLimit, timeoutSecs: 10, maxPages: maxPages, headers: headers),
        clock: clock)
}

/// Reads a pager to its end, or to its error.
func drain<P: Paginator>(_ pager: inout APIPager<P>) async -> (pages: [APIPage], error: (any Error)?) {
    var pages: [APIPage] = []
    do {
        while let page = try await pager.nextPage() { pages.append(page) }
        return (pages, nil)
    } catch {
        return (pages, error)
    }
}
