import Testing

@testable import TributaryFormats

struct JSONPathTests {
    @Test(arguments: [
        ("usage.input_tokens", [JSONPath.Component.key("usage"), .key("input_tokens")], "$.usage.input_tokens"),
        ("$.data[3].amount", [.key("data"), .index(3), .key("amount")], "$.data[3].amount"),
        ("items[0]", [.key("items"), .index(0)], "$.items[0]"),
        ("$[\"a b.c\"].x", [.key("a b.c"), .key("x")], "$[\"a b.c\"].x"),
        ("lineItem/UnblendedCost", [.key("lineItem/UnblendedCost")], "$[\"lineItem/UnblendedCost\"]"),
        ("$", [], "$"),
        ("m[1][2]", [.key("m"), .index(1), .index(2)], "$.m[1][2]"),
    ])
    func parsesAndPrints(_ text: String, _ components: [JSONPath.Component], _ printed: String) throws {
        let path = try #require(JSONPath(parsing: text))
        #expect(path.components == components)
        #expect(path.description == printed)
        #expect(JSONPath(parsing: printed) == path)
    }

    @Test(arguments: ["a..b", "a.", "a[x]", "a[1", "[\"a]", ".", "a]"])
    func refusesMalformedPaths(_ text: String) {
        #expect(JSONPath(parsing: text) == nil)
    }

    @Test func looksUpValues() throws {
        let value = try JSONParser.parse(#"{"data":[{"amount":1},{"amount":"2"}],"x":{"y":null}}"#)
        #expect(value[JSONPath(parsing: "data[1].amount")!] == .string("2"))
        #expect(value[JSONPath(parsing: "x.y")!] == .null)
        #expect(value[JSONPath(parsing: "data[2].amount")!] == nil)
        #expect(value[JSONPath(parsing: "x.y.z")!] == nil)
        #expect(
            JSONPath.root.appending(key: "data").appending(index: 3).appending(key: "amount").description
                == "$.data[3].amount")
    }
}
