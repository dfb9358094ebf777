import Foundation
import TributaryClickHouse
import TributaryCore
import TributaryDetectors

/// The `anomalies` table in the sink's database: one row per finding, updated by later runs rather than
/// duplicated (a `ReplacingMergeTree` on the finding's id, by a version that every write raises), so that the
/// same finding on a re-run updates its row.
///
/// Besides the finding itself a row keeps what alerting needs across runs: its state (open, ongoing, closed),
/// whether a user acknowledged it (and why), and the alerts a webhook has not taken yet, which the next run
/// offers again.
struct AnomalyStore: Sendable {
    static let tableName = "anomalies"

    let client: ClickHouseClient
    let database: ClickHouseIdentifier

    init(configuration: ClickHouseLoader.Configuration) throws(ClickHouseError) {
        database = try ClickHouseIdentifier(configuration.database, role: "database")
        client = configuration.makeClient(timeoutSecs: min(configuration.timeoutSecs, 60))
    }

    var qualifiedName: String {
        "\(database.quoted).`\(Self.tableName)`"
    }

    static let columns = [
        "finding_id", "version", "pipeline", "detection", "detector", "dimensions.name", "dimensions.value",
        "granularity", "unit", "state", "onset", "start", "last_seen", "end_at", "actual", "expected", "band",
        "deviation_percent", "impact", "impact_unit", "severity", "score", "explanation", "contributors",
        "acknowledged", "ack_reason", "webhook_pending", "first_seen", "updated_at", "run_id",
    ]

    func ensure() async throws {
        _ = try await client.query("CREATE DATABASE IF NOT EXISTS \(database.quoted)")
        _ = try await client.query(
            """
            CREATE TABLE IF NOT EXISTS \(qualifiedName) (finding_id String, version UInt64, pipeline String, \
            detection String, detector String, dimensions Nested(name String, value String), granularity String, \
            unit String, state String, onset DateTime('UTC'), start DateTime('UTC'), last_seen DateTime('UTC'), \
            end_at Nullable(DateTime('UTC')), actual Decimal(38, 12), expected Decimal(38, 12), band Decimal(38, 12), \
            deviation_percent Nullable(Float64), impact Decimal(38, 12), impact_unit String, severity String, \
            score Float64, explanation String, contributors String, acknowledged UInt8, ack_reason String, \
            webhook_pending String, first_seen DateTime('UTC'), updated_at DateTime('UTC'), run_id String) \
            ENGINE = ReplacingMergeTree(version) ORDER BY finding_id
            """)
    }

    /// What earlier runs recorded about one detection's findings.
    struct Known: Sendable {
        var finding: KnownFinding
        var key: SeriesKey
        var onset: Int64
        var lastSeen: Int64
        var end: Int64?
        var firstSeen: Int64
        var ackReason: String
        /// Alerts (`opened`, `closed`) a webhook has not taken yet.
        var webhookPending: [String]
    }

    func known(pipeline: String, detection: String) async throws -> [Known] {
        let text = try await client.query(
            """
            SELECT finding_id, argMax(state, version), argMax(acknowledged, version), \
            argMax(dimensions.name, version), argMax(dimensions.value, version), toUnixTimestamp(argMax(onset, version)), \
            toUnixTimestamp(argMax(last_seen, version)), argMax(end_at, version), \
            toUnixTimestamp(argMax(first_seen, version)), argMax(ack_reason, version), argMax(webhook_pending, version) \
            FROM \(qualifiedName) WHERE pipeline = \(Self.literal(pipeline)) AND detection = \(Self.literal(detection)) \
            GROUP BY finding_id FORMAT TabSeparated
            """)
        return TabSeparatedDecoder.rows(text).compactMap { row in
            guard row.count == 11, let idText = row[0], let id = FindingID(hex: idText),
                let state = row[1].flatMap(FindingState.init(rawValue:))
            else { return nil }
            let names = Self.array(row[3] ?? "[]")
            let values = Self.array(row[4] ?? "[]")
            let key = SeriesKey(zip(names, values).map { SeriesKey.Part($0, $1) })
            let end = row[7].flatMap { $0 }.flatMap { text -> Int64? in
                if case .success(let s) = CivilTime.parseTimestamp(text) { return s }
                return nil
            }
            return Known(
                finding: KnownFinding(id: id, state: state, acknowledged: row[2] == "1"), key: key,
                onset: Int64(row[5] ?? "") ?? 0, lastSeen: Int64(row[6] ?? "") ?? 0, end: end,
                firstSeen: Int64(row[8] ?? "") ?? 0, ackReason: row[9] ?? "",
                webhookPending: (row[10] ?? "").split(separator: ",").map(String.init))
        }
    }

    /// One row to write.
    struct Row: Sendable {
        var tracked: AlertPlanner.Tracked
        var pipeline: String
        var firstSeen: Int64
        var ackReason: String
        var webhookPending: [String]
        var runID: String
    }

    /// Writes `rows` in one insert, each with a version above every earlier one.
    func write(_ rows: [Row], at now: ExactTimestamp) async throws {
        guard !rows.isEmpty else { return }
        let version = UInt64(max(0, now.seconds)) &* 1_000_000_000 &+ UInt64(max(0, now.nanoseconds))
        var lines = ""
        for r in rows {
            let e = r.tracked.event
            let fields: [String] = [
                e.id.hex, String(version), Self.tsv(r.pipeline), Self.tsv(e.series), Self.tsv(e.detector),
                Self.stringArray(e.key.parts.map(\.name)), Self.stringArray(e.key.parts.map(\.value)),
                Self.tsv(e.granularity.description), Self.tsv(Self.describe(e.unit)), r.tracked.state.rawValue,
                CivilTime.formatDateTime(epochSeconds: e.onset), CivilTime.formatDateTime(epochSeconds: e.start),
                CivilTime.formatDateTime(epochSeconds: e.lastSeen),
                e.end.map { CivilTime.formatDateTime(epochSeconds: $0) } ?? "\\N",
                Self.money(e.actual), Self.money(e.expected), Self.money(e.band),
                e.deviationPercent.map { String($0) } ?? "\\N", Self.money(e.impact), Self.tsv(Self.describe(e.impactUnit)),
                e.severity.rawValue, String(e.score), Self.tsv(e.explanation),
                Self.tsv(e.contributors.map { "\($0.key): \(Self.money($0.impact))" }.joined(separator: "; ")),
                r.tracked.acknowledged ? "1" : "0",
                Self.tsv(r.ackReason), Self.tsv(r.webhookPending.joined(separator: ",")),
                CivilTime.formatDateTime(epochSeconds: r.firstSeen), CivilTime.formatDateTime(epochSeconds: now.seconds),
                Self.tsv(r.runID),
            ]
            lines += fields.joined(separator: "\t") + "\n"
        }
        let names = Self.columns.map { "`\($0)`" }.joined(separator: ", ")
        _ = try await client.query("INSERT INTO \(qualifiedName) (\(names)) FORMAT TabSeparated\n" + lines)
    }

    /// Marks finding `id` acknowledged with `reason` (a new version of its latest row); false when there is none.
    func acknowledge(_ id: FindingID, reason: String, at now: ExactTimestamp) async throws -> Bool {
        try await ensure()
        let found = try await client.query(
            "SELECT count() FROM \(qualifiedName) WHERE finding_id = \(Self.literal(id.hex)) FORMAT TabSeparated")
        guard found.trimmingCharacters(in: .whitespacesAndNewlines) != "0" else { return false }
        let version = UInt64(max(0, now.seconds)) &* 1_000_000_000 &+ UInt64(max(0, now.nanoseconds))
        let select = Self.columns.map { c -> String in
            switch c {
            case "version": return "toUInt64(\(version))"
            case "acknowledged": return "toUInt8(1)"
            case "ack_reason": return Self.literal(reason)
            case "webhook_pending": return "''"
            case "updated_at": return "toDateTime(\(now.seconds), 'UTC')"
            default: return "`\(c)`"
            }
        }
        _ = try await client.query(
            "INSERT INTO \(qualifiedName) (\(Self.columns.map { "`\($0)`" }.joined(separator: ", "))) SELECT "
                + select.joined(separator: ", ")
                + " FROM \(qualifiedName) WHERE finding_id = \(Self.literal(id.hex)) ORDER BY version DESC LIMIT 1")
        return true
    }

    /// The latest row of every finding, newest first: for `tributary anomalies list`.
    func list(limit: Int = 50) async throws -> String {
        try await ensure()
        return try await client.query(
            """
            SELECT finding_id, argMax(state, version) AS state, argMax(severity, version), argMax(acknowledged, version), \
            argMax(explanation, version), max(updated_at) AS updated FROM \(qualifiedName) GROUP BY finding_id \
            ORDER BY updated DESC LIMIT \(max(1, limit)) FORMAT TabSeparated
            """)
    }

    static func describe(_ unit: ValueUnit) -> String {
        switch unit {
        case .money(let c): c
        case .count(let n): n
        case .share: "share"
        case .plain: ""
        }
    }

    static func money(_ d: ExactDecimal) -> String {
        (d.rescaledExactly(to: 12) ?? d.rounded(to: 12) ?? .zero).description
    }

    static func tsv(_ s: String) -> String { RunRecordRow.escaped(s) }

    static func stringArray(_ items: [String]) -> String {
        "[" + items.map { "'" + RunRecordRow.escaped($0, quote: true) + "'" }.joined(separator: ",") + "]"
    }

    /// A single-quoted SQL string literal.
    static func literal(_ s: String) -> String { "'" + RunRecordRow.escaped(s, quote: true) + "'" }

    /// `['a','b\'c']` as ClickHouse prints an array of strings in TabSeparated (already unescaped once).
    static func array(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var inString = false
        var escape = false
        for c in text.dropFirst().dropLast() {
            if escape {
                current.append(c)
                escape = false
            } else if inString {
                if c == "\\" { escape = true } else if c == "'" { inString = false } else { current.append(c) }
            } else if c == "'" {
                inString = true
                current = ""
            } else if c == "," {
                out.append(current)
            }
        }
        if !text.isEmpty, text != "[]" { out.append(current) }
        return out
    }
}
