import Foundation
import TributaryCore

/// Whether to try an API request again, and after how long: a value-type state machine; the caller does the I/O.
///
/// One policy lives for one request (its retries), so a copy of the configured template starts each request.
/// The rules follow the vendors' notes (billing-exports.md §1–2, pennylane-drive.md A.3, B.8, C.17):
/// - 2xx delivers.
/// - 429 waits exactly as the server says: `Retry-After` (delta seconds or an HTTP-date), else PennyLane's
///   `ratelimit-reset` (epoch seconds), else the "retry in N s" that PennyLane writes in a plain-text body. A
///   wait longer than `maxRetryAfterSecs` fails at once as temporary: a cron run should exit 75 and come back,
///   not hold its lock for an hour. A 429 that names no wait backs off like a 5xx.
/// - 5xx, 408, Google's 403 `rateLimitExceeded`/`userRateLimitExceeded`, and transport failures that waiting can
///   fix (cannot connect, connection lost, timeout) back off: capped exponential with full jitter, so clients
///   that failed together do not come back together. A 503 with `Retry-After` waits as told.
/// - 401 and 403 fail at once: the credential is wrong, and retrying would only lock the account out sooner.
/// - Other statuses fail at once and leave the status to the caller (PennyLane's 422 "start_date too old"
///   means: run a full refresh).
///
///     var policy = configuration.retry
///     while true {
///         let response = try await transport.send(request)
///         switch policy.onResponse(response, now: clock.now()) {
///         case .deliver: return response
///         case .retry(let after): try await clock.sleep(seconds: after)
///         case .fail(let failure): throw makeError(failure, response)
///         }
///     }
public struct APIRetryPolicy: Sendable {
    public enum Action: Sendable, Equatable {
        /// A 2xx: the body is the answer.
        case deliver
        /// Send the same request again after this many seconds.
        case retry(after: Double)
        case fail(Failure)
    }

    public enum Failure: Sendable, Equatable {
        /// 401, or a 403 that is not a rate limit: the credential is missing, wrong, expired or lacks a scope.
        case unauthorized
        /// Any other status that is neither success nor worth retrying: the request itself is wrong.
        case rejected
        /// Still failing after `maxRetries` retries: temporary, the API may be back later.
        case exhausted(attempts: Int)
        /// The server asked for a wait longer than `maxRetryAfterSecs`: temporary.
        case waitTooLong(seconds: Double)
        /// A transport failure that waiting does not fix (TLS, a malformed URL): permanent.
        case transportFailed
    }

    /// Retries after the first attempt, 429 waits included; 0 means one attempt only.
    public var maxRetries: Int
    public var baseDelaySecs: Double
    public var maxDelaySecs: Double
    /// The longest server-requested wait that is honoured by sleeping.
    public var maxRetryAfterSecs: Double
    /// Returns a uniform value in `0...upper`; injectable so that tests see exact delays.
    public var random: @Sendable (Double) -> Double
    /// Retries granted so far.
    public private(set) var retries = 0

    public init(
        maxRetries: Int = 5, baseDelaySecs: Double = 1, maxDelaySecs: Double = 30, maxRetryAfterSecs: Double = 120,
        random: @escaping @Sendable (Double) -> Double = { Double.random(in: 0...max(0, $0)) }
    ) {
        self.maxRetries = maxRetries
        self.baseDelaySecs = baseDelaySecs
        self.maxDelaySecs = maxDelaySecs
        self.maxRetryAfterSecs = maxRetryAfterSecs
        self.random = random
    }

    /// Attempts made so far, counting the one whose outcome is being judged.
    public var attempts: Int { retries + 1 }

    public mutating func onResponse(_ response: HTTPResponse, now: Date) -> Action {
        onResponse(status: response.status, headers: response.headers, body: response.body, now: now)
    }

    /// Judges a response; `headers` are matched without case, `now` dates an HTTP-date or epoch reset.
    public mutating func onResponse(
        status: Int, headers: [String: String], body: Data = Data(), now: Date = Date()
    ) -> Action {
        let lowered = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        switch status {
        case 200..<300:
            return .deliver
        case 429:
            if let seconds = Self.serverWait(lowered, body: body, now: now, rateLimited: true) {
                return honour(seconds)
            }
            return backOff()
        case 500..<600:
            if let seconds = Self.serverWait(lowered, body: body, now: now, rateLimited: false) {
                return honour(seconds)
            }
            return backOff()
        case 408:
            return backOff()
        case 403 where APIErrorBody(parsing: body).isRateLimit:
            return backOff()
        case 401, 403:
            return .fail(.unauthorized)
        default:
            return .fail(.rejected)
        }
    }

    public mutating func onTransportError(_ error: HTTPTransportError) -> Action {
        switch error {
        case .cannotConnect, .connectionLost, .timedOut: backOff()
        case .other: .fail(.transportFailed)
        }
    }

    private mutating func honour(_ seconds: Double) -> Action {
        guard seconds <= maxRetryAfterSecs else { return .fail(.waitTooLong(seconds: seconds)) }
        guard retries < maxRetries else { return .fail(.exhausted(attempts: attempts)) }
        retries += 1
        return .retry(after: seconds)
    }

    private mutating func backOff() -> Action {
        guard retries < maxRetries else { return .fail(.exhausted(attempts: attempts)) }
        let ceiling = min(maxDelaySecs, baseDelaySecs * Double(1 << min(retries, 30)))
        retries += 1
        return .retry(after: min(ceiling, max(0, random(ceiling))))
    }

    /// The wait the server asked for, in seconds from `now`, or nil when it named none.
    ///
    /// `ratelimit-reset` and the body's "retry in N" are read only on a 429: PennyLane sends the reset on every
    /// response, where it says when the window turns, not that this request should be repeated then.
    static func serverWait(_ headers: [String: String], body: Data, now: Date, rateLimited: Bool) -> Double? {
        if let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(value), seconds >= 0, seconds.isFinite { return seconds }
            if let date = HTTPDate.parse(value) { return max(0, date.timeIntervalSince(now)) }
        }
        guard rateLimited else { return nil }
        if let value = headers["ratelimit-reset"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
            value >= 0, value.isFinite
        {
            return max(0, resetDelay(value, now: now))
        }
        return bodyWait(body)
    }

    /// PennyLane documents `ratelimit-reset` as epoch seconds; the IETF RateLimit draft uses delta seconds.
    /// A delta of more than ten years makes no sense, so a value that large is read as an instant.
    static func resetDelay(_ value: Double, now: Date) -> Double {
        value > 315_360_000 ? value - now.timeIntervalSince1970 : value
    }

    /// The N of "Retry in 60s !" (PennyLane v1) or "Please retry in 5 seconds." (v2), from a plain-text body.
    static func bodyWait(_ body: Data) -> Double? {
        guard body.count <= 4096 else { return nil }
        let text = String(decoding: body, as: UTF8.self).lowercased()
        guard let range = text.range(of: "retry in ") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        return Double(digits)
    }
}
