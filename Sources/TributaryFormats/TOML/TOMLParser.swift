/// Entry points for reading TOML 1.0.0 documents.
///
/// The parser is strict: anything the specification does not allow is an error with a line and
/// column, because a configuration mistake caught while loading a pipeline is far cheaper than one
/// discovered halfway through a run.
public enum TOMLParser {
    /// How deeply arrays and inline tables may nest before the document is rejected.
    public static let maximumNestingDepth = TOMLDocumentParser.maximumNesting

    /// Parses a document given as a string (which Swift guarantees to be valid Unicode).
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLDocumentParser(bytes: Array(text.utf8))
        return try parser.parse()
    }

    /// Parses a document given as raw bytes, e.g. a file's contents. The bytes must be UTF-8,
    /// optionally starting with a byte order mark; anything else is reported at its position
    /// rather than silently repaired, since a repaired string would not be what the author wrote.
    public static func parse(bytes: [UInt8]) throws(TOMLError) -> TOMLTable {
        if let bad = TOMLScanner.firstInvalidUTF8(in: bytes) {
            let scanner = TOMLScanner(bytes: bytes)
            let shown = String(bytes[bad], radix: 16, uppercase: true)
            throw scanner.error(
                "invalid UTF-8: byte 0x\(shown.count < 2 ? "0" : "")\(shown) does not start a "
                    + "valid character; TOML documents must be UTF-8", at: bad)
        }
        var parser = TOMLDocumentParser(bytes: bytes)
        return try parser.parse()
    }
}
