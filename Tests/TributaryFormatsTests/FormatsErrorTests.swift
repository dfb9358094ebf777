import Testing
import TributaryCore

@testable import TributaryFormats

struct FormatsErrorTests {
    @Test(arguments: [
        (
            FormatsError.io(path: "a.csv", operation: "open the file", message: "No such file or directory"),
            "a.csv: error: cannot open the file: No such file or directory"
        ),
        (
            .gzipTruncated(path: "x.gz", offset: 99),
            "x.gz: error: gzip stream is truncated: it ends at compressed byte 99 in the middle of a member"
        ),
        (
            .gzipCorrupt(path: "x.gz", offset: 3, message: "invalid block type"),
            "x.gz: error: gzip stream is corrupt at compressed byte 3: invalid block type"
        ),
        (
            .recordTooLarge(SourceLocation(file: "c.csv", line: 7), limit: 10),
            "c.csv:7: error: a record starting here is longer than 10 bytes; is a quote left open?"
        ),
        (.json(SourceLocation(file: "p.json", line: 2, column: 5), message: "boom"), "p.json:2:5: error: boom"),
    ])
    func rendersLocationThenMessage(_ error: FormatsError, _ text: String) {
        #expect(error.description == text)
    }

    @Test func missingFileIsAnIOError() {
        #expect(
            throws: FormatsError.io(
                path: "no/such.csv", operation: "open the file", message: "No such file or directory")
        ) {
            _ = try FileByteSource(path: "/nonexistent/no/such.csv", displayPath: "no/such.csv")
        }
    }

    @Test func directoryIsRefused() {
        #expect(throws: FormatsError.io(path: "/tmp", operation: "read the file", message: "it is a directory")) {
            _ = try FileByteSource(path: "/tmp")
        }
    }
}
