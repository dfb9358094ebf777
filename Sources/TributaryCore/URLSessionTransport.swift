import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `HTTPTransport` over Foundation's `URLSession` (libcurl underneath on Linux).
///
/// One session per transport, so that connections are kept alive between the inserts of a run. Responses are
/// never cached and cookies never stored: every request carries its own credentials in headers.
///
/// ClickHouse answers a wrong password with `401` and `WWW-Authenticate: Basic`. swift-corelibs-foundation
/// (6.3.1 here) turns that header into an authentication challenge and, with no credential to offer, leaves the
/// task hanging forever, past its timeout (swift-corelibs-foundation#5456). The session's delegate therefore
/// declines every challenge, and a task cancelled that way is reported as the 401 it received; its body is
/// lost on the way, so the message then comes from the status alone.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCredentialStorage = nil
        configuration.httpMaximumConnectionsPerHost = 4
        // The per-request timeout decides; the resource timeout only caps a whole exchange at a day.
        configuration.timeoutIntervalForResource = 86_400
        session = URLSession(configuration: configuration, delegate: ChallengeDecliner(), delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var r = URLRequest(
            url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: request.timeout)
        r.httpMethod = request.method
        for (name, value) in request.headers { r.addValue(value, forHTTPHeaderField: name) }
        if request.method != "GET" {
            r.httpBody = request.body
            r.setValue(String(request.body.count), forHTTPHeaderField: "Content-Length")
        }
        let handle = TaskHandle()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                let task = session.dataTask(with: r) { data, response, error in
                    continuation.resume(
                        with: Self.outcome(
                            data: data, response: response, error: error, handle: handle, timeout: request.timeout))
                }
                handle.start(task)
            }
        } onCancel: {
            handle.cancel()
        }
    }

    private static func outcome(
        data: Data?, response: URLResponse?, error: (any Error)?, handle: TaskHandle, timeout: Double
    ) -> Result<HTTPResponse, any Error> {
        if handle.wasCancelled { return .failure(CancellationError()) }
        if let error {
            // A declined challenge ends the task as cancelled, with the 401 left on the task.
            if let urlError = error as? URLError, urlError.code == .cancelled,
                let http = handle.response as? HTTPURLResponse, http.statusCode == 401
            {
                return .success(HTTPResponse(status: 401, headers: headers(http), body: data ?? Data()))
            }
            if let urlError = error as? URLError { return .failure(map(urlError, timeout: timeout)) }
            return .failure(HTTPTransportError.other(detail: String(describing: error)))
        }
        guard let http = response as? HTTPURLResponse else {
            return .failure(HTTPTransportError.other(detail: "the response was not HTTP"))
        }
        return .success(HTTPResponse(status: http.statusCode, headers: headers(http), body: data ?? Data()))
    }

    private static func headers(_ http: HTTPURLResponse) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in http.allHeaderFields {
            if let k = k as? String, let v = v as? String { out[k.lowercased()] = v }
        }
        return out
    }

    static func map(_ error: URLError, timeout: Double) -> HTTPTransportError {
        switch error.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
            return .cannotConnect(detail: error.localizedDescription)
        case .networkConnectionLost, .badServerResponse, .cannotParseResponse, .zeroByteResource:
            return .connectionLost(detail: error.localizedDescription)
        case .timedOut:
            return .timedOut(seconds: timeout)
        default:
            return .other(detail: "\(error.localizedDescription) (URLError \(error.code.rawValue))")
        }
    }
}

/// Declines every authentication challenge: credentials travel in headers, never through URLCredential.
private final class ChallengeDecliner: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        completionHandler(.cancelAuthenticationChallenge, nil)
    }
}

/// The data task of one `send`, so that cancelling the Swift task cancels it, even before it started.
private final class TaskHandle: Sendable {
    private struct State {
        var task: URLSessionDataTask?
        var cancelled = false
    }

    private let state = Mutex(State())

    func start(_ task: URLSessionDataTask) {
        let cancelled = state.withLock { s in
            s.task = task
            return s.cancelled
        }
        if cancelled { task.cancel() } else { task.resume() }
    }

    func cancel() {
        let task = state.withLock { s in
            s.cancelled = true
            return s.task
        }
        task?.cancel()
    }

    var wasCancelled: Bool { state.withLock { $0.cancelled } }
    var response: URLResponse? { state.withLock { $0.task?.response } }
}
