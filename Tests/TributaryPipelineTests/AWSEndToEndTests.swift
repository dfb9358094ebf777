import Foundation
import Testing
import TributaryCore

/// `Pipelines/aws-cur.toml` run by the built `tributary` against the real ClickHouse: the sample's totals land
/// exactly, re-runs double nothing, and a re-delivered month replaces the delivery before it.
@Suite(.serialized) struct AWSEndToEndTests {
    static let export = "SampleData/aws/kestrel-cur2"
    static let febMetadata = "metadata/BILLING_PERIOD=2025-02"
    static let firstRun = "20250227T061204Z-7c1d2e3f-0202-4a5b-8c9d-0e1f2a3b0201"
    static let finalRun = "20250304T061033Z-9e8d7c6b-0202-4f3e-a2b1-c0d9e8f70202"

    @Test func theSamplePipelineLoadsTheExpectedTotalsAndRerunsDoubleNothing() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_aws")
        let work = try TempDir()
        defer { work.cleanup() }
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db]
        let pipeline = packageRoot.appendingPathComponent("Pipelines/aws-cur.toml").path
        let expected = try SampleSpendTotals.expected(provider: "aws")
        #expect(expected.map(\.month) == ["2025-01", "2025-02", "2025-03"])
        for arguments in [["--log-format", "json"], [], ["--full-refresh"]] {
            let result = try await runTributary(
                ["run", pipeline, "--no-progress"] + arguments, environment: env, in: work.url)
            #expect(result.status == 0, "\(arguments): \(result.stderr)\n\(result.stdout)")
            #expect(try await SampleSpendTotals.loaded(database: db) == expected, "\(arguments)")
            if arguments.isEmpty {
                #expect(result.stdout.contains("nothing new") || result.stderr.contains("nothing new"))
            }
        }
        // What the sample plants, as it landed.
        let facts = try await TestClickHouse.query(
            """
            SELECT countIf(charge_category = 'Credit' AND billed_cost = toDecimal128('-50', 12)),
                   groupUniqArrayIf(x_model, x_model IS NOT NULL),
                   countIf(toYYYYMM(billing_period_start) = 202503 AND x_data_status = 'estimated'),
                   countIf(toYYYYMM(billing_period_start) < 202503 AND x_data_status = 'final'),
                   countIf(x_source_file LIKE '%\(Self.firstRun)%'),
                   countIf(billing_account_id = '333333333333' AND has(tags.key, 'aws:createdBy'))
            FROM \(db).spend FORMAT TSV
            """)
        let fields = facts.trimmingCharacters(in: .newlines).split(separator: "\t").map(String.init)
        #expect(fields.count == 6)
        #expect(fields.first == "1")
        #expect(
            Set(fields.dropFirst().first?.trimmingCharacters(in: ["[", "]"]).split(separator: ",") ?? [])
                == ["'Claude Sonnet 4'", "'Claude3Haiku'"])
        #expect(fields.dropFirst(2).first == "285")
        #expect(fields.dropFirst(3).first == "629")
        #expect(fields.dropFirst(4).first == "0")
        #expect(fields.dropFirst(5).first == "28")
    }

    @Test func aRestatedFebruaryReplacesTheFirstDelivery() async throws {
        let scenario = try CURDeliveryScenario()
        defer { scenario.work.cleanup() }
        try scenario.withholdFinalFebruary()
        let expected = try SampleSpendTotals.expected(provider: "aws")
        let deliveries = try CURDeliveryScenario.deliveries()
        let first = try #require(deliveries["kestrel-cur2/\(Self.firstRun)"])
        let legacy = try #require(deliveries["legacy/kestrel-labs-2025-02.csv"])
        let estimatedFebruary = SampleSpendTotal(
            provider: "aws", month: "2025-02", currency: "USD", rows: first.rows + legacy.rows,
            amount: try #require(first.amount.adding(legacy.amount)))

        let before = try await scenario.run()
        #expect(before.status == 0, "\(before.stderr)\n\(before.stdout)")
        #expect(
            try await SampleSpendTotals.loaded(database: scenario.database) == [
                expected[0], estimatedFebruary, expected[2],
            ])
        #expect(try await scenario.februaryStatuses() == "estimated\t238\nfinal\t85\n")

        try scenario.deliverFinalFebruary()
        let after = try await scenario.run()
        #expect(after.status == 0, "\(after.stderr)\n\(after.stdout)")
        #expect(try await SampleSpendTotals.loaded(database: scenario.database) == expected)
        #expect(try await scenario.februaryStatuses() == "final\t343\n")
        // January and March were loaded and unchanged: the restated February alone was read (with the legacy
        // file that shares its partition).
        #expect(after.stdout.contains("kestrel-cur2-00002.csv.gz"))
        #expect(!after.stdout.contains("BILLING_PERIOD=2025-01"))

        let again = try await scenario.run()
        #expect(again.status == 0)
        #expect(try await SampleSpendTotals.loaded(database: scenario.database) == expected)
    }

    @Test func aManifestListingAMissingFileStopsTheRunBeforeLoading() async throws {
        let scenario = try CURDeliveryScenario()
        defer { scenario.work.cleanup() }
        let chunk = "data/BILLING_PERIOD=2025-02/\(Self.finalRun)/kestrel-cur2-00002.csv.gz"
        try FileManager.default.removeItem(at: scenario.export.appendingPathComponent(chunk))
        let result = try await scenario.run()
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "../SampleData/aws/kestrel-cur2/\(Self.febMetadata)/kestrel-cur2-Manifest.json: error: the manifest "
                    + "lists s3://kestrel-billing/cur/kestrel-cur2/\(chunk), which is not in the delivery"),
            "\(result.stderr)")
        let tables = try await TestClickHouse.query(
            "SELECT count() FROM system.tables WHERE database = '\(scenario.database)' AND name = 'spend' FORMAT TSV")
        if tables == "1\n" {
            #expect(
                try await TestClickHouse.query("SELECT count() FROM \(scenario.database).spend FORMAT TSV") == "0\n")
        }
    }
}

/// The sample pipeline and a copy of the AWS sample in a temporary folder laid out as the package is
/// (`Pipelines/aws-cur.toml`, `SampleData/aws/…`), so that deliveries can be held back and delivered.
struct CURDeliveryScenario {
    let work: TempDir
    let database = TestClickHouse.scratchDatabase("e2e_aws_restate")
    var export: URL { work.url.appendingPathComponent(AWSEndToEndTests.export) }
    var held: URL { work.url.appendingPathComponent("held") }

    init() throws {
        work = try TempDir()
        try SampleSpendTotals.copy(
            "Pipelines/aws-cur.toml", to: work.url.appendingPathComponent("Pipelines/aws-cur.toml"))
        try SampleSpendTotals.copy(AWSEndToEndTests.export, to: export)
        try SampleSpendTotals.copy(
            "SampleData/aws/legacy", to: work.url.appendingPathComponent("SampleData/aws/legacy"))
    }

    /// February as it stood on 2025-02-27: the final run not delivered, the period-level manifest the first run's.
    func withholdFinalFebruary() throws {
        let fm = FileManager.default
        try fm.createDirectory(at: held, withIntermediateDirectories: true)
        for part in ["data", "metadata"] {
            try fm.moveItem(
                at: export.appendingPathComponent("\(part)/BILLING_PERIOD=2025-02/\(AWSEndToEndTests.finalRun)"),
                to: held.appendingPathComponent(part))
        }
        try pointFebruary(at: AWSEndToEndTests.firstRun)
    }

    /// The final run delivered: its files, then (as AWS writes it last) the period-level manifest.
    func deliverFinalFebruary() throws {
        for part in ["data", "metadata"] {
            try FileManager.default.moveItem(
                at: held.appendingPathComponent(part),
                to: export.appendingPathComponent("\(part)/BILLING_PERIOD=2025-02/\(AWSEndToEndTests.finalRun)"))
        }
        try pointFebruary(at: AWSEndToEndTests.finalRun)
    }

    private func pointFebruary(at run: String) throws {
        let metadata = export.appendingPathComponent(AWSEndToEndTests.febMetadata)
        let pointer = metadata.appendingPathComponent("kestrel-cur2-Manifest.json")
        try FileManager.default.removeItem(at: pointer)
        try FileManager.default.copyItem(
            at: metadata.appendingPathComponent("\(run)/kestrel-cur2-Manifest.json"), to: pointer)
    }

    func run() async throws -> CommandResult {
        try await runTributary(
            ["run", work.url.appendingPathComponent("Pipelines/aws-cur.toml").path, "--no-progress"],
            environment: ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": database], in: work.url)
    }

    /// February's rows by data status.
    func februaryStatuses() async throws -> String {
        try await TestClickHouse.query(
            """
            SELECT x_data_status, count() FROM \(database).spend WHERE toYYYYMM(billing_period_start) = 202502
            GROUP BY x_data_status ORDER BY x_data_status FORMAT TSV
            """)
    }

    /// SampleData/aws/expected-deliveries.csv: rows and amount of each delivery, by its name.
    static func deliveries() throws -> [String: (rows: Int, amount: ExactDecimal)] {
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent("SampleData/aws/expected-deliveries.csv"), encoding: .utf8)
        var out: [String: (rows: Int, amount: ExactDecimal)] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 5, let rows = Int(f[3]), let amount = ExactDecimal(f[4]) else {
                throw TestSetupError("expected-deliveries.csv: bad line '\(line)'")
            }
            out[f[0]] = (rows, amount)
        }
        return out
    }
}
