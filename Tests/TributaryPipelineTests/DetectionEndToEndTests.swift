import Foundation
import Testing
import TributaryTestSupport

/// `[[detect]]` after a load, against the real ClickHouse: a planted spike is found with its money, kept once in
/// `anomalies` however often the pipeline runs, alerted once when it opens, and acknowledging it silences it; a
/// webhook that fails keeps its alerts for the next run without failing the load.
@Suite struct DetectionEndToEndTests {
    /// 70 days of steady daily spend for two providers, `openai` spiking on 2025-03-04 and 2025-03-05.
    static func csv(spike: Bool = true) -> String {
        var lines = ["day,provider,cost"]
        var day = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"),
                                 year: 2025, month: 1, day: 1).date ?? Date()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        for i in 0..<70 {
            let text = formatter.string(from: day)
            let weekend = Calendar(identifier: .gregorian).isDateInWeekend(day)
            let base = weekend ? 60 : 100
            let openai = spike && (text == "2025-03-04" || text == "2025-03-05") ? 700 : base + (i % 5)
            lines.append("\(text),openai,\(openai).25")
            lines.append("\(text),anthropic,\(base / 2 + (i % 3)).10")
            day = day.addingTimeInterval(86400)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    struct Setup {
        let dir: TempDir
        let pipeline: URL
        let database: String
        let env: [String: String]
    }

    func setup(_ webhook: String?) throws -> Setup {
        let dir = try TempDir()
        let database = TestClickHouse.scratchDatabase("detect")
        _ = try dir.write("data/spend.csv", Self.csv())
        let alerts = webhook == nil ? "[\"console\", \"jsonl\"]" : "[\"console\", \"jsonl\", \"webhook\"]"
        let pipeline = try dir.write(
            "p.toml",
            """
            version = 1
            [pipeline]
            name = "spend-watch"
            state_dir = "state"
            [source]
            type = "csv"
            paths = ["data/*.csv"]
            columns = [
                { name = "day", type = "date", nullable = false },
                { name = "provider", type = "string", nullable = false },
                { name = "cost", type = "decimal(38,12)", money = true },
            ]
            [sink]
            type = "clickhouse"
            url = "${CLICKHOUSE_URL}"
            database = "\(database)"
            table = "daily"
            order_by = ["day", "provider"]
            partition_by = "toYYYYMM(day)"
            strategy = "replace_partition"

            [[detect]]
            id = "daily-cost"
            detector = "spend_spike"
            time_column = "day"
            value = "sum(cost)"
            unit = "money"
            currency = "USD"
            dimensions = ["provider"]
            alerts = \(alerts)
            alerts_file = "alerts.jsonl"
            \(webhook == nil ? "" : "webhook_url = \"${ALERT_WEBHOOK}\"")
            options = { min_impact = 100, min_percent = 50, ignore_recent_hours = 0 }
            """)
        var env = ["CLICKHOUSE_URL": try TestClickHouse.url()]
        if let webhook { env["ALERT_WEBHOOK"] = webhook }
        return Setup(dir: dir, pipeline: pipeline, database: database, env: env)
    }

    func run(_ s: Setup, _ extra: [String] = [], command: String = "run") async throws -> CommandResult {
        try await runTributary([command, s.pipeline.path] + extra + (command == "run" ? ["--no-progress"] : []),
                               environment: s.env, in: s.dir.url)
    }

    @Test func aPlantedSpikeIsFoundOnceAlertedOnceAndAcknowledged() async throws {
        let server = try LoopbackHTTPServer { _ in .json("{\"ok\":true}") }
        defer { server.stop() }
        let s = try setup(server.url("/hooks/T000/B000/secret-token").absoluteString)
        defer { s.dir.cleanup() }
        let first = try await run(s)
        #expect(first.status == 0, "\(first.stderr)\n\(first.stdout)")
        #expect(first.stdout.contains("daily-cost (spend_spike): 1 finding(s) in 2 series"), "\(first.stdout)")
        #expect(first.stdout.contains("opened: "), "\(first.stdout)")
        #expect(first.stdout.contains("openai"), "\(first.stdout)")
        #expect(!first.stdout.contains("secret-token") && !first.stderr.contains("secret-token"), "the URL is a secret")
        // The webhook got one Slack-compatible message naming the provider and the day.
        let posts = server.requests(to: "/hooks/T000/B000/secret-token")
        #expect(posts.count == 1)
        let body = String(decoding: posts.first?.body ?? [], as: UTF8.self)
        #expect(body.contains("\"text\":") && body.contains("openai") && body.contains("2025-03-04"), "\(body)")
        let fileLines = try String(contentsOf: s.dir.url.appendingPathComponent("alerts.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(fileLines.count == 1 && fileLines[0].contains("\"kind\":\"opened\""), "\(fileLines)")

        // Run again: the same finding, updated, not duplicated; no new alert.
        let again = try await run(s, command: "detect")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("alerts: 0 opened"), "\(again.stdout)")
        #expect(server.requests(to: "/hooks/T000/B000/secret-token").count == 1)
        let rows = try await TestClickHouse.query(
            "SELECT finding_id, dimensions.value, toString(actual) FROM \(s.database).anomalies FINAL FORMAT TSV")
        let fields = rows.split(separator: "\t")
        #expect(rows.split(separator: "\n").count == 1, "\(rows)")
        #expect(rows.contains("['openai','USD']") || rows.contains("['openai']"), "\(rows)")
        let id = String(fields.first ?? "")

        // Acknowledge it: the next runs stay quiet about it, and the table says so.
        let ack = try await runTributary(
            ["anomalies", "ack", id, "--reason", "planned load test", "--pipeline", s.pipeline.path],
            environment: s.env, in: s.dir.url)
        #expect(ack.status == 0, "\(ack.stderr)\n\(ack.stdout)")
        let acked = try await TestClickHouse.query(
            "SELECT acknowledged, ack_reason FROM \(s.database).anomalies FINAL FORMAT TSV")
        #expect(acked == "1\tplanned load test\n")
        let third = try await run(s, command: "detect")
        #expect(third.stdout.contains("alerts: 0 opened, 0 closed"), "\(third.stdout)")
        #expect(try await TestClickHouse.query(
            "SELECT acknowledged FROM \(s.database).anomalies FINAL FORMAT TSV") == "1\n")
    }

    @Test func aFailingWebhookKeepsItsAlertsAndDoesNotFailTheLoad() async throws {
        let failing = ResponseScript([:], fallback: .text("boom", status: 500))
        let server = try LoopbackHTTPServer(script: failing)
        defer { server.stop() }
        let s = try setup(server.url("/hook").absoluteString)
        defer { s.dir.cleanup() }
        let first = try await run(s)
        #expect(first.status == 0, "\(first.stderr)\n\(first.stdout)")
        #expect(first.stdout.contains("Loaded 140 rows"), "\(first.stdout)")
        #expect(first.stdout.contains("1 alert(s) kept for the next run"), "\(first.stdout)")
        #expect(server.requests(to: "/hook").count == 4, "four attempts with backoff")
        let pending = try await TestClickHouse.query(
            "SELECT webhook_pending FROM \(s.database).anomalies FINAL FORMAT TSV")
        #expect(pending == "opened\n")
        // The next run offers the kept alert again, though the finding is no longer new.
        failing.on("/hook", [.json("{}")])
        let second = try await run(s, command: "detect")
        #expect(second.status == 0)
        #expect(server.requests(to: "/hook").count == 5)
        #expect(try await TestClickHouse.query(
            "SELECT webhook_pending FROM \(s.database).anomalies FINAL FORMAT TSV") == "\n")
    }

    @Test func aDetectionOfAColumnThatDoesNotExistIsRefusedWithItsLine() async throws {
        let s = try setup(nil)
        defer { s.dir.cleanup() }
        var text = try String(contentsOf: s.pipeline, encoding: .utf8)
        text = text.replacingOccurrences(of: "value = \"sum(cost)\"", with: "value = \"sum(costs)\"")
        text = text.replacingOccurrences(of: "dimensions = [\"provider\"]", with: "dimensions = [\"providr\"]")
        try text.write(to: s.pipeline, atomically: true, encoding: .utf8)
        let r = try await runTributary(["validate", s.pipeline.path], environment: s.env, in: s.dir.url)
        #expect(r.status == 2)
        #expect(r.stderr.contains("p.toml:26:9: error: detect[0].value: table daily has no column 'costs'; did you mean 'cost'?"), "\(r.stderr)")
        #expect(r.stderr.contains("detect[0].dimensions: table daily has no column 'providr'; did you mean 'provider'?"), "\(r.stderr)")
    }
}
