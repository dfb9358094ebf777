/// Scripted answers per path: the n-th request to a path gets the n-th response, and the last one repeats.
///
/// Most API tests are a short story per endpoint ("first a 429 with Retry-After: 1, then the page"), so the
/// script is the data and the handler is generic. Paths are matched exactly, without the query; anything not
/// scripted gets `fallback`.
///
///     let script = ResponseScript(["/v1/costs": [.tooManyRequests(retryAfter: "1"), .json(page)]])
///     let server = try LoopbackHTTPServer(script: script)
public final class ResponseScript: Sendable {
    private struct Route {
        var responses: [ScriptedResponse]
        var served = 0
    }

    private let routes: Locked<[String: Route]>
    private let fallback: ScriptedResponse

    public init(_ routes: [String: [ScriptedResponse]] = [:], fallback: ScriptedResponse = .notFound) {
        self.routes = Locked(routes.mapValues { Route(responses: $0) })
        self.fallback = fallback
    }

    /// Scripts `responses` for `path`, replacing any earlier script for it.
    public func on(_ path: String, _ responses: [ScriptedResponse]) {
        routes.withLock { $0[path] = Route(responses: responses) }
    }

    /// How many requests `path` has answered so far.
    public func served(_ path: String) -> Int { routes.withLock { $0[path]?.served ?? 0 } }

    public func respond(to request: RecordedRequest) -> ScriptedResponse {
        routes.withLock { routes in
            guard var route = routes[request.path], let last = route.responses.last else { return fallback }
            let response = route.served < route.responses.count ? route.responses[route.served] : last
            route.served += 1
            routes[request.path] = route
            return response
        }
    }

    /// The script as a server handler.
    public var handler: @Sendable (RecordedRequest) -> ScriptedResponse { { [self] in self.respond(to: $0) } }
}
