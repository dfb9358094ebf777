import Foundation
import TributaryCore

/// Where alerts go: a file of JSON Lines, or a webhook. The console is the run summary itself.
///
/// Contract: `deliver` either delivers every alert it is given or throws; the caller then keeps them and
/// offers them again on the next run, so that an alert is neither lost nor, once delivered, repeated.
public protocol AlertSink: Sendable {
    /// How messages name the sink, without secrets (`webhook hooks.slack.com`).
    var name: String { get }
    func deliver(_ alerts: [AlertPlanner.Alert], title: String) async throws
}

/// Appends one JSON object per alert to a file (created with its folder when missing).
public struct JSONLinesAlertSink: AlertSink {
    public let path: String
    public var name: String { "file \(path)" }

    public init(path: String) {
        self.path = path
    }

    public func deliver(_ alerts: [AlertPlanner.Alert], title: String) async throws {
        guard !alerts.isEmpty else { return }
        let text = alerts.map { AlertRecord.jsonLine($0) + "\n" }.joined()
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw AlertSinkError(sink: name, reason: "cannot create the file")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw AlertSinkError(sink: name, reason: "cannot open the file for writing")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}

/// Posts alerts as one Slack-compatible JSON message (`text` and blocks), retrying with backoff.
///
/// The URL is a secret (a Slack incoming-webhook URL is its own credential): messages name only its host.
public struct WebhookAlertSink: AlertSink {
    let url: URL
    let transport: any HTTPTransport
    let attempts: Int
    let baseDelaySecs: Double
    let sleep: @Sendable (Double) async throws -> Void

    public init(
        url: URL, transport: any HTTPTransport = URLSessionTransport(), attempts: Int = 4, baseDelaySecs: Double = 0.5,
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    ) {
        self.url = url
        self.transport = transport
        self.attempts = max(1, attempts)
        self.baseDelaySecs = baseDelaySecs
        self.sleep = sleep
    }

    public var name: String { "webhook \(url.host ?? "(no host)")" }

    public func deliver(_ alerts: [AlertPlanner.Alert], title: String) async throws {
        guard !alerts.isEmpty else { return }
        let body = Data(SlackPayload.build(alerts, title: title).utf8)
        var last = ""
        for attempt in 1...attempts {
            do {
                let response = try await transport.send(
                    HTTPRequest(
                        method: "POST", url: url, headers: [("Content-Type", "application/json")], body: body,
                        timeout: 30))
                if (200..<300).contains(response.status) { return }
                last = "it answered HTTP \(response.status)"
                // A 4xx other than 408/429 will not change on a retry (a revoked or mistyped webhook).
                if (400..<500).contains(response.status), response.status != 408, response.status != 429 { break }
            } catch let e as HTTPTransportError {
                last = e.description
            }
            if attempt < attempts { try await sleep(baseDelaySecs * Double(1 << (attempt - 1))) }
        }
        throw AlertSinkError(sink: name, reason: last)
    }
}

/// An alert sink that could not deliver: which one and why, without its secret URL.
public struct AlertSinkError: Error, Sendable, Equatable, CustomStringConvertible {
    public var sink: String
    public var reason: String

    public init(sink: String, reason: String) {
        self.sink = sink
        self.reason = reason
    }

    public var description: String { "\(sink) did not take the alerts: \(reason)" }
}
