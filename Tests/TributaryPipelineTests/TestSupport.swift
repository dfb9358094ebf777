import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The package root, found from this file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The result of running the built `tributary` binary.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `.build/debug/tributary` (built by `make test` before the tests run) with `arguments`, without blocking a
/// thread of the test runner's pool while it runs (blocked threads there starve every other test).
func runTributary(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) async throws
    -> CommandResult
{
    try await RunningTributary(arguments, environment: environment, in: directory).wait()
}

/// `tributary` running in the background; `wait()` collects its result.
final class RunningTributary: @unchecked Sendable {
    let process = Process()
    private let outData = LockedData()
    private let errData = LockedData()

    init(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws {
        let binary = packageRoot.appendingPathComponent(".build/debug/tributary")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw TestSetupError("\(binary.path) is missing: run `swift build` first (make test does)")
        }
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = directory ?? packageRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the process runs, so that a full pipe cannot block it.
        for (pipe, sink) in [(out, outData), (err, errData)] {
            DispatchQueue.global().async { sink.set(pipe.fileHandleForReading.readDataToEndOfFile()) }
        }
    }

    var pid: Int32 { process.processIdentifier }

    func wait() async -> CommandResult {
        while process.isRunning || !outData.isSet || !errData.isSet { try? await Task.sleep(for: .milliseconds(10)) }
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData.get(), as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self))
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ d: Data) {
        lock.withLock {
            data = d
            done = true
        }
    }
    func get() -> Data { lock.withLock { data } }
    var isSet: Bool { lock.withLock { done } }
}

struct TestSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The private ClickHouse server that `make test` starts (`scripts/clickhouse start`).
enum TestClickHouse {
    static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["CLICKHOUSE_TEST_URL"], !url.isEmpty else {
            throw TestSetupError(
                "CLICKHOUSE_TEST_URL is not set: run the tests with `make test`, or `scripts/clickhouse start` and "
                    + "CLICKHOUSE_TEST_URL=$(scripts/clickhouse url) swift test")
        }
        return url
    }

    /// Runs one statement and returns the body; throws with ClickHouse's message on failure.
    @discardableResult
    static func query(_ sql: String) async throws -> String {
        var request = URLRequest(url: URL(string: try url())!, timeoutInterval: 300)
        request.httpMethod = "POST"
        request.httpBody = Data(sql.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        let body = String(decoding: data, as: UTF8.self)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw TestSetupError("ClickHouse: \(body)") }
        return body
    }

    /// A fresh database name for one test.
    static func scratchDatabase(_ prefix: String = "t") -> String {
        "\(prefix)_\(UInt32.random(in: 0...UInt32.max))"
    }
}

/// A temporary folder, removed by `cleanup()`.
struct TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tributary-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ text: String) throws -> URL {
        let f = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: f.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: f)
        return f
    }
    func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let f = url.appendingPathComponent(name)
        try Data(bytes).write(to: f)
        return f
    }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
}
