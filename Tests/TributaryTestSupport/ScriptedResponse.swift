/// What the loopback server answers to one request.
///
/// The server always writes `Content-Length` itself (URLSession on Linux needs a framed body to finish a
/// kept-alive exchange), so scripted headers should not carry one.
public struct ScriptedResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Seconds to wait before answering, for timeout tests; `stop()` cuts the wait short.
    public var delaySecs: Double
    /// Sends `Connection: close` and closes the connection after this response.
    public var closesConnection: Bool
    /// Closes the connection without answering at all, as a crashed server or a reset would.
    public var dropsConnection: Bool

    public init(
        status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = [], delaySecs: Double = 0,
        closesConnection: Bool = false, dropsConnection: Bool = false
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delaySecs = delaySecs
        self.closesConnection = closesConnection
        self.dropsConnection = dropsConnection
    }

    /// A JSON body with `Content-Type: application/json`.
    public static func json(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = [])
        -> ScriptedResponse
    {
        ScriptedResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
    }

    /// A plain-text body, as PennyLane's 429 and many proxies' errors are.
    public static func text(_ text: String, status: Int, headers: [(name: String, value: String)] = [])
        -> ScriptedResponse
    {
        ScriptedResponse(
            status: status, headers: [("Content-Type", "text/plain; charset=utf-8")] + headers, body: Array(text.utf8))
    }

    /// A 429 with `Retry-After`, which may be delta seconds or an HTTP-date.
    public static func tooManyRequests(retryAfter: String, body: String = "") -> ScriptedResponse {
        .text(body, status: 429, headers: [("Retry-After", retryAfter)])
    }

    public static let notFound = ScriptedResponse.json(#"{"error":{"message":"no such path"}}"#, status: 404)

    /// No answer: the connection is closed as soon as the request has been read.
    public static let droppedConnection = ScriptedResponse(dropsConnection: true)

    public func closingConnection() -> ScriptedResponse {
        var copy = self
        copy.closesConnection = true
        return copy
    }

    public func delayed(by seconds: Double) -> ScriptedResponse {
        var copy = self
        copy.delaySecs = seconds
        return copy
    }

    /// The standard reason phrase, which clients ignore but humans reading a capture do not.
    var reason: String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 410: "Gone"
        case 411: "Length Required"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }
}
