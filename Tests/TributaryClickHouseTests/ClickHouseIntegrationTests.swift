import Foundation
import Testing
import TributaryCore

@testable import TributaryClickHouse

/// Against the real server (`scripts/clickhouse start`); see `TestServer`.
@Suite(.serialized)
struct ClickHouseIntegrationTests {
    static let allTypes = Schema([
        Field("id", .int64, nullable: false), Field("s", .string), Field("s_req", .string, nullable: false),
        Field("i", .int64), Field("u", .uint64), Field("d", .money), Field("d_req", .money, nullable: false),
        Field("d4", .decimal(precision: 18, scale: 4)), Field("f", .float64), Field("b", .bool), Field("day", .date),
        Field("at", .dateTime), Field("tags", .stringArray),
    ])

    static let allTypesRows: [[Value]] = [
        [
            .int64(0), .string("plain"), .string("x"), .int64(42), .uint64(7), decimal("75.57"), decimal("-0.05"),
            decimal("12.3456"), .float64(0.1), .bool(true), date("2025-01-31"), dateTime("2025-03-04T05:06:07Z"),
            .stringArray(["a", "b"]),
        ],
        [
            .int64(1), .null, .string(""), .null, .null, .null, decimal("0"), .null, .null, .null, .null, .null, .null,
        ],
        [
            .int64(2), .string("tab\t nl\n cr\r bs\\ nul\u{0} bs\u{8} ff\u{C} quote' dq\" ünï ✓ \\N"),
            .string("\\N"), .int64(Int64.min), .uint64(UInt64.max),
            decimal("99999999999999999999999999.999999999999"), decimal("-99999999999999999999999999.999999999999"),
            decimal("99999999999999.9999"), .float64(1e-05), .bool(false), date("1970-01-02"),
            dateTime("1970-01-01T00:00:01Z"),
            .stringArray(["it's", "back\\slash", "tab\there", "", "new\nline", "[x]"]),
        ],
        [
            .int64(3), .string("'"), .string("[]"), .int64(Int64.max), .uint64(0), decimal("0.000000000001"),
            decimal("-0.000000000001"), decimal("-99999999999999.9999"), .float64(-.infinity), .bool(true),
            date("2099-12-31"), dateTime("2099-12-31T23:59:59Z"), .stringArray([]),
        ],
        [
            .int64(4), .string(String(repeating: "long text ", count: 500)), .string("ok"), .int64(-1),
            .uint64(1 << 63), decimal("-75.57"), decimal("1234567.000000000001"), decimal("0.0001"),
            .float64(.nan), .bool(false), date("2038-01-19"), dateTime("2038-01-19T03:14:08Z"),
            .stringArray(["ünï", "✓"]),
        ],
        [
            .int64(5), .string("x"), .string("y"), .int64(0), .uint64(1), decimal("1"), decimal("1"), decimal("1"),
            .float64(123456789.125), .bool(true), date("2000-02-29"), dateTime("2000-02-29T12:00:00Z"),
            .stringArray(["'", "\\", "',"]),
        ],
        [
            .int64(6), .string("e"), .string("e"), .int64(1), .uint64(2), decimal("0.5"), decimal("0.5"),
            decimal("0.5"),
            .float64(1e16), .bool(false), date("2025-12-31"), dateTime("2025-12-31T23:59:59Z"), .stringArray(["x"]),
        ],
    ]

    func configuration(_ url: URL, _ database: String, table: String = "usage") -> ClickHouseLoader.Configuration {
        ClickHouseLoader.Configuration(
            url: url, database: database, table: table, orderBy: ["id"], maxInsertRows: 3, maxRetries: 2,
            retryBaseDelaySecs: 0.05, retryMaxDelaySecs: 0.2)
    }

    @Test(arguments: [ClickHouseLoader.Configuration.Compression.gzip, .none])
    func everyTypeRoundTripsExactly(compression: ClickHouseLoader.Configuration.Compression) async throws {
        try await TestServer.withDatabase { database, client, url in
            var config = configuration(url, database)
            config.compression = compression
            let loader = ClickHouseLoader(configuration: config, runID: "roundtrip")
            try await loader.prepare(schema: Self.allTypes)
            let receipt = try await loader.withConcurrentInserts {
                try await loader.write(makeBatch(Self.allTypes, Array(Self.allTypesRows[0..<4]), file: "a.csv"))
                try await loader.write(makeBatch(Self.allTypes, Array(Self.allTypesRows[4...]), file: "b.csv"))
                return try await loader.commit()
            }
            #expect(receipt.rows == Self.allTypesRows.count)
            #expect(receipt.inserts == 3)

            let columns = try await ClickHouseSchemaManager(database: database, table: "usage").columns(client)
            #expect(
                columns.map(\.type) == [
                    "Int64", "Nullable(String)", "String", "Nullable(Int64)", "Nullable(UInt64)",
                    "Nullable(Decimal(38, 12))", "Decimal(38, 12)", "Nullable(Decimal(18, 4))", "Nullable(Float64)",
                    "Nullable(UInt8)", "Nullable(Date)", "Nullable(DateTime('UTC'))", "Array(String)",
                ])
            let text = try await client.query("SELECT * FROM \(database).usage ORDER BY id FORMAT TabSeparated")
            let rows = try ReadBack.rows(text, schema: Self.allTypes)
            try #require(rows.count == Self.allTypesRows.count)
            for (got, want) in zip(rows, Self.allTypesRows) {
                for (j, field) in Self.allTypes.fields.enumerated() {
                    // A NULL list is stored as [], since Array cannot be Nullable.
                    let expected = field.type == .stringArray && want[j] == .null ? .stringArray([]) : want[j]
                    #expect(ReadBack.same(got[j], expected), "row \(want[0]) column \(field.name)")
                }
            }
            // Exact decimals, compared on the server side too. (A sum of d would overflow Decimal(38, 12); and
            // 18.16's toString() garbles 38-digit Decimal128 values, though its TabSeparated output is right.)
            let extreme = "99999999999999999999999999.999999999999"
            let checks = try await client.query(
                "SELECT max(d) = toDecimal128('\(extreme)', 12), min(d_req) = toDecimal128('-\(extreme)', 12), "
                    + "toString(sum(d4)) FROM \(database).usage FORMAT TabSeparated")
            #expect(checks == "1\t1\t13.8457\n")
        }
    }

    @Test func schemaEvolutionAddsANullableColumn() async throws {
        try await TestServer.withDatabase { database, client, url in
            let v1 = Schema([Field("id", .int64, nullable: false), Field("cost", .money)])
            let first = ClickHouseLoader(configuration: configuration(url, database), runID: "v1")
            try await first.prepare(schema: v1)
            try await first.write(makeBatch(v1, [[.int64(1), decimal("1.5")]]))
            _ = try await first.commit()

            let v2 = Schema(v1.fields + [Field("units", .int64, nullable: false), Field("labels", .stringArray)])
            let second = ClickHouseLoader(configuration: configuration(url, database), runID: "v2")
            try await second.prepare(schema: v2)
            let alter =
                "ALTER TABLE `\(database)`.`usage` "
                + "ADD COLUMN `units` Nullable(Int64), ADD COLUMN `labels` Array(String)"
            #expect(await second.preparedStatements.last == alter)
            try await second.write(makeBatch(v2, [[.int64(2), decimal("2"), .int64(5), .stringArray(["n"])]]))
            _ = try await second.commit()

            let columns = try await ClickHouseSchemaManager(database: database, table: "usage").columns(client)
            #expect(columns.map(\.name) == ["id", "cost", "units", "labels"])
            #expect(columns.map(\.type) == ["Int64", "Nullable(Decimal(38, 12))", "Nullable(Int64)", "Array(String)"])
            let text = try await client.query("SELECT * FROM \(database).usage ORDER BY id FORMAT TabSeparated")
            #expect(text == "1\t1.500000000000\t\\N\t[]\n2\t2.000000000000\t5\t['n']\n")

            // Preparing the same schema again changes nothing.
            let third = ClickHouseLoader(configuration: configuration(url, database), runID: "v3")
            try await third.prepare(schema: v2)
            #expect(await third.preparedStatements.count == 2)
        }
    }

    @Test func aTypeConflictIsRefusedBeforeLoading() async throws {
        try await TestServer.withDatabase { database, client, url in
            _ = try await client.query(
                "CREATE TABLE \(database).usage (id Int64, cost String) ENGINE = MergeTree ORDER BY id")
            let schema = Schema([Field("id", .int64, nullable: false), Field("cost", .money)])
            let loader = ClickHouseLoader(configuration: configuration(url, database), runID: "conflict")
            let error = await clickHouseError { try await loader.prepare(schema: schema) }
            #expect(
                error
                    == .typeConflict(
                        column: "cost", table: "\(database).usage", existing: "String",
                        written: "Nullable(Decimal(38, 12))"))
            #expect(
                error?.description.hasPrefix(
                    "column `cost` is String in \(database).usage but the pipeline writes Nullable(Decimal(38, 12))")
                    == true)
            #expect(error?.failureClass == .permanent)
            let nothing = await clickHouseError { try await loader.write(makeBatch(schema, [[.int64(1), .null]])) }
            #expect(nothing == .notPrepared(table: "usage"))
            #expect(try await client.query("SELECT count() FROM \(database).usage") == "0\n")
            let columns = try await ClickHouseSchemaManager(database: database, table: "usage").columns(client)
            #expect(columns.map(\.type) == ["Int64", "String"])
        }
    }

    @Test func aWrongPasswordIsAnAuthenticationError() async throws {
        let url = try TestServer.url()
        var config = ClickHouseLoader.Configuration(url: url, table: "usage", user: "tributary_test", password: "wrong")
        let loader = ClickHouseLoader(configuration: config, runID: "auth")
        let error = await clickHouseError { try await loader.prepare(schema: Schema([Field("id", .int64)])) }
        #expect(error?.isAuthentication == true)
        #expect(error?.isUnreachable == false)
        #expect(error?.failureClass == .permanent)
        // The server says "Wrong password for user tributary_test" (code 193); URLSession on Linux keeps only
        // the 401, so the detail in parentheses depends on the toolchain.
        #expect(error?.description.hasPrefix("ClickHouse refused the credentials for user 'tributary_test' (") == true)
        #expect(error?.description.hasSuffix("); check the sink's user and password") == true)
        // The right password gets in, through the same headers.
        config.password = "s3cret-test"
        let client = ClickHouseClient(endpoint: url, user: config.user, password: config.password)
        let info = try await ClickHouseServerInfo.probe(client)
        #expect(info.version >= ClickHouseVersion([18]))
    }

    @Test func aClosedPortIsUnreachable() async throws {
        _ = try TestServer.url()
        let url = try #require(URL(string: "http://127.0.0.1:1"))
        let config = ClickHouseLoader.Configuration(
            url: url, table: "usage", maxRetries: 1, retryBaseDelaySecs: 0.01, retryMaxDelaySecs: 0.01)
        let loader = ClickHouseLoader(configuration: config, runID: "down")
        let error = await clickHouseError { try await loader.prepare(schema: Schema([Field("id", .int64)])) }
        #expect(error?.isUnreachable == true)
        #expect(error?.isAuthentication == false)
        #expect(error?.failureClass == .transient)
        #expect(
            error?.description.hasPrefix("cannot reach ClickHouse at http://127.0.0.1:1: could not connect") == true)
    }

    @Test func aHaltCarriesTheServerMessageAndTheSourceLines() async throws {
        try await TestServer.withDatabase { database, client, url in
            let schema = Schema([Field("id", .int64, nullable: false), Field("note", .string)])
            let loader = ClickHouseLoader(configuration: configuration(url, database), runID: "halt")
            try await loader.prepare(schema: schema)
            _ = try await client.query("DROP TABLE \(database).usage")
            try await loader.write(
                makeBatch(schema, [[.int64(1), .null], [.int64(2), .string("b")]], file: "usage.csv"))
            let error = await clickHouseError { _ = try await loader.commit() }
            #expect(error?.serverCode == 60)
            #expect(error?.failureClass == .permanent)
            #expect(error?.isUnreachable == false)
            let text = error?.description ?? ""
            #expect(
                text.hasPrefix(
                    "inserting 2 rows into \(database).usage (from usage.csv:2-3) failed: ClickHouse error 60: "))
            #expect(text.contains("Table \(database).usage doesn't exist"))
            #expect(!text.contains("attempts"), "a deterministic error is not retried: \(text)")
        }
    }

    @Test func aRefusedStatementIsNamed() async throws {
        try await TestServer.withDatabase { database, _, url in
            var config = configuration(url, database)
            config.partitionBy = "toYYYYMM(no_such_column)"
            let loader = ClickHouseLoader(configuration: config, runID: "ddl")
            let error = await clickHouseError {
                try await loader.prepare(schema: Schema([Field("id", .int64, nullable: false)]))
            }
            #expect(error?.failureClass == .permanent)
            #expect(error?.serverCode == 47)
            let prefix =
                "preparing \(database).usage failed on "
                + "`CREATE TABLE IF NOT EXISTS `\(database)`.`usage``: ClickHouse error 47: "
            #expect(error?.description.hasPrefix(prefix) == true)
            #expect(error?.description.contains("no_such_column") == true)
        }
    }

    @Test func lowCardinalityColumnsOnEveryServer() async throws {
        try await TestServer.withDatabase { database, client, url in
            let schema = Schema([
                Field("id", .int64, nullable: false), Field("provider", .string, nullable: false),
                Field("model", .string),
            ])
            var config = configuration(url, database)
            config.lowCardinality = ["provider", "model"]
            let loader = ClickHouseLoader(configuration: config, runID: "lc")
            try await loader.prepare(schema: schema)
            try await loader.write(
                makeBatch(schema, [[.int64(1), .string("aws"), .null], [.int64(2), .string("gcp"), .string("m")]]))
            _ = try await loader.commit()
            let columns = try await ClickHouseSchemaManager(database: database, table: "usage").columns(client)
            #expect(columns.map(\.type) == ["Int64", "LowCardinality(String)", "LowCardinality(Nullable(String))"])
            #expect(
                try await client.query("SELECT * FROM \(database).usage ORDER BY id FORMAT TabSeparated")
                    == "1\taws\t\\N\n2\tgcp\tm\n")
        }
    }

    @Test func manyInsertsThroughTheConcurrentPipeline() async throws {
        try await TestServer.withDatabase { database, client, url in
            let batch = spendLikeBatch(rows: 10_000)
            var config = ClickHouseLoader.Configuration(
                url: url, database: database, table: "spend", partitionBy: "toYYYYMM(billing_period_start)",
                maxInsertRows: 3_000)
            config.lowCardinality = ["provider"]
            let loader = ClickHouseLoader(configuration: config, runID: "bulk")
            try await loader.prepare(schema: batch.schema)
            let receipt = try await loader.withConcurrentInserts {
                try await loader.write(batch)
                try await loader.write(batch)
                return try await loader.commit()
            }
            #expect(receipt.rows == 20_000)
            #expect(receipt.inserts == 7)
            var expected = ExactDecimal.zero
            if case .decimal(let c, let scale) = batch.column(named: "billed_cost") {
                for u in c.values { expected = try #require(expected.adding(ExactDecimal(units: u, scale: scale))) }
            }
            let text = try await client.query(
                "SELECT count(), toString(sum(billed_cost)) FROM \(database).spend FORMAT TabSeparated")
            let doubled = try #require(expected.adding(expected))
            #expect(text == "20000\t\(doubled)\n")
        }
    }
}
