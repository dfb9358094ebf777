/// A strict RFC 8259 JSON parser that keeps numbers as their exact text.
///
/// Foundation's `JSONSerialization` and `JSONDecoder` turn numbers into `Double` (or `Decimal` through a
/// `Double`) before we see them, which loses cents (lesson L7). This parser hands numbers over as text, keeps
/// object members in order, checks UTF-8, and says where a document goes wrong by byte offset, line and column.
///
///     let page = try JSONParser.parse(bytes)
///     let amount = page[JSONPath(parsing: "data[0].amount.value")!]?.numberText   // "0.0123"
public enum JSONParser {
    /// Arrays and objects nested deeper than this are refused, so that hostile input cannot exhaust the stack.
    public static let defaultMaxDepth = 512

    /// Parses one JSON document; whitespace may surround it, anything else after it is an error.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth
    ) throws(JSONSyntaxError) -> JSONValue {
        guard let base = bytes.baseAddress else {
            throw JSONSyntaxError(message: "expected a JSON value, found the end of the input", offset: 0, in: bytes)
        }
        var parser = JSONDocumentParser(
            base: base.assumingMemoryBound(to: UInt8.self), count: bytes.count, maxDepth: maxDepth)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.i == parser.n else {
            throw parser.error("unexpected \(parser.found()) after the JSON value", at: parser.i)
        }
        return value
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBytes { raw in
            do throws(JSONSyntaxError) {
                return .success(try parse(raw, maxDepth: maxDepth))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }
}
