import Foundation
import Testing

/// The built binary records one `_tributary_runs` row per run in the sink's database.
@Suite(.serialized) struct RunHistoryEndToEndTests {
    @Test func aSucceededRunRecordsItsCountsAndExactMoney() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_history")
        let work = try TempDir()
        defer { work.cleanup() }
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db]
        let pipeline = packageRoot.appendingPathComponent("Pipelines/usage-csv.toml").path
        let result = try await runTributary(["run", pipeline], environment: env, in: work.url)
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
        #expect(!result.stdout.contains("run history not recorded"))

        // Sums over the three sample files (EndToEndTests has them per month); decimals compared in SQL.
        let row = try await TestClickHouse.query(
            """
            SELECT pipeline, mode, status, rows_read, rows_loaded, rows_filtered, rows_rejected, money.column,
                   money.read[1] = toDecimal128('2312.440526', 12),
                   money.loaded[1] = toDecimal128('2308.50939', 12),
                   money.filtered[1] = toDecimal128('0', 12),
                   money.rejected[1] = toDecimal128('3.931136', 12),
                   destination, isNull(error), finished_at >= started_at, host != ''
            FROM \(db)._tributary_runs FORMAT TSV
            """)
        #expect(
            row == "usage-csv\tincremental\tsucceeded\t900\t861\t36\t3\t['cost']\t1\t1\t1\t1\t"
                + "clickhouse \(db).llm_usage_daily\t1\t1\t1\n")
        // The same loaded amount as the table holds.
        let table = try await TestClickHouse.query(
            "SELECT sum(cost) = toDecimal128('2308.50939', 12) FROM \(db).llm_usage_daily FORMAT TSV")
        #expect(table == "1\n")
    }

    @Test func aRunPastItsRejectBudgetRecordsItsStatusAndError() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_history_rejects")
        let work = try TempDir()
        defer { work.cleanup() }
        _ = try work.write("in/a.csv", "day,cost\n2025-01-01,1.25\n2025-01-02,n/a\n2025-01-03,2.5\n")
        let file = try work.write(
            "p.toml",
            """
            version = 1
            [pipeline]
            name = "history-rejects"
            max_rejects = 0
            [source]
            type = "csv"
            paths = ["in/*.csv"]
            columns = [
                { name = "day", type = "date", nullable = false },
                { name = "cost", type = "decimal(38,12)", money = true },
            ]
            [sink]
            type = "clickhouse"
            url = "\(try TestClickHouse.url())"
            database = "\(db)"
            table = "t"
            order_by = ["day"]
            """)
        let result = try await runTributary(["run", file.path], in: work.url)
        #expect(result.status == 3, "\(result.stderr)\n\(result.stdout)")
        let row = try await TestClickHouse.query(
            """
            SELECT status, rows_read, rows_rejected, money.read[1] = toDecimal128('3.75', 12),
                   money.rejected[1] = toDecimal128('0', 12), position(error, 'more than max_rejects allows') > 0
            FROM \(db)._tributary_runs WHERE pipeline = 'history-rejects' FORMAT TSV
            """)
        #expect(row == "rejects_exceeded\t3\t1\t1\t1\t1\n")
    }

    @Test func aWrongPasswordIsNeitherPrintedNorStored() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_history_auth")
        let work = try TempDir()
        defer { work.cleanup() }
        let password = "s3cret-history-pw"
        let env = [
            "CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db, "CLICKHOUSE_PASSWORD": password,
        ]
        let pipeline = packageRoot.appendingPathComponent("Pipelines/usage-csv.toml").path
        let clock = ContinuousClock()
        let started = clock.now
        let result = try await runTributary(["run", pipeline, "--log-format", "json"], environment: env, in: work.url)
        #expect(clock.now - started < .seconds(60), "a refused history row must not add retries, nor hang")
        #expect(result.status != 0)
        #expect(!result.stdout.contains(password) && !result.stderr.contains(password))
        // The run's outcome stands; the history failure is a warning, in the log and in the summary.
        #expect(result.stderr.contains("run_history_failed"))
        #expect(result.stdout.contains("\"run_history_error\""))
        let stored = try await TestClickHouse.query(
            """
            SELECT count() FROM system.columns
            WHERE database = '\(db)' AND table = '_tributary_runs' FORMAT TSV
            """)
        if stored != "0\n" {
            let leaked = try await TestClickHouse.query(
                "SELECT count() FROM \(db)._tributary_runs WHERE position(ifNull(error, ''), '\(password)') > 0 FORMAT TSV"
            )
            #expect(leaked == "0\n")
        }
    }
}
