import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real HTTP/1.1 server on 127.0.0.1, on an ephemeral port, for tests of HTTP clients and of the built binary.
///
/// It speaks through POSIX sockets on its own threads, not through Swift concurrency or Foundation networking:
/// a test may block its task on a subprocess (`tributary` run against the server) and the server still answers,
/// and the client under test (URLSession, libcurl underneath) meets a server it did not come with. It reads
/// request lines, headers and `Content-Length` bodies, keeps connections alive (several requests per connection)
/// unless either side says `Connection: close`, records every request, and answers from a handler.
///
/// `stop()` wakes every thread, closes every socket and waits for the threads to end, so no thread outlives a
/// test; dropping the server stops it too. Sockets are close-on-exec, so subprocesses do not inherit them.
///
///     let server = try LoopbackHTTPServer { request in .json(#"{"ok":true}"#) }
///     defer { server.stop() }
///     let url = server.url("/v1/organization/costs")
public final class LoopbackHTTPServer: Sendable {
    public let port: UInt16
    /// `http://127.0.0.1:<port>`.
    public let baseURL: URL
    private let core: LoopbackServerCore

    /// Binds, listens and starts accepting; `handler` runs on a connection's thread, once per request.
    public init(handler: @escaping @Sendable (RecordedRequest) -> ScriptedResponse) throws {
        core = try LoopbackServerCore(handler: handler)
        port = core.port
        guard let url = URL(string: "http://127.0.0.1:\(core.port)") else {
            core.stop()
            throw LoopbackServerError(call: "URL", code: 0)
        }
        baseURL = url
        core.startAccepting()
    }

    /// A server that answers from `script`.
    public convenience init(script: ResponseScript) throws {
        try self.init(handler: script.handler)
    }

    deinit { core.stop() }

    /// `path` (with any query, already encoded) on this server.
    public func url(_ pathAndQuery: String) -> URL {
        URL(string: baseURL.absoluteString + pathAndQuery) ?? baseURL
    }

    /// Every request received so far, in arrival order.
    public var requests: [RecordedRequest] { core.state.withLock { $0.requests } }

    /// The requests received for `path`, in arrival order.
    public func requests(to path: String) -> [RecordedRequest] { requests.filter { $0.path == path } }

    /// Connections accepted so far.
    public var connectionCount: Int { core.state.withLock { $0.acceptedConnections } }

    /// Threads of this server still running (the acceptor and one per open connection); 0 after `stop()`.
    public var liveThreadCount: Int { core.state.withLock { $0.liveThreads } }

    /// Stops accepting, closes every connection and waits for the server's threads to end. Idempotent.
    public func stop() { core.stop() }
}

/// Why the server could not start: the failing system call and its `errno`.
public struct LoopbackServerError: Error, Sendable, CustomStringConvertible {
    public var call: String
    public var code: Int32

    public var description: String { "loopback server: \(call) failed: \(String(cString: strerror(code)))" }
}

/// The sockets and shared state, owned by the threads as much as by the server object, so that the threads do
/// not keep the public object alive and its `deinit` can stop them.
final class LoopbackServerCore: Sendable {
    struct State {
        var requests: [RecordedRequest] = []
        /// Open connection sockets by connection number, so that `stop()` can shut them down.
        var open: [Int: Int32] = [:]
        var acceptedConnections = 0
        var liveThreads = 0
        var stopping = false
        var closed = false
    }

    let port: UInt16
    let listener: Int32
    /// A pipe whose read end becomes readable, for good, when the server stops: every `poll` watches it.
    let wakeRead: Int32
    let wakeWrite: Int32
    let handler: @Sendable (RecordedRequest) -> ScriptedResponse
    let state = Locked(State())

    init(handler: @escaping @Sendable (RecordedRequest) -> ScriptedResponse) throws {
        self.handler = handler
        var pipeEnds: [Int32] = [0, 0]
        guard Self.makePipe(&pipeEnds) == 0 else { throw LoopbackServerError(call: "pipe", code: errno) }
        wakeRead = pipeEnds[0]
        wakeWrite = pipeEnds[1]
        do {
            (listener, port) = try Self.makeListener()
        } catch {
            close(pipeEnds[0])
            close(pipeEnds[1])
            throw error
        }
    }

    func startAccepting() {
        state.withLock { $0.liveThreads += 1 }
        let thread = Thread { [self] in
            acceptLoop()
            state.withLock { $0.liveThreads -= 1 }
        }
        thread.name = "loopback-accept-\(port)"
        thread.start()
    }

    func stop() {
        let first = state.withLock { s -> Bool in
            guard !s.stopping else { return false }
            s.stopping = true
            for fd in s.open.values { _ = shutdown(fd, Int32(SHUT_RDWR)) }
            return true
        }
        if first {
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }
        // Connection threads end within one poll wake-up; the bound only keeps a wedged test from hanging CI.
        _ = state.wait(until: { $0.liveThreads == 0 }, timeout: 10)
        let closeNow = state.withLock { s -> Bool in
            guard !s.closed, s.liveThreads == 0 else { return false }
            s.closed = true
            return true
        }
        if closeNow {
            close(listener)
            close(wakeRead)
            close(wakeWrite)
        }
    }

    private func acceptLoop() {
        while true {
            var fds = [
                pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            let fd = Self.acceptConnection(listener)
            guard fd >= 0 else { continue }
            let number = state.withLock { s -> Int? in
                guard !s.stopping else { return nil }
                s.acceptedConnections += 1
                s.open[s.acceptedConnections] = fd
                s.liveThreads += 1
                return s.acceptedConnections
            }
            guard let number else {
                close(fd)
                return
            }
            let thread = Thread { [self] in
                var connection = LoopbackConnection(fd: fd, number: number, core: self)
                connection.serve()
                state.withLock { s in
                    s.open[number] = nil
                    close(fd)
                    s.liveThreads -= 1
                }
            }
            thread.name = "loopback-\(port)-\(number)"
            thread.start()
        }
    }

    /// Records `request` and gives it its sequence number.
    func record(_ make: (Int) -> RecordedRequest) -> RecordedRequest {
        state.withLock { s in
            let request = make(s.requests.count)
            s.requests.append(request)
            return request
        }
    }

    /// A pipe, close-on-exec (Glibc's module does not export `pipe2`, hence `fcntl`).
    private static func makePipe(_ ends: inout [Int32]) -> Int32 {
        let r = pipe(&ends)
        if r == 0 { for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) } }
        return r
    }

    private static func acceptConnection(_ listener: Int32) -> Int32 {
        // Glibc's module does not export `accept4`; a subprocess spawned in the instant before `fcntl` could
        // inherit this socket, which only matters if it outlives the test.
        let fd = accept(listener, nil, nil)
        guard fd >= 0 else { return fd }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        #if !os(Linux)
            var one: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return fd
    }

    /// A listening socket on 127.0.0.1 and the port the kernel chose for it.
    private static func makeListener() throws -> (Int32, UInt16) {
        #if os(Linux)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
            if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        #endif
        guard fd >= 0 else { throw LoopbackServerError(call: "socket", code: errno) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw LoopbackServerError(call: "bind", code: code)
        }
        guard listen(fd, 128) == 0 else {
            let code = errno
            close(fd)
            throw LoopbackServerError(call: "listen", code: code)
        }
        var actual = sockaddr_in()
        var actualLength = length
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) }
        }
        guard named == 0 else {
            let code = errno
            close(fd)
            throw LoopbackServerError(call: "getsockname", code: code)
        }
        return (fd, UInt16(bigEndian: actual.sin_port))
    }
}
