import Foundation
import TributaryCore

/// Talks to one ClickHouse server over its HTTP interface: queries, inserts, and judging the answers.
///
/// Credentials travel in the `X-ClickHouse-User` and `X-ClickHouse-Key` headers, never in the URL, which
/// proxies and the server itself log. A response counts as a success only when the status is 200, no
/// `X-ClickHouse-Exception-Code` header is present and the body carries no `Code: N` error (lesson L1).
public struct ClickHouseClient: Sendable, CustomStringConvertible, CustomReflectable {
    /// The server's base URL, without credentials (`http://127.0.0.1:8123`).
    public let endpoint: URL
    public let user: String
    private let password: String
    /// Sent as `database=`, so that unqualified names resolve there.
    public let database: String?
    public let timeoutSecs: Double
    public let transport: any HTTPTransport

    public init(
        endpoint: URL, user: String = "default", password: String = "", database: String? = nil,
        timeoutSecs: Double = 300, transport: any HTTPTransport = URLSessionTransport()
    ) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.database = database
        self.timeoutSecs = timeoutSecs
        self.transport = transport
    }

    /// Shows the user, never the password.
    public var description: String {
        let secret = password.isEmpty ? "(empty)" : "•••"
        return "ClickHouseClient(\(endpointDescription), user: \(user), password: \(secret))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["endpoint": endpointDescription, "user": user, "password": "•••"])
    }

    /// `scheme://host:port` for messages: never a path, query or credentials.
    public var endpointDescription: String {
        var text = "\(endpoint.scheme ?? "http")://\(endpoint.host ?? "?")"
        if let port = endpoint.port { text += ":\(port)" }
        return text
    }

    /// Runs `sql` (sent as the request body) and returns the result text.
    public func query(_ sql: String, settings: [(String, String)] = [], queryID: String? = nil) async throws -> String {
        var parameters = settings
        if let queryID { parameters.append(("query_id", queryID)) }
        let response = try await send(body: Data(sql.utf8), parameters: parameters, headers: [])
        return String(decoding: response.body, as: UTF8.self)
    }

    /// Sends rows: `INSERT INTO table (columns) FORMAT format` in the URL, the rows (gzip or plain) as the body.
    public func insert(
        into table: String, columns: [ClickHouseIdentifier], format: String, body: Data, gzipped: Bool,
        queryID: String, settings: [(String, String)] = []
    ) async throws {
        let sql = "INSERT INTO \(table) (\(columns.map(\.quoted).joined(separator: ", "))) FORMAT \(format)"
        var parameters = [("query", sql)] + settings
        parameters.append(("query_id", queryID))
        var headers = [(name: "Content-Type", value: "application/octet-stream")]
        if gzipped { headers.append((name: "Content-Encoding", value: "gzip")) }
        _ = try await send(body: body, parameters: parameters, headers: headers)
    }

    /// True when `GET /ping` answers `Ok.`.
    public func ping() async throws -> Bool {
        let url = endpoint.appendingPathComponent("ping")
        do {
            let response = try await transport.send(HTTPRequest(method: "GET", url: url, timeout: min(timeoutSecs, 10)))
            return response.status == 200 && String(decoding: response.body, as: UTF8.self).hasPrefix("Ok.")
        } catch let e as HTTPTransportError {
            throw ClickHouseError.transport(e, endpoint: endpointDescription)
        }
    }

    private func send(body: Data, parameters: [(String, String)], headers: [(name: String, value: String)])
        async throws -> HTTPResponse
    {
        var all = parameters
        if let database { all.insert(("database", database), at: 0) }
        // Buffer the whole result before answering, so that a late error changes the status instead of being
        // appended to a 200 body.
        all.append(("wait_end_of_query", "1"))
        let request = HTTPRequest(
            method: "POST", url: url(all),
            headers: [(name: "X-ClickHouse-User", value: user), (name: "X-ClickHouse-Key", value: password)]
                + headers,
            body: body, timeout: timeoutSecs)
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let e as HTTPTransportError {
            throw ClickHouseError.transport(e, endpoint: endpointDescription)
        }
        try check(response)
        return response
    }

    /// Throws unless `response` is a success by all three tests.
    public func check(_ response: HTTPResponse) throws(ClickHouseError) {
        if let exception = ClickHouseException.find(in: response) {
            if ClickHouseError.authenticationCodes.contains(exception.code) {
                throw .authentication(user: user, code: exception.code, message: exception.message)
            }
            throw .server(exception)
        }
        if response.status == 401 {
            throw .authentication(
                user: user, code: nil, message: "HTTP 401: a wrong password, an unknown user, or a password required")
        }
        guard response.status == 200 else {
            throw .httpStatus(response.status, body: String(decoding: response.body, as: UTF8.self))
        }
    }

    /// The endpoint with `parameters` as a strictly percent-encoded query string (the server's form decoder
    /// would read a bare `+` as a space).
    func url(_ parameters: [(String, String)]) -> URL {
        let query = parameters.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        var text = endpoint.absoluteString
        if let q = text.firstIndex(of: "?") { text = String(text[..<q]) }
        if !text.hasSuffix("/") { text += "/" }
        return URL(string: text + "?" + query) ?? endpoint
    }

    private static let unreserved = CharacterSet(
        charactersIn:
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s
    }
}
