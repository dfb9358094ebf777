import Testing
import TributaryCore

@testable import TributaryClickHouse

struct ClickHouseSchemaManagerTests {
    let schema = Schema([
        Field("provider", .string, nullable: false), Field("day", .date, nullable: false), Field("cost", .money),
        Field("tags", .stringArray), Field("note", .string),
    ])

    @Test func createStatementsForANewTable() throws {
        let manager = try ClickHouseSchemaManager(
            database: "tributary", table: "usage", orderBy: ["provider", "day"], partitionBy: "toYYYYMM(day)",
            lowCardinality: ["provider"])
        #expect(
            try manager.createStatements(for: schema) == [
                "CREATE DATABASE IF NOT EXISTS `tributary`",
                """
                CREATE TABLE IF NOT EXISTS `tributary`.`usage`
                (
                    `provider` LowCardinality(String),
                    `day` Date,
                    `cost` Nullable(Decimal(38, 12)),
                    `tags` Array(String),
                    `note` Nullable(String)
                )
                ENGINE = MergeTree
                PARTITION BY toYYYYMM(day)
                ORDER BY (`provider`, `day`)
                """,
            ])
    }

    @Test func noOrderByMeansTuple() throws {
        let manager = try ClickHouseSchemaManager(database: "db", table: "t", partitionBy: "  ")
        let create = try manager.createStatements(for: schema)[1]
        #expect(create.hasSuffix("ENGINE = MergeTree\nORDER BY tuple()"))
    }

    @Test func orderByMustNameARequiredOutputColumn() throws {
        let unknown = try ClickHouseSchemaManager(database: "db", table: "t", orderBy: ["nope"])
        #expect(throws: ClickHouseError.unknownOrderByColumn(column: "nope", table: "db.t", columns: schema.names)) {
            try unknown.createStatements(for: schema)
        }
        let nullable = try ClickHouseSchemaManager(database: "db", table: "t", orderBy: ["cost"])
        #expect(throws: ClickHouseError.nullableOrderByColumn(column: "cost", table: "db.t")) {
            try nullable.createStatements(for: schema)
        }
        #expect(
            ClickHouseError.nullableOrderByColumn(column: "cost", table: "db.t").description.hasPrefix(
                "order_by column `cost` of db.t is nullable, and a MergeTree table cannot be sorted by a "
                    + "Nullable column"
            ))
    }

    @Test func badNamesAreRefused() {
        #expect(throws: ClickHouseError.invalidIdentifier("my-db", role: "database")) {
            try ClickHouseSchemaManager(database: "my-db", table: "t")
        }
        #expect(throws: ClickHouseError.invalidIdentifier("a b", role: "order_by column")) {
            try ClickHouseSchemaManager(database: "db", table: "t", orderBy: ["a b"])
        }
        #expect(throws: ClickHouseError.invalidIdentifier("cost-usd", role: "column")) {
            try ClickHouseSchemaManager(database: "db", table: "t").validate(Schema([Field("cost-usd", .money)]))
        }
    }

    @Test func missingColumnsAreAddedAsNullable() throws {
        let manager = try ClickHouseSchemaManager(database: "db", table: "t")
        let existing = [("provider", "String"), ("day", "Date"), ("cost", "Nullable(Decimal(38, 12))")]
        let evolution = try manager.evolution(
            schema: Schema(schema.fields + [Field("units", .int64, nullable: false)]),
            existing: existing.map { (name: $0.0, type: $0.1) }, serverTimeZone: "UTC")
        #expect(evolution.additions.map(\.name) == ["tags", "note", "units"])
        #expect(
            evolution.additions.map(\.type.description) == ["Array(String)", "Nullable(String)", "Nullable(Int64)"])
        #expect(evolution.acceptsNull == [false, false, true, true, true, true])
        #expect(
            evolution.alterStatement(table: "`db`.`t`")
                == "ALTER TABLE `db`.`t` ADD COLUMN `tags` Array(String), ADD COLUMN `note` Nullable(String), "
                + "ADD COLUMN `units` Nullable(Int64)")
    }

    @Test func aTypeConflictNamesTheColumnAndBothTypes() throws {
        let manager = try ClickHouseSchemaManager(database: "tributary", table: "usage")
        let existing = [(name: "cost", type: "String")]
        #expect(
            throws: ClickHouseError.typeConflict(
                column: "cost", table: "tributary.usage", existing: "String", written: "Nullable(Decimal(38, 12))")
        ) {
            try manager.evolution(schema: Schema([Field("cost", .money)]), existing: existing, serverTimeZone: "UTC")
        }
        let message = ClickHouseError.typeConflict(
            column: "cost", table: "tributary.usage", existing: "String", written: "Nullable(Decimal(38, 12))"
        ).description
        #expect(
            message.hasPrefix(
                "column `cost` is String in tributary.usage but the pipeline writes Nullable(Decimal(38, 12))"))
    }

    @Test func aDateTimeInAnotherZoneSaysWhichZone() throws {
        let manager = try ClickHouseSchemaManager(database: "db", table: "t")
        #expect(
            throws: ClickHouseError.typeConflict(
                column: "at", table: "db.t", existing: "DateTime (in the server's time zone, Europe/Paris)",
                written: "DateTime('UTC')")
        ) {
            try manager.evolution(
                schema: Schema([Field("at", .dateTime, nullable: false)]), existing: [(name: "at", type: "DateTime")],
                serverTimeZone: "Europe/Paris")
        }
    }

    @Test func addingColumnsCanBeSwitchedOff() throws {
        let manager = try ClickHouseSchemaManager(database: "db", table: "t", addMissingColumns: false)
        #expect(throws: ClickHouseError.self) {
            try manager.evolution(schema: Schema([Field("x", .int64)]), existing: [], serverTimeZone: "UTC")
        }
    }
}
