import Foundation
import Testing

@testable import TributaryClickHouse

struct RetryPolicyTests {
    static let refused = ClickHouseError.transport(.cannotConnect(detail: "refused"), endpoint: "http://127.0.0.1:1")
    static func server(_ code: Int, _ message: String = "x") -> ClickHouseError {
        .server(ClickHouseException(code: code, message: message))
    }

    @Test func backoffDoublesUpToTheCapThenHalts() {
        var p = RetryPolicy(maxRetries: 7, baseDelaySecs: 0.5, maxDelaySecs: 10, random: { $0 })
        let actions = (0..<8).map { _ in p.onFailure(Self.refused) }
        #expect(
            actions == [
                .retry(after: 0.5), .retry(after: 1), .retry(after: 2), .retry(after: 4), .retry(after: 8),
                .retry(after: 10), .retry(after: 10), .halt,
            ])
        #expect(p.failures == 8)
    }

    @Test func jitterIsFullAndInjectable() {
        var p = RetryPolicy(maxRetries: 3, baseDelaySecs: 1, random: { $0 / 4 })
        #expect(p.onFailure(Self.refused) == .retry(after: 0.25))
        #expect(p.onFailure(Self.refused) == .retry(after: 0.5))
        var real = RetryPolicy(maxRetries: 100, baseDelaySecs: 1, maxDelaySecs: 8)
        for _ in 0..<100 {
            guard case .retry(let d) = real.onFailure(Self.refused) else { Issue.record("halted"); return }
            #expect(d >= 0 && d <= 8)
        }
    }

    @Test func zeroRetriesMeansOneAttempt() {
        var p = RetryPolicy(maxRetries: 0)
        #expect(p.onFailure(Self.refused) == .halt)
    }

    @Test func deterministicErrorsHaltAtOnce() {
        var p = RetryPolicy(maxRetries: 5, random: { $0 })
        #expect(p.onFailure(Self.server(60)) == .halt)
    }

    @Test func congestionWaitsLonger() {
        var p = RetryPolicy(maxRetries: 5, congestionBaseDelaySecs: 5, maxCongestionDelaySecs: 12, random: { $0 })
        let parts = Self.server(252, "Too many parts (300). Merges are processing significantly slower than inserts.")
        #expect(p.onFailure(parts) == .retry(after: 5))
        #expect(p.onFailure(parts) == .retry(after: 10))
        #expect(p.onFailure(Self.server(202)) == .retry(after: 12))
    }

    @Test func successStartsTheBackoffOver() {
        var p = RetryPolicy(maxRetries: 5, baseDelaySecs: 1, random: { $0 })
        _ = p.onFailure(Self.refused)
        _ = p.onFailure(Self.refused)
        p.onSuccess()
        #expect(p.onFailure(Self.refused) == .retry(after: 1))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var error: ClickHouseError
        var expected: FailureClass
        var testDescription: String { "\(error) → \(expected)" }
    }

    static let cases: [Case] =
        [
            Case(error: refused, expected: .transient),
            Case(error: .transport(.connectionLost(detail: "reset"), endpoint: "e"), expected: .transient),
            Case(error: .transport(.timedOut(seconds: 300), endpoint: "e"), expected: .transient),
            Case(error: .httpStatus(503, body: ""), expected: .transient),
            Case(error: .httpStatus(502, body: ""), expected: .transient),
            Case(error: .httpStatus(404, body: ""), expected: .permanent),
            Case(error: .httpStatus(403, body: ""), expected: .permanent),
        ] + [159, 209, 210, 241, 242, 999].map { Case(error: server($0), expected: .transient) }
        + [202].map { Case(error: server($0), expected: .congestion) }
        + [27, 26, 38, 41, 6, 53, 117, 16, 60, 81, 115, 62, 46, 1234].map {
            Case(error: server($0), expected: .permanent)
        }
        + [
            Case(error: server(252, "Too many parts (300)"), expected: .congestion),
            Case(
                error: server(252, "Too many partitions for single INSERT block (more than 100)"),
                expected: .permanent),
            Case(error: .authentication(user: "u", code: 193, message: "m"), expected: .permanent),
            Case(error: .authentication(user: "u", code: nil, message: "m"), expected: .permanent),
            Case(
                error: .typeConflict(column: "c", table: "t", existing: "String", written: "Int64"),
                expected: .permanent),
        ]

    @Test(arguments: cases)
    func classification(_ c: Case) {
        #expect(c.error.failureClass == c.expected)
    }

    @Test func tooManyPartitionsGivesAdvice() {
        let e = Self.server(252, "Too many partitions for single INSERT block (more than 100).")
        #expect(e.description.contains("choose a coarser partition_by"))
    }

    @Test func exitCodePropertiesLookThroughInsertFailures() {
        let wrapped = ClickHouseError.insertFailed(
            table: "db.t", rows: 3, sources: [], attempts: 6, culprit: nil, cause: Self.refused)
        #expect(wrapped.isUnreachable)
        #expect(!wrapped.isAuthentication)
        #expect(wrapped.failureClass == .transient)
        let auth = ClickHouseError.insertFailed(
            table: "db.t", rows: 3, sources: [], attempts: 1, culprit: nil, cause: Self.server(194))
        #expect(auth.isAuthentication)
        #expect(!auth.isUnreachable)
        #expect(auth.serverCode == 194)
        #expect(!Self.server(60).isUnreachable)
        #expect(ClickHouseError.httpStatus(503, body: "").isUnreachable)
    }

    @Test func outcomeIsUnknownOnlyWhenTheBodyMayHaveArrived() {
        #expect(!Self.refused.outcomeIsUnknown)
        #expect(ClickHouseError.transport(.connectionLost(detail: ""), endpoint: "e").outcomeIsUnknown)
        #expect(ClickHouseError.transport(.timedOut(seconds: 1), endpoint: "e").outcomeIsUnknown)
        #expect(!Self.server(209).outcomeIsUnknown)
    }
}
