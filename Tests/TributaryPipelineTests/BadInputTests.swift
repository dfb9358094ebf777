import Foundation
import Testing

/// Each bad input of the foundation issue: the message names the file and line or the key, and no row goes
/// missing from the counts.
@Suite(.serialized) struct BadInputTests {
    /// A one-file CSV pipeline in a temp folder; `sink` defaults to a file sink so that no server is needed.
    func pipeline(_ dir: TempDir, csvName: String = "in.csv", sink: String? = nil, extra: String = "") throws -> URL {
        let text = """
            version = 1
            [pipeline]
            name = "bad-input"
            \(extra)
            [source]
            type = "csv"
            paths = ["\(csvName)"]
            columns = [
                { name = "day", type = "date", nullable = false },
                { name = "model", type = "string" },
                { name = "cost", type = "decimal(38,12)", money = true },
            ]
            \(sink ?? "[sink]\ntype = \"file\"\npath = \"out.tsv\"")
            """
        return try dir.write("p.toml", text)
    }

    func run(_ dir: TempDir, _ p: URL, _ extra: [String] = [], env: [String: String] = [:]) async throws -> CommandResult {
        try await runTributary(["run", p.path, "--log-format", "json"] + extra, environment: env, in: dir.url)
    }

    func rejects(_ dir: TempDir) throws -> [[String: Any]] {
        let folder = dir.url.appendingPathComponent(".tributary/rejects/bad-input")
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path), let f = files.first else {
            return []
        }
        return try String(contentsOf: folder.appendingPathComponent(f), encoding: .utf8).split(separator: "\n")
            .map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func tomlSyntaxErrorIsRefusedWithLineAndColumn() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let p = try dir.write("p.toml", "version = 1\n[pipeline\nname = \"x\"\n")
        let r = try await runTributary(["validate", p.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(p.path):2:"), "\(r.stderr)")
        #expect(r.stderr.contains("error:"))
    }

    @Test func unknownKeyNamesTheNearestKnownOne() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let p = try pipeline(dir, extra: "max_rejets = 3")
        let r = try await runTributary(["validate", p.path])
        #expect(r.status == 2)
        #expect(
            r.stderr.contains(
                "\(p.path):4:1: error: pipeline.max_rejets: unknown key 'max_rejets'; did you mean 'max_rejects'?"),
            "\(r.stderr)")
    }

    @Test func unsetEnvironmentVariableIsAnError() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let p = try pipeline(dir, sink: "[sink]\ntype = \"file\"\npath = \"${TRIBUTARY_TEST_SURELY_UNSET}\"")
        let r = try await runTributary(["run", p.path])
        #expect(r.status == 2)
        #expect(
            r.stderr.contains("sink.path: environment variable TRIBUTARY_TEST_SURELY_UNSET is not set"), "\(r.stderr)")
    }

    @Test func shortRowIsRejectedAndCounted() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        _ = try dir.write("in.csv", "day,model,cost\n2025-01-01,a,1.50\n2025-01-02,b\n2025-01-03,c,2.25\n")
        let r = try await run(dir, try pipeline(dir))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"rows_read\":3,\"rows_loaded\":2,\"rows_filtered\":0,\"rows_rejected\":1"))
        let rejected = try rejects(dir)
        #expect(rejected.count == 1)
        #expect(rejected.first?["line"] as? Int == 3)
        #expect((rejected.first?["reason"] as? String)?.contains("2 fields") == true, "\(rejected)")
        #expect(
            try String(contentsOf: dir.url.appendingPathComponent("out.tsv"), encoding: .utf8)
                == "2025-01-01\ta\t1.500000000000\n2025-01-03\tc\t2.250000000000\n")
    }

    @Test func unterminatedQuoteAtEndOfFileIsRejected() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        _ = try dir.write("in.csv", "day,model,cost\n2025-01-01,a,1.50\n2025-01-02,\"b,2.00\n")
        let r = try await run(dir, try pipeline(dir))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"rows_read\":2,\"rows_loaded\":1,\"rows_filtered\":0,\"rows_rejected\":1"))
        let rejected = try rejects(dir)
        #expect(rejected.first?["line"] as? Int == 3)
        #expect((rejected.first?["reason"] as? String)?.contains("quote") == true, "\(rejected)")
    }

    @Test func invalidUTF8IsRejectedNamingLineAndField() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var bytes = Array("day,model,cost\n2025-01-01,ok,1\n2025-01-02,".utf8)
        bytes += [0x62, 0xFF, 0x63]
        bytes += Array(",2\n".utf8)
        _ = try dir.write("in.csv", bytes: bytes)
        let r = try await run(dir, try pipeline(dir))
        #expect(r.status == 0, "\(r.stderr)")
        let rejected = try rejects(dir)
        #expect(rejected.count == 1)
        #expect(rejected.first?["line"] as? Int == 3)
        #expect(rejected.first?["field"] as? String == "model")
        #expect((rejected.first?["reason"] as? String)?.contains("UTF-8") == true)
        #expect(
            r.stdout.contains(
                "\"read\":3.000000000000,\"loaded\":1.000000000000,\"filtered\":0.000000000000,\"rejected\":2.000000000000"
            ))
    }

    @Test func nonNumericDecimalIsRejected() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        _ = try dir.write("in.csv", "day,model,cost\n2025-01-01,a,12,5x\n2025-01-01,a,\"12,5x\"\n2025-01-01,a,7\n")
        let r = try await run(dir, try pipeline(dir))
        #expect(r.status == 0, "\(r.stderr)")
        let rejected = try rejects(dir)
        #expect(rejected.count == 2)
        let decimal = rejected.first { $0["line"] as? Int == 3 }
        #expect(decimal?["field"] as? String == "cost")
        #expect((decimal?["reason"] as? String)?.contains("12,5x") == true, "\(rejected)")
        #expect(r.stdout.contains("\"rows_read\":3,\"rows_loaded\":1"))
    }

    @Test func truncatedGzipFailsTheRunNamingTheFile() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var text = "day,model,cost\n"
        for i in 0..<5000 { text += "2025-01-01,model-\(i),\(i).25\n" }
        let plain = try dir.write("in.csv", text)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-f", plain.path]
        try gzip.run()
        gzip.waitUntilExit()
        let gz = dir.url.appendingPathComponent("in.csv.gz")
        let data = try Data(contentsOf: gz)
        try data.prefix(data.count / 2).write(to: gz)
        let r = try await run(dir, try pipeline(dir, csvName: "in.csv.gz"))
        #expect(r.status == 1)
        #expect(r.stderr.contains("in.csv.gz"), "\(r.stderr)")
        #expect(r.stderr.lowercased().contains("truncated") || r.stderr.lowercased().contains("gzip"), "\(r.stderr)")
    }

    @Test func clickHouseDownExits75() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        _ = try dir.write("in.csv", "day,model,cost\n2025-01-01,a,1\n")
        let sink =
            "[sink]\ntype = \"clickhouse\"\nurl = \"http://127.0.0.1:9\"\ntable = \"t\"\norder_by = [\"day\"]\ntimeout_secs = 2\nmax_retries = 1\nretry_base_delay_secs = 0.1"
        let r = try await run(dir, try pipeline(dir, sink: sink))
        #expect(r.status == 75, "\(r.stderr)")
        #expect(r.stderr.contains("127.0.0.1:9"), "\(r.stderr)")
    }

    @Test func wrongPasswordExits1AndSaysSo() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        _ = try dir.write("in.csv", "day,model,cost\n2025-01-01,a,1\n")
        let sink =
            "[sink]\ntype = \"clickhouse\"\nurl = \"${CLICKHOUSE_URL}\"\nuser = \"tributary_test\"\npassword = \"${CH_PASSWORD}\"\ntable = \"t\"\norder_by = [\"day\"]"
        let r = try await run(
            dir, try pipeline(dir, sink: sink),
            env: ["CLICKHOUSE_URL": try TestClickHouse.url(), "CH_PASSWORD": "wrong-password-xyz"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("tributary_test"), "\(r.stderr)")
        #expect(r.stderr.lowercased().contains("password") || r.stderr.lowercased().contains("credentials"))
        #expect(!r.stderr.contains("wrong-password-xyz") && !r.stdout.contains("wrong-password-xyz"))
    }

    @Test func conflictingColumnTypeIsRefusedBeforeLoading() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let db = TestClickHouse.scratchDatabase("conflict")
        try await TestClickHouse.query("CREATE DATABASE \(db)")
        try await TestClickHouse.query(
            "CREATE TABLE \(db).t (day Date, model Nullable(String), cost String, x_row_id UInt64) "
                + "ENGINE = ReplacingMergeTree ORDER BY (day, x_row_id)")
        _ = try dir.write("in.csv", "day,model,cost\n2025-01-01,a,1\n")
        let sink =
            "[sink]\ntype = \"clickhouse\"\nurl = \"${CLICKHOUSE_URL}\"\ndatabase = \"\(db)\"\ntable = \"t\"\norder_by = [\"day\"]"
        let r = try await run(dir, try pipeline(dir, sink: sink), env: ["CLICKHOUSE_URL": try TestClickHouse.url()])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("cost"), "\(r.stderr)")
        #expect(r.stderr.contains("String") && r.stderr.contains("Decimal(38, 12)"), "\(r.stderr)")
        #expect(try await TestClickHouse.query("SELECT count() FROM \(db).t FORMAT TSV") == "0\n")
    }

    @Test func rejectBudgetExceededExits3() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        _ = try dir.write("in.csv", "day,model,cost\n2025-01-01,a,x\n2025-01-01,a,y\n2025-01-01,a,1\n")
        let r = try await run(dir, try pipeline(dir, extra: "max_rejects = 1"))
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stdout.contains("\"status\":\"rejects_exceeded\""))
    }

    @Test func dryRunContactsNothing() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        _ = try dir.write("in.csv", "day,model,cost\n2025-01-01,a,1\n")
        let sink = "[sink]\ntype = \"clickhouse\"\nurl = \"http://127.0.0.1:9\"\ntable = \"t\"\norder_by = [\"day\"]"
        let r = try await runTributary(["run", try pipeline(dir, sink: sink).path, "--dry-run"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("dry run"))
    }

    @Test func planShowsSchemaAndDDLWithSecretsSealed() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let sink =
            "[sink]\ntype = \"clickhouse\"\nurl = \"http://127.0.0.1:8123\"\npassword = \"${CH_PASSWORD}\"\ntable = \"t\"\norder_by = [\"day\"]"
        let r = try await runTributary(
            ["plan", try pipeline(dir, sink: sink).path], environment: ["CH_PASSWORD": "do-not-print-me"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("password = \"•••\""))
        #expect(!r.stdout.contains("do-not-print-me"))
        #expect(r.stdout.contains("CREATE TABLE IF NOT EXISTS `tributary`.`t`"))
        #expect(r.stdout.contains("Decimal(38, 12)"))
        let v = try await runTributary(
            ["validate", try pipeline(dir, sink: sink).path], environment: ["CH_PASSWORD": "do-not-print-me"])
        #expect(v.status == 0)
        #expect(!v.stdout.contains("do-not-print-me"))
    }

    @Test func helpAndVersion() async throws {
        let v = try await runTributary(["--version"])
        #expect(v.status == 0 && v.stdout.hasPrefix("tributary "))
        let h = try await runTributary(["run", "--help"])
        #expect(h.status == 0 && h.stdout.contains("--dry-run"))
        let bad = try await runTributary(["runn"])
        #expect(bad.status == 2 && bad.stderr.contains("did you mean 'run'?"))
    }
}
