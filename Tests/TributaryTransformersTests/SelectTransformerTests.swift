import Testing
import TributaryCore

@testable import TributaryTransformers

struct SelectTransformerTests {
    let schema = Schema([Field("a", .string), Field("b", .int64), Field("cost", .money)])

    @Test func keepsListedColumnsInListedOrder() throws {
        let select = try SelectTransformer(id: "s", configuration: .init(columns: ["cost", "a"]), inputSchema: schema)
        #expect(select.outputSchema.names == ["cost", "a"])
        let input = Fixtures.batch(
            ["a": [.string("x"), .string("y")], "cost": [Fixtures.decimal("1"), .null]], schema: schema)
        let output = try select.transform(input)
        #expect(output.batch.columns == [input.columns[2], input.columns[0]])
        expectRowAccounting(output, input: input)
    }

    @Test func excludeAloneKeepsTheRest() throws {
        let select = try SelectTransformer(id: "s", configuration: .init(exclude: ["b"]), inputSchema: schema)
        #expect(select.outputSchema.names == ["a", "cost"])
        let both = try SelectTransformer(
            id: "s", configuration: .init(columns: ["b", "a"], exclude: ["b"]), inputSchema: schema)
        #expect(both.outputSchema.names == ["a"])
    }

    struct ErrorCase: Sendable, CustomStringConvertible {
        var name: String
        var configuration: SelectTransformer.Configuration
        var issues: [String]
        var description: String { name }
    }

    @Test(arguments: [
        ErrorCase(name: "nothing", configuration: .init(), issues: ["columns: select needs `columns` or `exclude`"]),
        ErrorCase(
            name: "unknown", configuration: .init(columns: ["a", "cots"], exclude: ["zz"]),
            issues: ["columns[1]: unknown column 'cots'; did you mean 'cost'?", "exclude[0]: unknown column 'zz'"]),
        ErrorCase(
            name: "twice", configuration: .init(columns: ["a", "a"]), issues: ["columns[1]: column 'a' is listed twice"]
        ),
        ErrorCase(
            name: "all gone", configuration: .init(exclude: ["a", "b", "cost"]),
            issues: ["exclude: select would leave no column"]),
    ])
    func configurationErrors(_ c: ErrorCase) {
        let issues = configurationIssues { () throws(TransformerError) in
            _ = try SelectTransformer(id: "s", configuration: c.configuration, inputSchema: schema)
        }
        #expect(issues.map(\.description) == c.issues)
    }
}
