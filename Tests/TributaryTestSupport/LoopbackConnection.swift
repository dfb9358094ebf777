import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One accepted connection: reads requests one after another, answers each from the handler, and ends when the
/// peer closes, either side asks for `Connection: close`, the request is malformed, or the server stops.
struct LoopbackConnection {
    let fd: Int32
    let number: Int
    let core: LoopbackServerCore
    /// Bytes read but not yet consumed: the start of the next request on a kept-alive connection.
    private var buffer: [UInt8] = []

    /// Headers past this size are refused with 431, so that a client bug cannot grow the buffer without bound.
    static let maxHeadBytes = 64 * 1024

    init(fd: Int32, number: Int, core: LoopbackServerCore) {
        self.fd = fd
        self.number = number
        self.core = core
    }

    mutating func serve() {
        while let head = readHead() {
            guard let parsed = Self.parse(head) else {
                _ = send(ScriptedResponse.text("malformed request\n", status: 400), keepAlive: false, isHead: false)
                return
            }
            guard !parsed.chunked else {
                // The clients under test always frame bodies with Content-Length; chunked uploads are not needed.
                _ = send(
                    .text("chunked request bodies are not supported\n", status: 411), keepAlive: false, isHead: false)
                return
            }
            if parsed.expectsContinue, parsed.contentLength > buffer.count {
                guard writeAll(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
            }
            guard let body = readBody(count: parsed.contentLength) else { return }
            let request = core.record { sequence in
                RecordedRequest(
                    method: parsed.method, target: parsed.target, headers: parsed.headers, body: body,
                    connection: number, sequence: sequence)
            }
            let response = core.handler(request)
            if response.delaySecs > 0, !pause(seconds: response.delaySecs) { return }
            if response.dropsConnection { return }
            let keepAlive = parsed.keepAlive && !response.closesConnection
            guard send(response, keepAlive: keepAlive, isHead: parsed.method == "HEAD"), keepAlive else { return }
        }
    }

    // MARK: Reading

    /// The next request's line and headers (without the blank line), or nil at the end of the connection.
    private mutating func readHead() -> [UInt8]? {
        var searchFrom = 0
        while true {
            if let end = Self.find([13, 10, 13, 10], in: buffer, from: searchFrom) {
                let head = Array(buffer[..<end])
                buffer.removeFirst(end + 4)
                return head
            }
            searchFrom = max(0, buffer.count - 3)
            if buffer.count > Self.maxHeadBytes {
                _ = send(.text("request head too large\n", status: 431), keepAlive: false, isHead: false)
                return nil
            }
            guard receive() else { return nil }
        }
    }

    private mutating func readBody(count: Int) -> [UInt8]? {
        while buffer.count < count {
            guard receive() else { return nil }
        }
        let body = Array(buffer[..<count])
        buffer.removeFirst(count)
        return body
    }

    /// Appends what the socket has to `buffer`; false at end of stream, on an error, or when the server stops.
    private mutating func receive() -> Bool {
        guard waitReadable() else { return false }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n > 0 {
                buffer.append(contentsOf: chunk[..<n])
                return true
            }
            if n < 0, errno == EINTR { continue }
            return false
        }
    }

    /// Waits for the socket to be readable; false when the server's wake pipe fires first.
    private func waitReadable() -> Bool {
        while true {
            var fds = [
                pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: core.wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return false
            }
            if fds[1].revents != 0 { return false }
            return fds[0].revents != 0
        }
    }

    /// Sleeps `seconds` unless the server stops meanwhile; false if it did.
    private func pause(seconds: Double) -> Bool {
        var wake = pollfd(fd: core.wakeRead, events: Int16(POLLIN), revents: 0)
        return poll(&wake, 1, Int32(min(seconds * 1000, Double(Int32.max)))) == 0
    }

    // MARK: Writing

    private func send(_ response: ScriptedResponse, keepAlive: Bool, isHead: Bool) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(response.reason)\r\n"
        head += "Content-Length: \(response.body.count)\r\n"
        head += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n"
        for (name, value) in response.headers
        where name.lowercased() != "content-length" && name.lowercased() != "connection" {
            head += "\(name): \(value)\r\n"
        }
        head += "\r\n"
        return writeAll(Array(head.utf8) + (isHead ? [] : response.body))
    }

    private func writeAll(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                #if os(Linux)
                    return Glibc.send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                #else
                    return Darwin.send(fd, base + offset, raw.count - offset, 0)
                #endif
            }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    // MARK: Parsing

    struct Head {
        var method: String
        var target: String
        var headers: [(name: String, value: String)]
        var contentLength: Int
        var chunked: Bool
        var keepAlive: Bool
        var expectsContinue: Bool
    }

    /// Parses a request line and header fields; nil when either is malformed.
    static func parse(_ head: [UInt8]) -> Head? {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        guard let requestLine = lines.first else { return nil }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = String(line[..<colon])
            guard !name.isEmpty, !name.contains(" ") else { return nil }
            headers.append((name, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        func value(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
        var length = 0
        if let text = value("content-length") {
            guard let n = Int(text), n >= 0 else { return nil }
            length = n
        }
        let connection = value("connection")?.lowercased() ?? ""
        let http10 = parts[2] == "HTTP/1.0"
        return Head(
            method: String(parts[0]), target: String(parts[1]), headers: headers, contentLength: length,
            chunked: value("transfer-encoding")?.lowercased().contains("chunked") ?? false,
            keepAlive: http10 ? connection.contains("keep-alive") : !connection.contains("close"),
            expectsContinue: value("expect")?.lowercased() == "100-continue")
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for i in start...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }
}
