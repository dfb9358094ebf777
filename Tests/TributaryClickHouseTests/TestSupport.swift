import Foundation
import Testing
import TributaryCore

@testable import TributaryClickHouse

/// Builds a batch from rows of values (slow path; tests only).
func makeBatch(_ schema: Schema, _ rows: [[Value]], file: String = "test.csv", firstLine: Int = 2) -> RecordBatch {
    let columns = schema.fields.indices.map { j in Column.make(schema[j].type, rows.map { $0[j] }) }
    let lines = Array(firstLine..<(firstLine + rows.count))
    return RecordBatch(schema: schema, columns: columns, lineage: Lineage(sourceID: "test", file: file, lines: lines))
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

func decimal(_ s: String) -> Value {
    guard let d = ExactDecimal(s) else { preconditionFailure("bad decimal literal \(s)") }
    return .decimal(d)
}

func dateTime(_ s: String) -> Value {
    guard case .success(let t) = CivilTime.parseTimestamp(s) else { preconditionFailure("bad timestamp \(s)") }
    return .dateTime(t)
}

func date(_ s: String) -> Value {
    guard case .success(let t) = CivilTime.parseTimestamp(s) else { preconditionFailure("bad date \(s)") }
    return .date(Int32(t / 86400))
}

/// An `HTTPTransport` that answers from a script and records every request.
actor ScriptedTransport: HTTPTransport {
    enum Step {
        case respond(HTTPResponse)
        case fail(HTTPTransportError)
    }

    private var script: [Step]
    /// Answers once the script is used up.
    private let fallback: Step
    private(set) var requests: [HTTPRequest] = []

    init(_ script: [Step], fallback: Step = .respond(HTTPResponse(status: 200))) {
        self.script = script
        self.fallback = fallback
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        requests.append(request)
        let step = script.isEmpty ? fallback : script.removeFirst()
        switch step {
        case .respond(let r): return r
        case .fail(let e): throw e
        }
    }

    /// The SQL of each request: the `query` URL parameter, or else the body.
    var queries: [String] {
        requests.map { r in
            let items = URLComponents(url: r.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
            return items.first { $0.name == "query" }?.value ?? String(decoding: r.body, as: UTF8.self)
        }
    }

    func parameter(_ name: String, ofRequest i: Int) -> String? {
        let items = URLComponents(url: requests[i].url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        return items.first { $0.name == name }?.value
    }
}

func ok(_ body: String = "") -> ScriptedTransport.Step {
    .respond(HTTPResponse(status: 200, body: Data(body.utf8)))
}

func serverError(_ status: Int, _ body: String) -> ScriptedTransport.Step {
    .respond(HTTPResponse(status: status, body: Data(body.utf8)))
}

/// The `ClickHouseError` that `body` throws; records an issue when it throws nothing or something else.
func clickHouseError(
    _ body: () async throws -> Void, sourceLocation: Testing.SourceLocation = #_sourceLocation
) async -> ClickHouseError? {
    do {
        try await body()
        Issue.record("expected a ClickHouseError, got none", sourceLocation: sourceLocation)
    } catch let e as ClickHouseError {
        return e
    } catch {
        Issue.record("expected a ClickHouseError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Decompresses with the system's gzip, an implementation independent of ours.
func gunzip(_ data: Data) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip -dc"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let writer = Thread {
        input.fileHandleForWriting.write(data)
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    let result = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return result
}
