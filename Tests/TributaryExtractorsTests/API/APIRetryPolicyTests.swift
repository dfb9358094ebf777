import Foundation
import Testing
import TributaryCore
import TributaryExtractors

struct APIRetryPolicyTests {
    static let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT

    func policy(maxRetries: Int = 5, cap: Double = 120) -> APIRetryPolicy {
        APIRetryPolicy(maxRetries: maxRetries, baseDelaySecs: 1, maxDelaySecs: 8, maxRetryAfterSecs: cap) { $0 }
    }

    @Test func successDelivers() {
        var p = policy()
        #expect(p.onResponse(status: 200, headers: [:]) == .deliver)
        #expect(p.onResponse(status: 204, headers: [:]) == .deliver)
    }

    struct WaitCase: Sendable, CustomTestStringConvertible {
        var status = 429
        var headers: [String: String]
        var body = ""
        var expected: APIRetryPolicy.Action
        var testDescription: String { "\(status) \(headers) \(body) → \(expected)" }
    }

    static let waitCases: [WaitCase] = [
        WaitCase(headers: ["Retry-After": "1"], expected: .retry(after: 1)),
        WaitCase(headers: ["retry-after": " 30 "], expected: .retry(after: 30)),
        WaitCase(headers: ["Retry-After": "Sun, 06 Nov 1994 08:50:07 GMT"], expected: .retry(after: 30)),
        WaitCase(headers: ["Retry-After": "Sunday, 06-Nov-94 08:49:47 GMT"], expected: .retry(after: 10)),
        WaitCase(headers: ["Retry-After": "Sun Nov  6 08:49:42 1994"], expected: .retry(after: 5)),
        // A date in the past means: now.
        WaitCase(headers: ["Retry-After": "Sun, 06 Nov 1994 08:00:00 GMT"], expected: .retry(after: 0)),
        // PennyLane v2 documents ratelimit-reset as epoch seconds.
        WaitCase(headers: ["ratelimit-reset": "784111780", "ratelimit-remaining": "0"], expected: .retry(after: 3)),
        // Retry-After wins over the reset.
        WaitCase(headers: ["Retry-After": "2", "ratelimit-reset": "784111800"], expected: .retry(after: 2)),
        // PennyLane v1's plain-text 429 has no header, only the sentence.
        WaitCase(headers: [:], body: "You made too many requests. Retry in 60s !", expected: .retry(after: 60)),
        WaitCase(headers: [:], body: "Rate limit exceeded. Please retry in 4 seconds.", expected: .retry(after: 4)),
        // No wait named at all: back off as for a 5xx (first ceiling: the base delay).
        WaitCase(headers: [:], expected: .retry(after: 1)),
        WaitCase(headers: ["Retry-After": "soon"], expected: .retry(after: 1)),
        // Longer than the cap: temporary failure at once, not an hour asleep.
        WaitCase(headers: ["Retry-After": "3600"], expected: .fail(.waitTooLong(seconds: 3600))),
        // A 503 may say when to come back too.
        WaitCase(status: 503, headers: ["Retry-After": "7"], expected: .retry(after: 7)),
        // On a 5xx the reset header says when the window turns, not when to retry.
        WaitCase(status: 503, headers: ["ratelimit-reset": "784111800"], expected: .retry(after: 1)),
    ]

    @Test(arguments: waitCases) func waitsAsTheServerSays(_ c: WaitCase) {
        var p = policy()
        #expect(
            p.onResponse(status: c.status, headers: c.headers, body: Data(c.body.utf8), now: Self.now) == c.expected)
    }

    @Test func serverErrorsBackOffExponentiallyUpToTheCapThenGiveUpTemporarily() {
        var p = policy(maxRetries: 6)
        let actions = (0..<7).map { _ in p.onResponse(status: 500, headers: [:]) }
        #expect(
            actions == [
                .retry(after: 1), .retry(after: 2), .retry(after: 4), .retry(after: 8), .retry(after: 8),
                .retry(after: 8), .fail(.exhausted(attempts: 7)),
            ])
    }

    @Test func jitterIsFullAndWithinTheCeiling() {
        var fixed = APIRetryPolicy(maxRetries: 3, baseDelaySecs: 2, maxDelaySecs: 30) { $0 / 4 }
        #expect(fixed.onResponse(status: 502, headers: [:]) == .retry(after: 0.5))
        #expect(fixed.onResponse(status: 502, headers: [:]) == .retry(after: 1))
        var real = APIRetryPolicy(maxRetries: 100, baseDelaySecs: 1, maxDelaySecs: 4)
        for _ in 0..<100 {
            guard case .retry(let d) = real.onResponse(status: 503, headers: [:]) else {
                Issue.record("gave up early")
                return
            }
            #expect(d >= 0 && d <= 4)
        }
    }

    @Test func rateLimitWaitsCountAgainstTheRetries() {
        var p = policy(maxRetries: 2)
        #expect(p.onResponse(status: 429, headers: ["Retry-After": "1"]) == .retry(after: 1))
        #expect(p.onResponse(status: 429, headers: ["Retry-After": "1"]) == .retry(after: 1))
        #expect(p.onResponse(status: 429, headers: ["Retry-After": "1"]) == .fail(.exhausted(attempts: 3)))
    }

    @Test func transportFailuresThatWaitingFixesBackOff() {
        var p = policy(maxRetries: 3)
        #expect(p.onTransportError(.cannotConnect(detail: "refused")) == .retry(after: 1))
        #expect(p.onTransportError(.connectionLost(detail: "reset")) == .retry(after: 2))
        #expect(p.onTransportError(.timedOut(seconds: 60)) == .retry(after: 4))
        #expect(p.onTransportError(.timedOut(seconds: 60)) == .fail(.exhausted(attempts: 4)))
        var q = policy()
        #expect(q.onTransportError(.other(detail: "TLS handshake failed")) == .fail(.transportFailed))
    }

    @Test func authenticationFailuresFailAtOnce() {
        var p = policy()
        #expect(p.onResponse(status: 401, headers: ["Retry-After": "1"]) == .fail(.unauthorized))
        #expect(p.onResponse(status: 403, headers: [:]) == .fail(.unauthorized))
        let permission = #"{"error":{"code":403,"message":"no","errors":[{"reason":"insufficientFilePermissions"}]}}"#
        #expect(p.onResponse(status: 403, headers: [:], body: Data(permission.utf8)) == .fail(.unauthorized))
        #expect(p.retries == 0)
    }

    /// Google answers quota exhaustion with 403 as well as 429 (pennylane-drive.md B.8); the reason tells.
    @Test func googleRateLimit403BacksOff() {
        var p = policy()
        let body =
            #"{"error":{"code":403,"message":"Rate Limit Exceeded","#
            + #""errors":[{"domain":"usageLimits","reason":"userRateLimitExceeded"}]}}"#
        #expect(p.onResponse(status: 403, headers: [:], body: Data(body.utf8)) == .retry(after: 1))
    }

    @Test(arguments: [400, 404, 409, 410, 422, 301, 100])
    func otherStatusesAreRejectedAtOnce(_ status: Int) {
        var p = policy()
        #expect(p.onResponse(status: status, headers: ["Retry-After": "1"]) == .fail(.rejected))
    }

    @Test func requestTimeoutIsRetried() {
        var p = policy()
        #expect(p.onResponse(status: 408, headers: [:]) == .retry(after: 1))
    }

    @Test func zeroRetriesMeansOneAttempt() {
        var p = policy(maxRetries: 0)
        #expect(p.onResponse(status: 500, headers: [:]) == .fail(.exhausted(attempts: 1)))
    }
}

struct HTTPDateTests {
    @Test(arguments: [
        "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
    ])
    func parsesTheThreeForms(_ text: String) {
        #expect(HTTPDate.parse(text) == Date(timeIntervalSince1970: 784_111_777))
    }

    @Test(arguments: ["", "tomorrow", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "120"])
    func refusesOtherText(_ text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }
}
