import Testing
import TributaryCore

@testable import TributaryClickHouse

struct ClickHouseTypeTests {
    @Test(arguments: [
        ("Nullable(Decimal(38, 12))", "Nullable(Decimal(38, 12))"),
        ("Nullable(Decimal(38,12))", "Nullable(Decimal(38, 12))"),
        ("Decimal128(12)", "Decimal(38, 12)"),
        ("Decimal64(4)", "Decimal(18, 4)"),
        ("Decimal32(2)", "Decimal(9, 2)"),
        ("DateTime('UTC')", "DateTime('UTC')"),
        ("DateTime", "DateTime"),
        ("LowCardinality(String)", "LowCardinality(String)"),
        ("LowCardinality(Nullable(String))", "LowCardinality(Nullable(String))"),
        ("Array(LowCardinality(String))", "Array(LowCardinality(String))"),
        ("Array( String )", "Array(String)"),
        ("FixedString(3)", "FixedString(3)"),
        ("Enum8('a' = 1, 'b,c' = 2)", "Enum8('a' = 1, 'b,c' = 2)"),
        ("DateTime64(3, 'UTC')", "DateTime64(3, 'UTC')"),
        ("Map(String, UInt64)", "Map(String, UInt64)"),
        ("UInt8", "UInt8"),
    ])
    func parsesAndNormalises(_ text: String, _ canonical: String) throws {
        let t = try #require(ClickHouseType(parsing: text))
        #expect(t.description == canonical)
    }

    @Test(arguments: ["", "Nullable(", "Nullable(String", "Array()", "DateTime(UTC)", "String)", "1Bad"])
    func refusesNonTypes(_ text: String) {
        #expect(ClickHouseType(parsing: text) == nil)
    }

    @Test func nullabilityAndBaseLookThroughWrappers() throws {
        let t = try #require(ClickHouseType(parsing: "LowCardinality(Nullable(String))"))
        #expect(t.isNullable)
        #expect(t.base == .plain("String"))
        #expect(t.containsLowCardinality)
        #expect(!(try #require(ClickHouseType(parsing: "Array(Nullable(String))"))).isNullable)
    }

    @Test func mappingOfEveryType() {
        let expected: [(DataType, String, String)] = [
            (.string, "String", "Nullable(String)"),
            (.int64, "Int64", "Nullable(Int64)"),
            (.uint64, "UInt64", "Nullable(UInt64)"),
            (.money, "Decimal(38, 12)", "Nullable(Decimal(38, 12))"),
            (.decimal(precision: 18, scale: 4), "Decimal(18, 4)", "Nullable(Decimal(18, 4))"),
            (.float64, "Float64", "Nullable(Float64)"),
            (.bool, "UInt8", "Nullable(UInt8)"),
            (.date, "Date", "Nullable(Date)"),
            (.dateTime, "DateTime('UTC')", "Nullable(DateTime('UTC'))"),
            (.stringArray, "Array(String)", "Array(String)"),
        ]
        for (type, required, nullable) in expected {
            #expect(
                ClickHouseTypeMapping.clickHouseType(for: Field("c", type, nullable: false)).description == required)
            #expect(ClickHouseTypeMapping.clickHouseType(for: Field("c", type, nullable: true)).description == nullable)
        }
        #expect(
            ClickHouseTypeMapping.clickHouseType(for: Field("c", .string), lowCardinality: true).description
                == "LowCardinality(Nullable(String))")
        #expect(
            ClickHouseTypeMapping.clickHouseType(for: Field("c", .string, nullable: false), lowCardinality: true)
                .description == "LowCardinality(String)")
    }

    func fit(_ existing: String, _ field: Field, zone: String? = "UTC") -> ClickHouseTypeMapping.Fit {
        ClickHouseTypeMapping.fit(existing: ClickHouseType(parsing: existing)!, field: field, serverTimeZone: zone)
    }

    @Test func existingColumnsThatFit() {
        #expect(fit("String", Field("c", .string)) == .fits(acceptsNull: false))
        #expect(fit("Nullable(String)", Field("c", .string, nullable: false)) == .fits(acceptsNull: true))
        #expect(fit("LowCardinality(Nullable(String))", Field("c", .string)) == .fits(acceptsNull: true))
        #expect(fit("Decimal128(12)", Field("c", .money)) == .fits(acceptsNull: false))
        #expect(fit("Decimal(38, 4)", Field("c", .decimal(precision: 18, scale: 4))) == .fits(acceptsNull: false))
        #expect(fit("UInt8", Field("c", .bool)) == .fits(acceptsNull: false))
        #expect(fit("Bool", Field("c", .bool)) == .fits(acceptsNull: false))
        #expect(fit("DateTime('UTC')", Field("c", .dateTime), zone: "Europe/Paris") == .fits(acceptsNull: false))
        #expect(fit("DateTime('Etc/UTC')", Field("c", .dateTime)) == .fits(acceptsNull: false))
        #expect(fit("DateTime", Field("c", .dateTime), zone: "UTC") == .fits(acceptsNull: false))
        #expect(fit("Array(LowCardinality(String))", Field("c", .stringArray)) == .fits(acceptsNull: true))
    }

    @Test func existingColumnsThatConflict() {
        #expect(fit("String", Field("c", .money)) == .conflict)
        #expect(fit("Decimal(38, 4)", Field("c", .money)) == .conflict)
        #expect(fit("Decimal(18, 12)", Field("c", .money)) == .conflict)
        #expect(fit("Int32", Field("c", .int64)) == .conflict)
        #expect(fit("FixedString(3)", Field("c", .string)) == .conflict)
        #expect(fit("DateTime", Field("c", .dateTime), zone: "Europe/Paris") == .conflict)
        #expect(fit("DateTime('Europe/Paris')", Field("c", .dateTime)) == .conflict)
        #expect(fit("Array(UInt64)", Field("c", .stringArray)) == .conflict)
        #expect(fit("Date", Field("c", .dateTime)) == .conflict)
    }
}

struct ClickHouseIdentifierTests {
    @Test(arguments: ["a", "_", "usage", "billed_cost", "X1", "_tributary_runs", "A_b_9"])
    func acceptsPlainNames(_ name: String) throws {
        let id = try ClickHouseIdentifier(name, role: "column")
        #expect(id.quoted == "`\(name)`")
        #expect(id.literal == "'\(name)'")
    }

    @Test(arguments: ["", "1abc", "my-table", "a b", "a`b", "a'b", "db.t", "é", "a;DROP", "a\n"])
    func refusesEverythingElse(_ name: String) {
        #expect(throws: ClickHouseError.invalidIdentifier(name, role: "table")) {
            try ClickHouseIdentifier(name, role: "table")
        }
    }

    @Test func messageSaysWhatIsAllowed() {
        #expect(
            ClickHouseError.invalidIdentifier("my-table", role: "table").description
                == "'my-table' is not a usable ClickHouse table name: use letters, digits and underscores, "
                + "not starting with a digit"
        )
        #expect(
            ClickHouseIdentifier.qualified(try! .init("db", role: "database"), try! .init("t", role: "table"))
                == "`db`.`t`")
    }
}
