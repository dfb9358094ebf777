import Foundation
import Testing
import TributaryCore

/// `Pipelines/azure-cost.toml` run by the built `tributary` against the real ClickHouse: the sample's totals land
/// exactly and re-runs double nothing; planted bad rows in a copy become rejects that say where and why.
@Suite(.serialized) struct AzureEndToEndTests {
    static let january = "SampleData/azure/ea/kestrel-ea-actualcost-2025-01.csv"

    @Test func theSamplePipelineLoadsTheExpectedTotalsAndRerunsDoubleNothing() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_azure")
        let work = try TempDir()
        defer { work.cleanup() }
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db]
        let pipeline = packageRoot.appendingPathComponent("Pipelines/azure-cost.toml").path
        let expected = try SampleSpendTotals.expected(provider: "azure")
        #expect(expected.map(\.month) == ["2025-01", "2025-02", "2025-03"])
        for arguments in [[], [], ["--full-refresh"]] {
            let result = try await runTributary(
                ["run", pipeline, "--no-progress"] + arguments, environment: env, in: work.url)
            #expect(result.status == 0, "\(arguments): \(result.stderr)\n\(result.stdout)")
            #expect(try await SampleSpendTotals.loaded(database: db) == expected, "\(arguments)")
        }
        let facts = try await TestClickHouse.query(
            """
            SELECT uniqExact(billing_account_id), uniqExact(sub_account_id),
                   groupUniqArrayIf(x_model, x_model IS NOT NULL), countIf(has(tags.key, 'team')),
                   countIf(x_data_status = 'estimated'),
                   countIf(consumed_unit = 'Tokens')
            FROM \(db).spend FORMAT TSV
            """)
        #expect(facts == "2\t2\t['gpt-4o']\t540\t540\t270\n")
    }

    @Test func plantedBadRowsAreRejectedWithTheirPlaceAndTheRestLoads() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_azure_bad")
        let work = try TempDir()
        defer { work.cleanup() }
        // A copy of January with three bad rows appended, each a good row with one field spoilt.
        var text = try String(contentsOf: packageRoot.appendingPathComponent(Self.january), encoding: .utf8)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: true).map(String.init)
        let good = try #require(lines.dropFirst().first)
        let cost = ",22.008240,eng,"
        #expect(good.contains(cost) && good.contains(",USD,") && good.contains(",01/01/2025,Virtual"))
        for bad in [
            good.replacingOccurrences(of: cost, with: ",n/a,eng,"),  // line 188
            good.replacingOccurrences(of: ",USD,", with: ",ZZZ,"),  // line 189
            good.replacingOccurrences(of: ",01/01/2025,Virtual", with: ",13/01/2025,Virtual"),  // line 190
        ] {
            text += bad + "\r\n"
        }
        _ = try work.write("data/kestrel-ea-actualcost-2025-01.csv", text)
        let pipeline = try work.write(
            "pipeline.toml",
            """
            version = 1

            [pipeline]
            name = "azure-bad"

            [source]
            id = "azure"
            type = "azure_cost"
            paths = ["data/*.csv"]

            [sink]
            type = "clickhouse"
            url = "${CLICKHOUSE_URL}"
            database = "\(db)"

            """)
        let result = try await runTributary(
            ["run", pipeline.path, "--no-progress", "--log-format", "json"],
            environment: ["CLICKHOUSE_URL": try TestClickHouse.url()], in: work.url)
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
        let january = try #require(try SampleSpendTotals.expected(provider: "azure").first)
        #expect(try await SampleSpendTotals.loaded(database: db) == [january])
        #expect(result.stdout.contains("\"rows_read\":189"))
        #expect(result.stdout.contains("\"rows_rejected\":3"))
        #expect(!result.stdout.contains("\"reconciled\":false"))

        let folder = work.url.appendingPathComponent(".tributary/rejects/azure-bad")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let rejects = try String(contentsOf: folder.appendingPathComponent(try #require(names.first)), encoding: .utf8)
            .split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
        #expect(rejects.map { $0["line"] as? Int } == [188, 189, 190])
        #expect(rejects.map { $0["field"] as? String } == ["CostInBillingCurrency", "BillingCurrencyCode", "Date"])
        #expect(
            rejects.map { $0["reason"] as? String } == [
                "'n/a' is not a decimal number", "unknown currency 'ZZZ' (not an ISO 4217 code)",
                "'13/01/2025' does not match %m/%d/%Y",
            ])
        #expect(rejects.allSatisfy { ($0["source_file"] as? String) == "data/kestrel-ea-actualcost-2025-01.csv" })
    }
}
