import Testing
import TributaryCore

@testable import TributaryTransformers

struct CastTransformerTests {
    let schema = Schema([
        Field("cost", .string), Field("day", .string), Field("qty", .string), Field("amount", .money),
        Field("n", .int64), Field("at", .dateTime), Field("note", .string),
    ])

    func batch(_ columns: [String: [Value]]) -> RecordBatch { Fixtures.batch(columns, schema: schema) }

    @Test func convertsAndRejectsRowsThatDoNot() throws {
        let cast = try CastTransformer(
            id: "c",
            configuration: .init(
                columns: [
                    "cost": "decimal(38,12)", "day": "datetime", "qty": "int64", "amount": "string",
                    "n": "decimal(10,2)",
                ],
                formats: ["day": "%m/%d/%Y %H:%M"]),
            inputSchema: schema)
        #expect(
            cast.outputSchema.fields.map(\.type) == [
                .money, .dateTime, .int64, .string, .decimal(precision: 10, scale: 2), .dateTime, .string,
            ])
        let input = batch([
            "cost": [.string("1.50"), .string("abc"), .string("0.0000000000001"), .null, .string("2")],
            "day": [
                .string("3/4/2025 10:30"), .string("3/4/2025 10:30"), .string("3/4/2025 10:30"), .null,
                .string("13/40/2025 10:30"),
            ],
            "qty": [.string("7"), .string("x"), .string("8"), .null, .string("9")],
            "amount": [Fixtures.decimal("12.5"), .null, .null, .null, .null],
            "n": [.int64(5), .int64(1), .int64(1), .null, .int64(1)],
        ])
        let output = try cast.transform(input)
        expectRowAccounting(output, input: input)
        #expect(
            output.rejected == [
                RowIssue(row: 1, field: "cost", reason: "'abc' is not a decimal"),
                RowIssue(
                    row: 2, field: "cost",
                    reason: "'0.0000000000001' has 13 decimals, more than the 12 of decimal(38,12)"),
                RowIssue(row: 4, field: "day", reason: "'13/40/2025 10:30' is not a valid datetime"),
            ])
        #expect(output.batch.count == 2)
        #expect(output.batch.columns[0].value(at: 0) == Fixtures.decimal("1.5"))
        #expect(output.batch.columns[1].value(at: 0) == Fixtures.dateTime("2025-03-04T10:30:00Z"))
        #expect(output.batch.columns[2].value(at: 0) == .int64(7))
        #expect(output.batch.columns[3].value(at: 0) == .string("12.500000000000"))
        #expect(output.batch.columns[4].value(at: 0) == Fixtures.decimal("5"))
        // A row of NULLs stays NULL: NULL is not a conversion failure.
        #expect(output.batch.columns.allSatisfy { $0.value(at: 1) == .null })
    }

    @Test func decimalToNarrowerScaleRejectsInsteadOfRounding() throws {
        let cast = try CastTransformer(
            id: "c", configuration: .init(columns: ["amount": "decimal(38,2)"]), inputSchema: schema)
        let input = batch(["amount": [Fixtures.decimal("1.25"), Fixtures.decimal("1.255"), Fixtures.decimal("1.2500")]])
        let output = try cast.transform(input)
        expectRowAccounting(output, input: input)
        #expect(
            output.rejected == [
                RowIssue(row: 1, field: "amount", reason: "'1.255' has 3 decimals, more than the 2 of decimal(38,2)")
            ])
        #expect(
            output.batch.columns[3]
                == Column.make(.decimal(precision: 38, scale: 2), [Fixtures.decimal("1.25"), Fixtures.decimal("1.25")]))
    }

    @Test func datetimeToDateAndBack() throws {
        let cast = try CastTransformer(id: "c", configuration: .init(columns: ["at": "date"]), inputSchema: schema)
        let input = batch(["at": [Fixtures.dateTime("2025-03-04T23:59:59Z")]])
        #expect(try cast.transform(input).batch.columns[5].value(at: 0) == Fixtures.date("2025-03-04"))
    }

    @Test func aRowFailingTwoCastsIsRejectedOnce() throws {
        let cast = try CastTransformer(
            id: "c", configuration: .init(columns: ["cost": "decimal", "qty": "int64"]), inputSchema: schema)
        let input = batch(["cost": [.string("x")], "qty": [.string("y")]])
        let output = try cast.transform(input)
        expectRowAccounting(output, input: input)
        #expect(output.rejected == [RowIssue(row: 0, field: "cost", reason: "'x' is not a decimal")])
    }

    struct ErrorCase: Sendable, CustomStringConvertible {
        var name: String
        var configuration: CastTransformer.Configuration
        var issues: [String]
        var description: String { name }
    }

    @Test(arguments: [
        ErrorCase(
            name: "empty", configuration: .init(), issues: ["columns: cast needs at least one entry in `columns`"]),
        ErrorCase(
            name: "unknown column", configuration: .init(columns: ["cots": "decimal"]),
            issues: ["columns.cots: unknown column 'cots'; did you mean 'cost'?"]),
        ErrorCase(
            name: "unknown type", configuration: .init(columns: ["cost": "decmal"]),
            issues: [
                "columns.cost: unknown type 'decmal'; expected one of string, int64, uint64, decimal(P,S), float64, "
                    + "bool, date, datetime"
            ]),
        ErrorCase(
            name: "impossible", configuration: .init(columns: ["at": "decimal"]),
            issues: ["columns.at: cannot cast 'at' from datetime to decimal(38,12)"]),
        ErrorCase(
            name: "format on a number", configuration: .init(columns: ["qty": "int64"], formats: ["qty": "%Y"]),
            issues: ["formats.qty: a format applies only to string → date or datetime casts, not string → int64"]),
        ErrorCase(
            name: "bad format", configuration: .init(columns: ["day": "date"], formats: ["day": "%Y-%q"]),
            issues: [
                "formats.day: unknown directive '%q' in format '%Y-%q'; known: %Y %y %m %b %B %h %d %e %j %H %I %p %M "
                    + "%S %f %z %s %T %F %D %R %%"
            ]),
        ErrorCase(
            name: "orphan format", configuration: .init(columns: ["day": "date"], formats: ["note": "%Y"]),
            issues: ["formats.note: 'note' has a format but no entry in `columns`"]),
    ])
    func configurationErrors(_ c: ErrorCase) {
        let issues = configurationIssues { () throws(TransformerError) in
            _ = try CastTransformer(id: "c", configuration: c.configuration, inputSchema: schema)
        }
        #expect(issues.map(\.description) == c.issues)
    }
}
