import Foundation
import TributaryCore

/// Sends one sealed insert until it is stored, retrying what the retry policy allows.
///
/// Every attempt has its own query id, `<run>-<table>-<n>-<attempt>`. When an attempt's outcome is unknown
/// (the answer was lost after the body may have arrived), the next attempt first asks the server whether that
/// query id finished (`system.processes`, then `system.query_log`): resending a stored insert into a plain
/// MergeTree would store its rows twice (lesson L3).
public struct InsertSender: Sendable {
    public let client: ClickHouseClient
    /// `` `db`.`table` ``.
    public let qualifiedName: String
    /// `db.table`, for messages.
    public let displayName: String
    public let columns: [ClickHouseIdentifier]
    public let settings: [(String, String)]
    /// `<run>-<table>`, restricted to characters that need no quoting.
    public let queryIDPrefix: String
    public let retryPolicy: RetryPolicy

    public init(
        client: ClickHouseClient, qualifiedName: String, displayName: String, columns: [ClickHouseIdentifier],
        settings: [(String, String)], runID: String, table: String, retryPolicy: RetryPolicy
    ) {
        self.client = client
        self.qualifiedName = qualifiedName
        self.displayName = displayName
        self.columns = columns
        self.settings = settings
        self.queryIDPrefix = Self.sanitize(runID) + "-" + table
        self.retryPolicy = retryPolicy
    }

    /// Keeps `[A-Za-z0-9_.:-]`, so that a query id is safe inside a SQL string literal.
    static func sanitize(_ s: String) -> String {
        String(
            String.UnicodeScalarView(
                s.unicodeScalars.map { c in
                    (c.isASCII && (CharacterSet.alphanumerics.contains(c) || "_.:-".unicodeScalars.contains(c)))
                        ? c : "_"
                }))
    }

    public func queryID(sequence: Int, attempt: Int) -> String { "\(queryIDPrefix)-\(sequence)-\(attempt)" }

    /// What an `InsertSender.send` found: how many attempts it took, and whether a lost answer turned out stored.
    public struct Outcome: Sendable, Equatable {
        public var attempts: Int
        public var recoveredFromQueryLog: Bool
    }

    public func send(_ insert: PreparedInsert) async throws -> Outcome {
        var policy = retryPolicy
        var attempt = 0
        var unresolved: String?
        while true {
            var sentID: String?
            do {
                if let previous = unresolved {
                    if try await finished(previous) {
                        return Outcome(attempts: attempt, recoveredFromQueryLog: true)
                    }
                    unresolved = nil
                }
                attempt += 1
                let id = queryID(sequence: insert.sequence, attempt: attempt)
                sentID = id
                try await client.insert(
                    into: qualifiedName, columns: columns, format: "TabSeparated", body: insert.body,
                    gzipped: insert.gzipped, queryID: id, settings: settings)
                CrashPoint.midInsert.reach()
                return Outcome(attempts: attempt, recoveredFromQueryLog: false)
            } catch let error as ClickHouseError {
                if let sentID, error.outcomeIsUnknown { unresolved = sentID }
                switch policy.onFailure(error) {
                case .halt:
                    throw ClickHouseError.insertFailed(
                        table: displayName, rows: insert.rows, sources: insert.sources, attempts: max(attempt, 1),
                        culprit: Self.culprit(of: error, in: insert), cause: error)
                case .retry(let delay):
                    try await Task.sleep(for: .seconds(delay))
                }
            }
        }
    }

    /// The source line of the row a parse error names (`(at row N)` counts rows of the insert).
    static func culprit(of error: ClickHouseError, in insert: PreparedInsert) -> SourceLines? {
        guard case .server(let e) = error, let row = e.rowInInsert else { return nil }
        return insert.source(ofRow: row)
    }

    /// Whether the insert with `queryID` was stored: waits while it still runs, then reads the query log.
    /// False when the server kept no trace of it (a crash before the log was written, or no query log at all).
    func finished(_ queryID: String) async throws -> Bool {
        let literal = "'\(queryID)'"
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(client.timeoutSecs)
        while clock.now < deadline {
            let running = try await client.query(
                "SELECT count() FROM system.processes WHERE query_id = \(literal) FORMAT TabSeparated")
            if running.trimmingCharacters(in: .whitespacesAndNewlines) == "0" { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        do {
            _ = try await client.query("SYSTEM FLUSH LOGS")
            let text = try await client.query(
                "SELECT count() FROM system.query_log WHERE query_id = \(literal) AND toInt8(type) = 2 "
                    + "FORMAT TabSeparated")
            return (Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0
        } catch let e as ClickHouseError where e.failureClass == .permanent {
            // No query log on this server (or no right to read it): nothing to learn, so send again.
            return false
        }
    }
}
