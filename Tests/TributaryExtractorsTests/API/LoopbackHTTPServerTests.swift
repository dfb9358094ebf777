import Foundation
import Testing
import TributaryCore
import TributaryTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The test server itself: framing, keep-alive, `Connection: close`, recording, and a clean stop, through a raw
/// socket (exact control over what goes on the wire) and through `URLSessionTransport` (the real client).
struct LoopbackHTTPServerTests {
    /// A blocking client on one TCP connection, driven from the test's own thread: the server must answer from
    /// its threads while the test blocks, as it will while a test waits for a `tributary` subprocess.
    final class RawConnection {
        let fd: Int32
        var buffer: [UInt8] = []

        init(port: UInt16) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let r = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard r == 0 else { throw HTTPTransportError.cannotConnect(detail: "errno \(errno)") }
        }

        deinit { close(fd) }

        func send(_ text: String) {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        /// Reads one response framed by Content-Length; nil at end of stream.
        func readResponse() -> (head: String, body: String)? {
            while true {
                if let end = find("\r\n\r\n") {
                    let head = String(decoding: buffer[..<end], as: UTF8.self)
                    let length =
                        head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                        .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                    if buffer.count >= end + 4 + length {
                        let body = String(decoding: buffer[(end + 4)..<(end + 4 + length)], as: UTF8.self)
                        buffer.removeFirst(end + 4 + length)
                        return (head, body)
                    }
                }
                guard fill() else { return nil }
            }
        }

        /// True when the server closed the connection (and sent nothing more).
        func isClosedByPeer() -> Bool { buffer.isEmpty && !fill() }

        private func fill() -> Bool {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return false }
            buffer += chunk[..<n]
            return true
        }

        private func find(_ text: String) -> Int? {
            let needle = Array(text.utf8)
            guard buffer.count >= needle.count else { return nil }
            return (0...(buffer.count - needle.count)).first { buffer[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
    }

    @Test func keepsAliveForSeveralRequestsThenHonoursConnectionClose() throws {
        let server = try LoopbackHTTPServer { request in .json(#"{"path":"\#(request.path)"}"#) }
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("GET /a?x=1 HTTP/1.1\r\nHost: t\r\n\r\n")
        let first = try #require(connection.readResponse())
        #expect(first.head.hasPrefix("HTTP/1.1 200 OK"))
        #expect(first.head.contains("Connection: keep-alive"))
        #expect(first.body == #"{"path":"/a"}"#)
        // Two requests written at once (pipelined) are answered in order on the same connection.
        connection.send(
            "POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /c HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        #expect(connection.readResponse()?.body == #"{"path":"/b"}"#)
        let last = try #require(connection.readResponse())
        #expect(last.body == #"{"path":"/c"}"#)
        #expect(last.head.contains("Connection: close"))
        #expect(connection.isClosedByPeer())
        let requests = server.requests
        #expect(requests.map(\.path) == ["/a", "/b", "/c"])
        #expect(requests.map(\.connection) == [1, 1, 1])
        #expect(requests.map(\.sequence) == [0, 1, 2])
        #expect(requests[1].method == "POST")
        #expect(requests[1].body == Array("hello".utf8))
        #expect(requests[0].queryValue("x") == "1")
        #expect(server.connectionCount == 1)
    }

    @Test func aScriptedCloseEndsTheConnection() throws {
        let server = try LoopbackHTTPServer { _ in ScriptedResponse.json("{}").closingConnection() }
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(connection.readResponse()?.head.contains("Connection: close") == true)
        #expect(connection.isClosedByPeer())
    }

    @Test func malformedRequestsGetA400() throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("NONSENSE\r\n\r\n")
        #expect(connection.readResponse()?.head.hasPrefix("HTTP/1.1 400") == true)
        #expect(server.requests.isEmpty)
    }

    @Test func recordsWhatURLSessionSends() async throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"ok":true}"#, headers: [("X-Answer", "42")]) }
        defer { server.stop() }
        let transport = URLSessionTransport()
        let url = server.url("/v1/things?name=a%2Bb%2Fc%3D&plus=a+b&group_by=x&group_by=y")
        let response = try await transport.send(
            HTTPRequest(method: "GET", url: url, headers: [("Authorization", "Bearer t")], timeout: 5))
        #expect(response.status == 200)
        #expect(response.header("x-answer") == "42")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)
        let posted = try await transport.send(
            HTTPRequest(method: "POST", url: server.url("/upload"), body: Data("abc".utf8), timeout: 5))
        #expect(posted.status == 200)
        let requests = server.requests
        try #require(requests.count == 2)
        #expect(requests[0].path == "/v1/things")
        #expect(requests[0].queryValue("name") == "a+b/c=")
        #expect(requests[0].queryValue("plus") == "a b")
        #expect(requests[0].queryValues("group_by") == ["x", "y"])
        #expect(requests[0].header("authorization") == "Bearer t")
        #expect(requests[1].body == Array("abc".utf8))
        // URLSession keeps the connection alive between the two exchanges.
        #expect(requests[0].connection == requests[1].connection)
    }

    /// A 401 with `WWW-Authenticate` makes swift-corelibs-foundation wait for a credential forever unless the
    /// transport declines the challenge; through the server it must come back as a 401, and quickly.
    @Test func a401WithAChallengeComesBackThroughURLSession() async throws {
        let server = try LoopbackHTTPServer { _ in
            .json(#"{"error":{"message":"bad key"}}"#, status: 401, headers: [("WWW-Authenticate", "Bearer")])
        }
        defer { server.stop() }
        let response = try await URLSessionTransport().send(
            HTTPRequest(method: "GET", url: server.url("/me"), timeout: 5))
        #expect(response.status == 401)
    }

    @Test func scriptedSequencesRepeatTheirLastResponse() throws {
        let script = ResponseScript(["/p": [.tooManyRequests(retryAfter: "1"), .json("{}")]])
        let server = try LoopbackHTTPServer(script: script)
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        for _ in 0..<3 { connection.send("GET /p HTTP/1.1\r\nHost: t\r\n\r\n") }
        let statuses = (0..<3).compactMap { _ in connection.readResponse()?.head.split(separator: " ")[1] }
        #expect(statuses == ["429", "200", "200"])
        connection.send("GET /other HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(connection.readResponse()?.head.hasPrefix("HTTP/1.1 404") == true)
        #expect(script.served("/p") == 3)
    }

    @Test func stopEndsEveryThreadAndRefusesConnections() async throws {
        let server = try LoopbackHTTPServer { _ in ScriptedResponse.json("{}").delayed(by: 30) }
        // One idle kept-alive connection and one waiting on a slow answer: stop must end both.
        let idle = try RawConnection(port: server.port)
        let slow = try RawConnection(port: server.port)
        slow.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        idle.send("")
        let deadline = Date(timeIntervalSinceNow: 5)
        while server.liveThreadCount < 3, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(server.liveThreadCount == 3)
        let started = Date()
        server.stop()
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(server.liveThreadCount == 0)
        #expect(slow.isClosedByPeer())
        server.stop()
        await #expect(throws: HTTPTransportError.self) {
            _ = try await URLSessionTransport().send(HTTPRequest(method: "GET", url: server.url("/"), timeout: 2))
        }
    }
}
