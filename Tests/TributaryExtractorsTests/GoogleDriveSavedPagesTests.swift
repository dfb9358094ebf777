import Foundation
import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats
import TributaryTestSupport

/// Saved Drive pages read as a file source: a folder is its pages in name order, a page is one file of the books,
/// a record's line is its place in the page.
struct GoogleDriveSavedPagesTests {
    func folder(_ pages: [(String, [UInt8])]) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        for (name, bytes) in pages { try dir.write(name, bytes) }
        return dir
    }

    @Test func aFolderIsItsPagesInNameOrderEachPageItsOwnFile() async throws {
        let dir = try folder([
            ("drive/files-p2.json.gz", gzipStored(Array(GoogleDrivePages.filesPage2.utf8))),
            ("drive/files-p1.json", Array(GoogleDrivePages.filesPage1.utf8)),
            ("drive/changes-1.json", Array(GoogleDrivePages.changesPage1.utf8)),
            ("drive/notes.txt", Array("not a page".utf8)),
        ])
        let source = try GoogleDriveSavedPagesExtractor(
            format: DriveFilesFormat(), sourceID: "gdrive", paths: ["drive"], baseDirectory: dir.path, batchRows: 2)
        #expect(
            try source.inputFiles().map(\.path) == [
                "drive/changes-1.json", "drive/files-p1.json", "drive/files-p2.json.gz",
            ])
        #expect(source.tableDefaults == DriveFileRow.tableDefaults)
        let result = try await extract(source)
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(
            result.events == [
                "start drive/changes-1.json", "batch drive/changes-1.json 2", "finish drive/changes-1.json",
                "start drive/files-p1.json", "batch drive/files-p1.json 2", "batch drive/files-p1.json 1",
                "finish drive/files-p1.json",
                "start drive/files-p2.json.gz", "batch drive/files-p2.json.gz 2", "finish drive/files-p2.json.gz",
            ])
        #expect(result.lines == [1, 2, 1, 2, 3, 1, 2])
        #expect(result.values("x_removed") == [.bool(false), .bool(true)] + Array(repeating: .bool(false), count: 5))
        #expect(result.batches.allSatisfy { $0.lineage.money.isEmpty && $0.schema == DriveFileRow.schema })
    }

    @Test func aBadRecordIsARejectWithItsLineAndTheRecord() async throws {
        let page = GoogleDriveBadInputTests.listing(size: #""12kB""#)
        let dir = try folder([("p.json", Array(page.utf8))])
        let source = try GoogleDriveSavedPagesExtractor(
            format: DriveFilesFormat(), sourceID: "gdrive", paths: ["p.json"], baseDirectory: dir.path)
        let result = try await extract(source)
        #expect(result.rows == 1)
        let reject = try #require(result.rejects.first)
        #expect(reject.file == "p.json" && reject.line == 2 && reject.stage == "source")
        #expect(reject.field == "$.files[1].size")
        #expect(reject.reason == "file 1badSize: '12kB' is not a whole number of bytes")
        #expect(reject.raw.first?.1?.contains(#""size":"12kB""#) == true)
        #expect(reject.money.isEmpty)
    }

    @Test func aFileThatIsNotJSONStopsWithItsLineAndColumn() async throws {
        let dir = try folder([("p.json", Array("{\n  \"files\": [\n    {\"id\": \"1a\",}\n  ]\n}".utf8))])
        let source = try GoogleDriveSavedPagesExtractor(
            format: DriveChangesFormat(), sourceID: "gdrive", paths: ["p.json"], baseDirectory: dir.path)
        let result = try await extract(source)
        let error = try #require(result.error)
        #expect("\(error)".hasPrefix("p.json:3:"), "\(error)")
    }

    @Test func aChangesSourceRefusesAListingPage() async throws {
        let dir = try folder([("files.json", Array(GoogleDrivePages.filesPage1.utf8))])
        let source = try GoogleDriveSavedPagesExtractor(
            format: DriveChangesFormat(), sourceID: "gdrive", paths: ["files.json"], baseDirectory: dir.path)
        let result = try await extract(source)
        #expect(result.rows == 0)
        #expect("\(String(describing: result.error))".contains("files.json: error: not a Drive changes.list page"))
    }
}
