import Testing
import TributaryCore

@testable import TributaryTransformers

struct DeriveTransformerTests {
    typealias F = Fixtures
    typealias D = DeriveTransformer.Derivation

    @Test func addsAndReplacesInOrderWithLaterUsingEarlier() throws {
        let derive = try DeriveTransformer(
            id: "d",
            configuration: .init(columns: [
                D(name: "unit", expression: "cost / qty"),
                D(name: "cost", expression: "cost * 1.2"),
                D(name: "label", expression: "upper(service) || ':' || unit"),
                D(name: "month", expression: "to_yyyymm(usage_date)"),
            ]), inputSchema: F.schema)
        #expect(derive.outputSchema.names == F.schema.names + ["unit", "label", "month"])
        #expect(derive.outputSchema.field(named: "cost")?.type == .decimal(precision: 38, scale: 12))
        #expect(derive.outputSchema.field(named: "month") == Field("month", .int64, nullable: true))
        let input = F.batch([
            "service": [.string("ec2"), .string("s3"), .string("rds")],
            "cost": [F.decimal("10"), F.decimal("3"), F.decimal("1")],
            "qty": [.int64(4), .int64(0), .int64(3)],
            "usage_date": [F.date("2025-01-31"), F.date("2025-02-01"), F.date("2025-03-01")],
        ])
        let output = try derive.transform(input)
        expectRowAccounting(output, input: input)
        #expect(output.rejected == [RowIssue(row: 1, field: "unit", reason: "division by zero")])
        let b = output.batch
        #expect(b.schema == derive.outputSchema)
        #expect(b.column(named: "cost")?.value(at: 0) == F.decimal("12"))
        #expect(b.column(named: "unit")?.value(at: 1) == F.decimal("0.333333333333"))
        #expect(b.column(named: "label")?.value(at: 0) == .string("EC2:2.500000000000"))
        #expect(b.column(named: "month")?.value(at: 1) == .int64(202503))
        #expect(b.lineage.lines == [2, 4])
    }

    @Test func aRowFailingTwiceIsRejectedOnceForTheFirstField() throws {
        let derive = try DeriveTransformer(
            id: "d",
            configuration: .init(columns: [
                D(name: "a", expression: "cost / qty"), D(name: "b", expression: "qty * 9223372036854775807"),
            ]),
            inputSchema: F.schema)
        let input = F.batch(["cost": [F.decimal("1"), F.decimal("1")], "qty": [.int64(0), .int64(2)]])
        let output = try derive.transform(input)
        expectRowAccounting(output, input: input)
        #expect(
            output.rejected == [
                RowIssue(row: 0, field: "a", reason: "division by zero"),
                RowIssue(row: 1, field: "b", reason: "int64 overflow"),
            ])
        #expect(output.batch.count == 0)
    }

    @Test func constantColumnsAreMaterialised() throws {
        let derive = try DeriveTransformer(
            id: "d",
            configuration: .init(columns: [D(name: "source", expression: "'aws'"), D(name: "none", expression: "NULL")]
            ),
            inputSchema: F.schema)
        let input = F.batch(["qty": [.int64(1), .int64(2)]])
        let output = try derive.transform(input)
        #expect(output.batch.column(named: "source") == Column.make(.string, [.string("aws"), .string("aws")]))
        #expect(output.batch.column(named: "none") == Column.make(.string, [.null, .null]))
        #expect(derive.outputSchema.field(named: "source")?.nullable == false)
    }

    struct ErrorCase: Sendable, CustomStringConvertible {
        var name: String
        var columns: [D]
        var issues: [String]
        var offsets: [Int?]
        var description: String { name }
    }

    @Test(arguments: [
        ErrorCase(
            name: "empty", columns: [], issues: ["columns: derive needs at least one entry in `columns`"],
            offsets: [nil]),
        ErrorCase(
            name: "two bad expressions",
            columns: [D(name: "a", expression: "cots * 2"), D(name: "b", expression: "service + 1")],
            issues: [
                "columns[0].expression: unknown column 'cots'; did you mean 'cost'? (at column 1 of the expression)",
                "columns[1].expression: cannot add string and int64 (at column 9 of the expression)",
            ],
            offsets: [0, 8]),
        ErrorCase(
            name: "no cascade from a failed derivation",
            columns: [D(name: "a", expression: "cost +"), D(name: "b", expression: "a * 2")],
            issues: [
                "columns[0].expression: expected an expression, found end of expression (at column 7 of the expression)"
            ],
            offsets: [6]),
        ErrorCase(
            name: "empty name", columns: [D(name: "", expression: "1")],
            issues: ["columns[0].name: the column name is empty"],
            offsets: [nil]),
    ])
    func configurationErrors(_ c: ErrorCase) {
        let issues = configurationIssues { () throws(TransformerError) in
            _ = try DeriveTransformer(id: "d", configuration: .init(columns: c.columns), inputSchema: F.schema)
        }
        #expect(issues.map(\.description) == c.issues)
        #expect(issues.map { $0.expression?.offset } == c.offsets)
    }
}
