import Foundation

/// One HTTP exchange's request: what the ClickHouse client and the API sources need, and nothing more.
public struct HTTPRequest: Sendable, Equatable, CustomStringConvertible {
    public var method: String
    public var url: URL
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// Seconds without progress after which the exchange is abandoned.
    public var timeout: Double

    public init(
        method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data = Data(),
        timeout: Double = 300
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    public static func == (a: HTTPRequest, b: HTTPRequest) -> Bool {
        a.method == b.method && a.url == b.url && a.body == b.body && a.timeout == b.timeout
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    /// The request line and headers, with `X-ClickHouse-Key`, `Authorization` and Anthropic's `x-api-key` masked.
    public var description: String {
        let secret: Set<String> = ["x-clickhouse-key", "authorization", "x-api-key"]
        let shown = headers.map { "\($0.name): \(secret.contains($0.name.lowercased()) ? "•••" : $0.value)" }
        return "\(method) \(url.absoluteString) [\(shown.joined(separator: ", "))] \(body.count) bytes"
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// One HTTP exchange's response, fully read.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Why an HTTP exchange produced no response: the part of a failure that says nothing about the server itself.
public enum HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nobody accepted the connection (refused, host unknown, no route).
    case cannotConnect(detail: String)
    /// The connection dropped before a whole response arrived (reset, closed early).
    case connectionLost(detail: String)
    /// No progress for the request's timeout.
    case timedOut(seconds: Double)
    /// Anything else the HTTP stack reported.
    case other(detail: String)

    public var description: String {
        switch self {
        case .cannotConnect(let d): "could not connect (\(d))"
        case .connectionLost(let d): "the connection was lost before the response was complete (\(d))"
        case .timedOut(let s): "no answer within \(Self.seconds(s)) s"
        case .other(let d): d
        }
    }

    public static func seconds(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(s)
    }
}

/// Sends one HTTP request and returns the whole response.
///
/// The ClickHouse client and the API sources go through this protocol so that their retry and classification
/// logic can be tested
/// with a recording fake; production uses `URLSessionTransport`. Contract: a response with any status is
/// returned, never thrown; only a failure to complete the exchange throws, as an `HTTPTransportError`.
///
///     let response = try await transport.send(HTTPRequest(method: "GET", url: ping))
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
