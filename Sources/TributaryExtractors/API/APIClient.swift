import Foundation
import TributaryCore
import TributaryFormats

/// GETs JSON from an HTTP API with its credential, under its rate limit, retrying what is worth retrying, and
/// turns every failure into an `APIError` a user can act on.
///
/// An actor, because the rate limiter is shared by every request of a source: a reservation is taken on the
/// actor before any wait, so concurrent requests queue in order. Transport, clock and sleeper are injected, so
/// that tests run against a loopback server without sleeping (except where they measure a real `Retry-After`).
/// URLs in errors and pages are redacted; the credential appears only in the request's headers.
///
///     let client = APIClient(
///         transport: URLSessionTransport(), credential: try .fromEnvironment("OPENAI_ADMIN_KEY"),
///         configuration: .init(rateLimit: nil))
///     var pager = client.pager(costsURL, CursorPaginator.openAI(query: [("start_time", "1754006400")]))
///     while let page = try await pager.nextPage() { … }
public actor APIClient {
    /// How a source talks to its API.
    ///
    /// - `retry`: the policy each request starts from (retries, backoff, longest `Retry-After` honoured).
    /// - `rateLimit`: the bucket for the API's published limit; nil for none.
    /// - `timeoutSecs`: seconds without progress before a request is abandoned (and retried); default 60.
    /// - `maxPages`: pages a pager reads before it assumes a loop; default 10 000.
    /// - `headers`: sent on every request (`X-Use-2026-API-Changes: true`); default none.
    public struct Configuration: Sendable {
        public var retry: APIRetryPolicy
        public var rateLimit: RateLimiter?
        public var timeoutSecs: Double
        public var maxPages: Int
        public var headers: [(name: String, value: String)]

        public init(
            retry: APIRetryPolicy = APIRetryPolicy(), rateLimit: RateLimiter? = nil, timeoutSecs: Double = 60,
            maxPages: Int = 10_000, headers: [(name: String, value: String)] = []
        ) {
            self.retry = retry
            self.rateLimit = rateLimit
            self.timeoutSecs = timeoutSecs
            self.maxPages = maxPages
            self.headers = headers
        }
    }

    public nonisolated let transport: any HTTPTransport
    public nonisolated let credential: APICredential?
    public nonisolated let configuration: Configuration
    public nonisolated let clock: any APIClock
    private var limiter: RateLimiter?

    public init(
        transport: any HTTPTransport, credential: APICredential?, configuration: Configuration = Configuration(),
        clock: any APIClock = SystemAPIClock()
    ) {
        self.transport = transport
        self.credential = credential
        self.configuration = configuration
        self.clock = clock
        limiter = configuration.rateLimit
    }

    /// The parsed JSON at `url` with `query`, and the request URL redacted.
    public func get(_ url: URL, query: [(name: String, value: String)] = []) async throws -> (JSONValue, URL) {
        let page = try await page(url, query: query, number: 1)
        return (page.json, page.url)
    }

    /// One page: fetched, checked and parsed. Throws `APIError` or `CancellationError`.
    public func page(_ url: URL, query: [(name: String, value: String)], number: Int) async throws -> APIPage {
        guard let full = APIURL.url(url, query: query) else {
            throw APIError.invalidURL(url: redactedText(url))
        }
        let shownURL = credential?.redacted(full) ?? APIURL.redacted(full)
        let shown = shownURL.absoluteString
        let request = HTTPRequest(
            method: "GET", url: full, headers: requestHeaders(), timeout: configuration.timeoutSecs)
        var policy = configuration.retry
        while true {
            try await throttle()
            let response: HTTPResponse
            do {
                response = try await transport.send(request)
            } catch let error as HTTPTransportError {
                let detail = scrub(error.description)
                switch policy.onTransportError(error) {
                case .retry(let after):
                    try await clock.sleep(seconds: after)
                    continue
                case .fail(.exhausted(let attempts)):
                    throw APIError.unavailable(url: shown, status: nil, attempts: attempts, detail: detail)
                default:
                    throw APIError.transportFailed(url: shown, detail: detail)
                }
            }
            noteBudget(response)
            switch policy.onResponse(response, now: clock.now()) {
            case .deliver:
                return try parse(response, shown: shownURL, number: number)
            case .retry(let after):
                try await clock.sleep(seconds: after)
            case .fail(let failure):
                throw apiError(failure, response, shown: shown, cap: policy.maxRetryAfterSecs)
            }
        }
    }

    /// A pager over `url` in `paginator`'s style, guarded by `configuration.maxPages`.
    public nonisolated func pager<P: Paginator>(_ url: URL, _ paginator: P) -> APIPager<P> {
        APIPager(client: self, url: url, paginator: paginator, maxPages: configuration.maxPages)
    }

    /// `url` as it may be shown: no user information, no secret query values, not the credential.
    public nonisolated func redactedText(_ url: URL) -> String {
        credential?.redactedText(url) ?? APIURL.redactedText(url)
    }

    private nonisolated func scrub(_ text: String) -> String { credential?.scrub(text) ?? text }

    private func requestHeaders() -> [(name: String, value: String)] {
        (credential?.headers ?? []) + configuration.headers + [
            ("Accept", "application/json"), ("User-Agent", "tributary"),
        ]
    }

    /// Waits for a rate-limit token, if the API has a limit.
    private func throttle() async throws {
        guard var bucket = limiter else { return }
        let wait = bucket.reserve(at: clock.monotonicSeconds())
        limiter = bucket
        try await clock.sleep(seconds: wait)
    }

    /// Honours a server that says its budget is spent (`ratelimit-remaining: 0` until `ratelimit-reset`), so
    /// that the next request waits for the window rather than earning a 429.
    private func noteBudget(_ response: HTTPResponse) {
        guard var bucket = limiter, response.header("ratelimit-remaining")?.trimmingCharacters(in: .whitespaces) == "0",
            let reset = response.header("ratelimit-reset").flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) })
        else { return }
        let seconds = min(configuration.retry.maxRetryAfterSecs, APIRetryPolicy.resetDelay(reset, now: clock.now()))
        bucket.drain(for: seconds, at: clock.monotonicSeconds())
        limiter = bucket
    }

    private nonisolated func parse(_ response: HTTPResponse, shown: URL, number: Int) throws -> APIPage {
        let json: JSONValue
        do {
            json = try JSONParser.parse([UInt8](response.body))
        } catch {
            throw APIError.invalidJSON(url: shown.absoluteString, message: error.description)
        }
        return APIPage(url: shown, json: json, byteCount: response.body.count, number: number)
    }

    private nonisolated func apiError(
        _ failure: APIRetryPolicy.Failure, _ response: HTTPResponse, shown: String, cap: Double
    ) -> APIError {
        let body = APIErrorBody(parsing: response.body)
        let message = body.message.map(scrub)
        switch failure {
        case .unauthorized:
            return .unauthorized(url: shown, status: response.status, variable: credential?.variable, message: message)
        case .exhausted(let attempts):
            return .unavailable(url: shown, status: response.status, attempts: attempts, detail: message ?? "")
        case .waitTooLong(let seconds):
            return .waitTooLong(url: shown, status: response.status, waitSecs: seconds, maxWaitSecs: cap)
        case .rejected, .transportFailed:
            return .rejected(url: shown, status: response.status, message: message, code: body.code.map(scrub))
        }
    }
}
