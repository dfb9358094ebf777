import Testing
import TributaryCore

@testable import TributaryExtractors

/// How a file's first bytes tell its shape.
struct CSVOrJSONLinesExtractorTests {
    static func shape(_ bytes: [UInt8]) throws -> FileShape {
        let dir = try TemporaryDirectory()
        try dir.write("f", bytes)
        return try FileShape.detect(InputFile(path: "f", absolutePath: dir.path + "/f"))
    }

    @Test(arguments: [
        ("{\"a\":1}\n", FileShape.jsonLines), ("\u{FEFF}{\"a\":1}", .jsonLines), ("\r\n\n  \t{}", .jsonLines),
        ("", .jsonLines), ("\n\n", .jsonLines), ("a,b\n1,2\n", .csv), ("\u{FEFF}a,b\n", .csv), ("[1,2]\n", .csv),
        ("\"{quoted}\",b\n", .csv),
    ])
    func theFirstCharacterThatIsNotWhiteSpaceDecides(text: String, shape: FileShape) throws {
        #expect(try Self.shape(Array(text.utf8)) == shape)
    }

    @Test func gzipIsInflatedBeforeLooking() throws {
        #expect(try Self.shape(gzipStored(Array("  {\"cost\":1}\n".utf8))) == .jsonLines)
        #expect(try Self.shape(gzipStored(Array("cost,currency\n".utf8))) == .csv)
    }

    @Test func readersThatDisagreeOnColumnsAreAConfigurationError() throws {
        let dir = try TemporaryDirectory()
        let spend = try GCPBillingExtractor.make(sourceID: "s", paths: ["*"], baseDirectory: dir.path)
        let usage = try GatewayLogsExtractor.make(sourceID: "s", paths: ["*"], baseDirectory: dir.path)
        #expect(throws: ExtractorError.self) {
            _ = try CSVOrJSONLinesExtractor(
                csv: spend.csv, jsonLines: usage.jsonLines, shape: nil, tableDefaults: nil)
        }
    }
}
