import Testing

@testable import TributaryFormats

struct JSONStringTests {
    @Test(arguments: [
        ("plain", "\"plain\""),
        ("a\"b\\c", "\"a\\\"b\\\\c\""),
        ("line\nnext\r\ttab", "\"line\\nnext\\r\\ttab\""),
        ("\u{01}\u{1F}\u{7F}", "\"\\u0001\\u001f\\u007f\""),
        ("é €", "\"é €\""),
    ])
    func quotes(_ text: String, _ expected: String) throws {
        #expect(JSONString.quoted(text) == expected)
        // What we write, our parser reads back.
        let parsed = try JSONParser.parse(Array(expected.utf8))
        #expect(parsed == .string(text))
    }
}
