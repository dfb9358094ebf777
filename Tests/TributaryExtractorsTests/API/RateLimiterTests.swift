import Testing
import TributaryExtractors

struct RateLimiterTests {
    /// Sends `count` requests as fast as the limiter allows, starting at `start`; returns the send times.
    func schedule(_ limiter: inout RateLimiter, count: Int, start: Double = 100) -> [Double] {
        var now = start
        var times: [Double] = []
        for _ in 0..<count {
            now += limiter.reserve(at: now)
            times.append(now)
        }
        return times
    }

    /// The most sends in any half-open window `[t, t + width)`.
    func busiestWindow(_ times: [Double], width: Double) -> Int {
        times.map { t in times.filter { $0 >= t - 1e-9 && $0 < t + width - 1e-9 }.count }.max() ?? 0
    }

    @Test func pennyLaneV2SpacesRequestsAtTheFullPublishedRate() {
        var limiter = RateLimiter.pennyLaneV2
        let times = schedule(&limiter, count: 60)
        #expect(times[0] == 100)
        #expect(abs(times[1] - 100.2) < 1e-9)
        #expect(abs(times[59] - (100 + 59 * 0.2)) < 1e-9)
        #expect(busiestWindow(times, width: 5) == 25)
    }

    @Test(arguments: [1, 5, 10, 25])
    func aBurstNeverPutsMoreThanTheLimitInAnyWindow(_ burst: Int) {
        var limiter = RateLimiter(requests: 25, per: 5, burst: burst)
        let times = schedule(&limiter, count: 120)
        #expect(times.prefix(burst).allSatisfy { $0 == 100 })
        #expect(busiestWindow(times, width: 5) == 25)
    }

    @Test func tokensComeBackWithIdleTimeButNotBeyondCapacity() {
        var limiter = RateLimiter(capacity: 3, refillPerSecond: 1)
        #expect([limiter.reserve(at: 0), limiter.reserve(at: 0), limiter.reserve(at: 0)] == [0, 0, 0])
        #expect(limiter.reserve(at: 0) == 1)
        // An hour idle refills three tokens, not 3600.
        #expect([limiter.reserve(at: 3600), limiter.reserve(at: 3600), limiter.reserve(at: 3600)] == [0, 0, 0])
        #expect(limiter.reserve(at: 3600) == 1)
        #expect(limiter.reserve(at: 3600) == 2)
    }

    @Test func reservationsQueueInOrder() {
        var limiter = RateLimiter(requests: 2, per: 1)
        #expect(limiter.reserve(at: 10) == 0)
        #expect(limiter.reserve(at: 10) == 0.5)
        #expect(limiter.reserve(at: 10) == 1)
        #expect(limiter.reserve(at: 10.75) == 0.75)
    }

    @Test func aClockThatGoesBackDoesNotMintTokens() {
        var limiter = RateLimiter(capacity: 1, refillPerSecond: 1)
        #expect(limiter.reserve(at: 50) == 0)
        #expect(limiter.reserve(at: 40) == 1)
    }

    @Test func drainHoldsTheNextRequestUntilTheServerResets() {
        var limiter = RateLimiter.pennyLaneV2
        #expect(limiter.reserve(at: 0) == 0)
        limiter.drain(for: 3, at: 0)
        #expect(abs(limiter.reserve(at: 0) - 3) < 1e-9)
        #expect(abs(limiter.reserve(at: 0) - 3.2) < 1e-9)
        var fresh = RateLimiter.pennyLaneV2
        fresh.drain(for: 0, at: 0)
        #expect(fresh.reserve(at: 0) == 0)
    }
}
