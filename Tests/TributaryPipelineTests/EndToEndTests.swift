import Foundation
import Testing

/// The built `tributary` binary on real files, against the real ClickHouse server that `make test` starts.
@Suite(.serialized) struct EndToEndTests {
    @Test func sampleUsagePipelineLoadsExactlyTheExpectedRowsAndMoney() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_usage")
        let work = try TempDir()
        defer { work.cleanup() }
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db]
        let result = try await runTributary(
            ["run", packageRoot.appendingPathComponent("Pipelines/usage-csv.toml").path, "--log-format", "json"],
            environment: env, in: work.url)
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")

        // Independently computed from the sample files (see SampleData/README.md).
        // Decimals are compared in SQL: servers print them with different trailing zeros.
        let landed = try await TestClickHouse.query(
            """
            SELECT billing_month, count(),
                   sum(cost) = multiIf(billing_month = 202501, toDecimal128('819.49644', 12),
                                       billing_month = 202502, toDecimal128('686.790799', 12),
                                       toDecimal128('802.222151', 12))
            FROM \(db).llm_usage_daily GROUP BY billing_month ORDER BY billing_month FORMAT TSV
            """)
        #expect(landed == "202501\t295\t1\n202502\t268\t1\n202503\t298\t1\n")
        let newline = try await TestClickHouse.query(
            "SELECT count() FROM \(db).llm_usage_daily WHERE project_name = 'Support bot, EU\\nsecond line' FORMAT TSV")
        #expect(newline == "1\n")

        // The summary reconciles per file, money exactly.
        #expect(result.stdout.contains("\"status\":\"succeeded\""))
        #expect(result.stdout.contains("\"rows_read\":900"))
        #expect(result.stdout.contains("\"rows_loaded\":861"))
        #expect(
            result.stdout.contains(
                "\"column\":\"cost\",\"read\":823.427576000000,\"loaded\":819.496440000000,\"filtered\":0.000000000000,\"rejected\":3.931136000000"
            ))
        #expect(!result.stdout.contains("\"reconciled\":false"))

        // Three rejects, each naming file, line, field and reason.
        let rejectsDir = work.url.appendingPathComponent(".tributary/rejects/usage-csv")
        let files = try FileManager.default.contentsOfDirectory(atPath: rejectsDir.path)
        #expect(files.count == 1)
        let lines = try String(contentsOf: rejectsDir.appendingPathComponent(files[0]), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let byLine = Dictionary(
            uniqueKeysWithValues: try lines.map { l -> (Int, [String: Any]) in
                let o = try #require(try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any])
                return (o["line"] as? Int ?? 0, o)
            })
        #expect(byLine[12]?["field"] as? String == "cost_usd")
        #expect((byLine[12]?["reason"] as? String)?.contains("n/a") == true)
        #expect(byLine[22]?["field"] as? String == "provider")
        #expect(byLine[27]?["field"] as? String == "model")
        #expect((byLine[12]?["source_file"] as? String)?.hasSuffix("SampleData/usage/2025-01.csv") == true)
        #expect((byLine[12]?["raw"] as? [String: Any])?["cost_usd"] as? String == "n/a")
    }

    @Test func sampleRequestsPipelineLoadsJSONLines() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_requests")
        let work = try TempDir()
        defer { work.cleanup() }
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db]
        let result = try await runTributary(
            ["run", packageRoot.appendingPathComponent("Pipelines/requests-jsonl.toml").path], environment: env,
            in: work.url)
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
        let landed = try await TestClickHouse.query(
            """
            SELECT count(), sum(spend) = toDecimal128('17.347227', 12), sum(input_tokens) > 0,
                   countIf(length(tags) > 0) > 0
            FROM \(db).llm_requests FORMAT TSV
            """)
        #expect(landed == "399\t1\t1\t1\n")
        #expect(result.stdout.contains("✓"))
    }
}
