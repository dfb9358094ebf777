import Testing
import TributaryCore

@testable import TributaryTransformers

struct RenameTransformerTests {
    let schema = Schema([Field("a", .string), Field("b", .int64), Field("cost", .money)])

    @Test func renamesInPlaceAndSwaps() throws {
        let rename = try RenameTransformer(
            id: "r", configuration: .init(mapping: ["a": "b", "b": "a", "cost": "amount"]), inputSchema: schema)
        #expect(rename.outputSchema.names == ["b", "a", "amount"])
        #expect(rename.outputSchema[2].type == .money)
        let input = Fixtures.batch(["a": [.string("x")], "b": [.int64(1)]], schema: schema)
        let output = try rename.transform(input)
        #expect(output.batch.columns == input.columns)
        expectRowAccounting(output, input: input)
    }

    struct ErrorCase: Sendable, CustomStringConvertible {
        var name: String
        var mapping: [String: String]
        var issues: [String]
        var description: String { name }
    }

    @Test(arguments: [
        ErrorCase(name: "empty", mapping: [:], issues: ["mapping: rename needs at least one entry in `mapping`"]),
        ErrorCase(
            name: "unknown", mapping: ["cots": "x"],
            issues: ["mapping.cots: unknown column 'cots'; did you mean 'cost'?"]),
        ErrorCase(name: "empty name", mapping: ["a": ""], issues: ["mapping.a: the new name of 'a' is empty"]),
        ErrorCase(
            name: "clash with a kept column", mapping: ["a": "b"],
            issues: ["mapping.a: renaming 'a' to 'b' clashes with 'b', which also ends up as 'b'"]),
        ErrorCase(
            name: "two to one", mapping: ["a": "z", "b": "z"],
            issues: [
                "mapping.a: renaming 'a' to 'z' clashes with 'b', which also ends up as 'z'",
                "mapping.b: renaming 'b' to 'z' clashes with 'a', which also ends up as 'z'",
            ]),
    ])
    func configurationErrors(_ c: ErrorCase) {
        let issues = configurationIssues { () throws(TransformerError) in
            _ = try RenameTransformer(id: "r", configuration: .init(mapping: c.mapping), inputSchema: schema)
        }
        #expect(issues.map(\.description) == c.issues)
    }

    @Test func refusesABatchOfAnotherSchema() throws {
        let rename = try RenameTransformer(id: "r", configuration: .init(mapping: ["a": "z"]), inputSchema: schema)
        #expect(throws: TransformerError.self) { try rename.transform(Fixtures.batch(["qty": [.int64(1)]])) }
    }
}
