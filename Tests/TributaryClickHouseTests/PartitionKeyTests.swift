import Foundation
import Testing
import TributaryCore

@testable import TributaryClickHouse

struct PartitionKeyTests {
    struct ParseCase: Sendable, CustomStringConvertible {
        var text: String
        var parts: [PartitionKey.Part]
        var isTuple: Bool
        var expression: String
        var description: String { text }
    }

    @Test(arguments: [
        ParseCase(text: "source", parts: [.init(.identity, "source")], isTuple: false, expression: "`source`"),
        ParseCase(
            text: "toYYYYMM(day)", parts: [.init(.toYYYYMM, "day")], isTuple: false, expression: "toYYYYMM(`day`)"),
        ParseCase(
            text: " toDate( `ts` ) ", parts: [.init(.toDate, "ts")], isTuple: false, expression: "toDate(`ts`)"),
        ParseCase(
            text: "toMonday(day)", parts: [.init(.toMonday, "day")], isTuple: false, expression: "toMonday(`day`)"),
        ParseCase(
            text: "(source, toYYYYMM(day))", parts: [.init(.identity, "source"), .init(.toYYYYMM, "day")],
            isTuple: true, expression: "(`source`, toYYYYMM(`day`))"),
        ParseCase(text: "(day)", parts: [.init(.identity, "day")], isTuple: true, expression: "(`day`)"),
    ])
    func parsesSupportedForms(_ c: ParseCase) throws {
        let key = try #require(PartitionKey(parsing: c.text))
        #expect(key.parts == c.parts)
        #expect(key.isTuple == c.isTuple)
        #expect(key.expression == c.expression)
    }

    @Test(arguments: [
        "", "toYYYYMMDD(day)", "toYYYYMM(day, 'UTC')", "intDiv(id, 100)", "a, b", "(a, )", "toYYYYMM(toDate(ts))",
        "1day", "(source, toStartOfMonth(day))", "cityHash64(x) % 8",
    ])
    func refusesOtherForms(_ text: String) {
        #expect(PartitionKey(parsing: text) == nil)
    }

    static let schema = Schema([
        Field("source", .string, nullable: false), Field("day", .date, nullable: false),
        Field("ts", .dateTime, nullable: false), Field("n", .int64, nullable: false),
        Field("cost", .money),
    ])

    static let batch = makeBatch(
        schema,
        [
            [.string("aws"), date("2025-01-31"), dateTime("2025-02-01 00:00:00"), .int64(7), decimal("1")],
            [.string("o'k\\"), date("2024-12-30"), dateTime("1969-12-31 23:59:59"), .int64(-3), decimal("2")],
        ])

    struct LiteralCase: Sendable, CustomStringConvertible {
        var key: String
        var literals: [String]
        var description: String { key }
    }

    @Test(arguments: [
        LiteralCase(key: "toYYYYMM(day)", literals: ["202501", "202412"]),
        LiteralCase(key: "toYYYYMM(ts)", literals: ["202502", "196912"]),
        LiteralCase(key: "toDate(ts)", literals: ["'2025-02-01'", "'1969-12-31'"]),
        LiteralCase(key: "day", literals: ["'2025-01-31'", "'2024-12-30'"]),
        LiteralCase(key: "toMonday(day)", literals: ["'2025-01-27'", "'2024-12-30'"]),
        LiteralCase(key: "toMonday(ts)", literals: ["'2025-01-27'", "'1969-12-29'"]),
        LiteralCase(key: "n", literals: ["7", "-3"]),
        LiteralCase(key: "source", literals: ["'aws'", "'o\\'k\\\\'"]),
        LiteralCase(key: "(source, toYYYYMM(day))", literals: ["('aws', 202501)", "('o\\'k\\\\', 202412)"]),
        LiteralCase(key: "(day)", literals: ["('2025-01-31')", "('2024-12-30')"]),
    ])
    func rendersLiterals(_ c: LiteralCase) throws {
        let key = try #require(PartitionKey(parsing: c.key))
        try key.validate(Self.schema)
        #expect(try key.literals(of: Self.batch, table: "db.t") == c.literals)
    }

    @Test func validateNamesTheColumnAndTheProblem() {
        let unknown = #expect(throws: ClickHouseError.self) {
            try PartitionKey(parsing: "toYYYYMM(month)")?.validate(Self.schema)
        }
        #expect(unknown?.description.contains("`month` is not a column the pipeline writes") == true)
        let wrongType = #expect(throws: ClickHouseError.self) {
            try PartitionKey(parsing: "toYYYYMM(source)")?.validate(Self.schema)
        }
        #expect(wrongType?.description.contains("`source` is string, which toYYYYMM() does not take") == true)
        let money = #expect(throws: ClickHouseError.self) { try PartitionKey(parsing: "cost")?.validate(Self.schema) }
        #expect(money?.description.hasPrefix("sink key `partition_by`:") == true)
    }

    @Test func refusesANullKey() {
        let schema = Schema([Field("day", .date)])
        let batch = makeBatch(schema, [[date("2025-01-01")], [.null]], file: "x.csv", firstLine: 10)
        let error = #expect(throws: ClickHouseError.self) {
            try PartitionKey(parsing: "toYYYYMM(day)")?.literals(of: batch, table: "db.t")
        }
        #expect(
            error
                == .nullPartitionKey(column: "day", table: "db.t", row: SourceLines(file: "x.csv", first: 11, last: 11))
        )
    }

    @Test func configurationRequiresASupportedPartitionBy() {
        var c = ClickHouseLoader.Configuration(table: "t", strategy: .replacePartition)
        #expect(
            c.problems.map(\.description) == [
                "sink key `partition_by`: required with strategy \"replace_partition\": " + PartitionKey.supportedForms
            ])
        c.partitionBy = "intDiv(id, 10)"
        #expect(c.problems.first?.description.contains("understands only a column, toYYYYMM(column)") == true)
        c.partitionBy = "(source, toYYYYMM(day))"
        #expect(c.problems.isEmpty)
        c.strategy = .append
        c.partitionBy = "intDiv(id, 10)"
        #expect(c.problems.isEmpty)
    }
}
