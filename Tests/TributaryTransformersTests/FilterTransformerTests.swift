import Testing
import TributaryCore

@testable import TributaryTransformers

struct FilterTransformerTests {
    typealias F = Fixtures

    @Test func keepsTrueDropsFalseAndNullRejectsErrors() throws {
        let filter = try FilterTransformer(
            id: "f", configuration: .init(condition: "cost / qty > 1 AND service IN ('a', 'b')"), inputSchema: F.schema)
        let input = F.batch([
            "service": [.string("a"), .string("b"), .string("c"), .null, .string("a"), .string("b")],
            "cost": [
                F.decimal("10"), F.decimal("1"), F.decimal("10"), F.decimal("10"), F.decimal("10"), F.decimal("5"),
            ],
            "qty": [.int64(2), .int64(2), .int64(2), .int64(2), .int64(0), .int64(1)],
        ])
        let output = try filter.transform(input)
        expectRowAccounting(output, input: input)
        #expect(output.batch.lineage.lines == [2, 7])
        #expect(output.filtered == [1, 2, 3])
        #expect(output.rejected == [RowIssue(row: 4, field: nil, reason: "division by zero")])
        #expect(output.batch.schema == F.schema)
    }

    @Test func allTrueKeepsTheBatchAsIs() throws {
        let filter = try FilterTransformer(
            id: "f", configuration: .init(condition: "name IS NOT NULL"), inputSchema: F.schema)
        let input = F.batch(["name": [.string("x"), .string("y")]])
        let output = try filter.transform(input)
        #expect(output.batch == input)
        #expect(output.filtered.isEmpty && output.rejected.isEmpty)
    }

    @Test func emptyBatch() throws {
        let filter = try FilterTransformer(id: "f", configuration: .init(condition: "qty > 1"), inputSchema: F.schema)
        let input = F.batch(["qty": []])
        let output = try filter.transform(input)
        expectRowAccounting(output, input: input)
        #expect(output.batch.count == 0)
    }

    struct ErrorCase: Sendable, CustomStringConvertible {
        var condition: String
        var message: String
        var offset: Int
        var description: String { condition }
    }

    @Test(arguments: [
        ErrorCase(condition: "", message: "expected an expression, found end of expression", offset: 0),
        ErrorCase(condition: "cots > 0", message: "unknown column 'cots'; did you mean 'cost'?", offset: 0),
        ErrorCase(condition: "cost * 2", message: "the condition must be bool, found decimal", offset: 5),
        ErrorCase(condition: "NULL", message: "the condition must be bool, found NULL", offset: 0),
        ErrorCase(condition: "service = 'a' AND qty", message: "operand of AND must be bool, found int64", offset: 18),
    ])
    func configurationErrors(_ c: ErrorCase) {
        let issues = configurationIssues { () throws(TransformerError) in
            _ = try FilterTransformer(id: "f", configuration: .init(condition: c.condition), inputSchema: F.schema)
        }
        #expect(issues.count == 1)
        #expect(issues.first?.key == "condition")
        #expect(issues.first?.message == c.message)
        #expect(issues.first?.expression?.offset == c.offset)
        #expect(issues.first?.expression?.expression == c.condition)
    }
}
