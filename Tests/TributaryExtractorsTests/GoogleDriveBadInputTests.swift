import Foundation
import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats
import TributaryTestSupport

/// What becomes of Drive input that is not as the API documents it: a bad field is a reject naming the file and
/// the field's JSON path; a page of the wrong shape stops the run with the path of what is wrong.
struct GoogleDriveBadInputTests {
    /// A record with one field replaced.
    static func listing(size: String) -> String {
        """
        {"kind": "drive#fileList", "files": [
          {"id": "1good", "name": "ok.pdf", "size": "10", "modifiedTime": "2024-03-01T00:00:00Z"},
          {"id": "1badSize", "name": "devis.pdf", "size": \(size), "modifiedTime": "2024-03-01T00:00:00Z"}
        ]}
        """
    }

    struct BadField: Sendable, CustomTestStringConvertible {
        var json: String
        var field: String
        var reason: String
        var testDescription: String { "\(field): \(reason)" }
    }

    static let badFields: [BadField] = [
        BadField(
            json: listing(size: #""12kB""#), field: "$.files[1].size",
            reason: "file 1badSize: '12kB' is not a whole number of bytes"),
        BadField(
            json: listing(size: #""-1""#), field: "$.files[1].size",
            reason: "file 1badSize: '-1' is not a whole number of bytes"),
        BadField(
            json: listing(size: "1.5"), field: "$.files[1].size",
            reason: "file 1badSize: '1.5' is not a whole number of bytes"),
        BadField(
            json: listing(size: #""99999999999999999999""#), field: "$.files[1].size",
            reason: "file 1badSize: '99999999999999999999' is not a whole number of bytes"),
        BadField(
            json: listing(size: "true"), field: "$.files[1].size",
            reason: "file 1badSize: expected a whole number of bytes as an int64 string, found a boolean"),
        BadField(
            json: #"{"files": [{"id": "1v", "version": "v7"}]}"#, field: "$.files[0].version",
            reason: "file 1v: 'v7' is not a whole version number"),
        BadField(
            json: #"{"files": [{"id": "1t", "trashed": "yes"}]}"#, field: "$.files[0].trashed",
            reason: "file 1t: expected true or false, found a string"),
        BadField(
            json: #"{"files": [{"id": "1p", "parents": "0AbC"}]}"#, field: "$.files[0].parents",
            reason: "file 1p: expected an array of ids, found a string"),
        BadField(
            json: #"{"files": [{"id": "1o", "owners": ["someone@example.com"]}]}"#, field: "$.files[0].owners[0]",
            reason: "file 1o: expected a user object, found a string"),
        BadField(json: #"{"files": [{"name": "no id"}]}"#, field: "$.files[0].id", reason: "missing value"),
        BadField(
            json: #"{"files": [{"id": "1m", "modifiedTime": "03/04/2024"}]}"#, field: "$.files[0].modifiedTime",
            reason: "file 1m: '03/04/2024' is not an RFC 3339 time"),
    ]

    @Test(arguments: badFields)
    func aBadFieldIsARejectNamingTheFileAndThePath(_ case_: BadField) throws {
        let page = try mapPage(DriveFilesFormat(), case_.json)
        #expect(page.rejects.count == 1)
        #expect(page.rejects.first?.field == case_.field)
        #expect(page.rejects.first?.reason == case_.reason)
    }

    @Test func theOtherRecordsOfThePageStillLoad() throws {
        let page = try mapPage(DriveFilesFormat(), Self.listing(size: #""12kB""#))
        #expect(page.rows.map(\.id) == ["1good"])
    }

    static let badChanges: [BadField] = [
        BadField(
            json: #"{"changes": [{"fileId": "1x", "removed": true}]}"#, field: "$.changes[0].time",
            reason: "missing value"),
        BadField(
            json: #"{"changes": [{"time": "2024-03-01T00:00:00Z", "changeType": "file"}]}"#,
            field: "$.changes[0].fileId", reason: "missing value"),
        BadField(
            json: #"{"changes": [{"time": "2024-03-01T00:00:00Z", "fileId": "1r", "removed": "no"}]}"#,
            field: "$.changes[0].removed", reason: "expected true or false, found a string"),
        BadField(
            json: #"{"changes": [{"time": "2024-03-01T00:00:00Z", "fileId": "1s", "file": {"size": "2 Mo"}}]}"#,
            field: "$.changes[0].file.size", reason: "file 1s: '2 Mo' is not a whole number of bytes"),
    ]

    @Test(arguments: badChanges)
    func aBadChangeIsARejectForBothTables(_ case_: BadField) throws {
        for rejects in [
            try mapPage(DriveChangesFormat(), case_.json).rejects,
            try mapPage(DriveFilesFormat(), case_.json).rejects,
        ] {
            #expect(rejects.count == 1)
            #expect(rejects.first?.field == case_.field)
            #expect(rejects.first?.reason == case_.reason)
        }
    }

    @Test func aChangeWithoutItsFileCannotUpdateTheFile() throws {
        let json = #"{"changes": [{"time": "2024-03-01T00:00:00Z", "fileId": "1nf", "removed": false}]}"#
        let page = try mapPage(DriveFilesFormat(), json)
        #expect(page.rejects.first?.field == "$.changes[0].file")
        #expect(page.rejects.first?.reason.contains("file 1nf: the change carries no file resource") == true)
        #expect(try mapPage(DriveChangesFormat(), json).rows.count == 1, "as a change it is still a change")
    }

    struct BadShape: Sendable, CustomTestStringConvertible {
        var json: String
        var message: String
        var testDescription: String { message }
    }

    static let badShapes: [BadShape] = [
        BadShape(
            json: #"[{"id": "1a"}]"#,
            message: "expected a Drive files.list or changes.list page (a JSON object) at $, found an array"),
        BadShape(json: #"{"files": {"id": "1a"}}"#, message: "expected an array at $.files, found an object"),
        BadShape(
            json: #"{"files": [{"id": "1a"}, "1b"]}"#, message: "expected a File object at $.files[1], found a string"),
        BadShape(json: #"{"changes": [7]}"#, message: "expected a Change object at $.changes[0], found a number"),
        BadShape(json: #"{"kind": 3, "files": []}"#, message: "expected a string at $.kind, found a number"),
        BadShape(
            json: #"{"files": [], "changes": []}"#,
            message: "expected either `files` (files.list) or `changes` (changes.list) at $, found both"),
        BadShape(
            json: #"{"items": [], "nextPageToken": "x"}"#,
            message: "expected `files` (a files.list page) or `changes` (a changes.list page) at $, found an "
                + "object with keys items, nextPageToken"),
        BadShape(
            json: #"{"error": {"code": 403, "message": "The user does not have sufficient permissions."}}"#,
            message: "not a Drive page file: it is an error response (The user does not have sufficient "
                + "permissions.), saved instead of a page"),
    ]

    @Test(arguments: badShapes)
    func aPageOfAnotherShapeStopsWithItsPath(_ case_: BadShape) {
        do {
            _ = try mapPage(DriveFilesFormat(), case_.json)
            Issue.record("expected a shape error")
        } catch let error as ExtractorError {
            #expect(error.message.hasPrefix(case_.message), "\(error.message)")
            #expect(error.description.hasPrefix("page.json"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aListingIsNoChangeFeed() {
        #expect(throws: ExtractorError.self) { try mapPage(DriveChangesFormat(), GoogleDrivePages.filesPage2) }
        do {
            _ = try mapPage(DriveChangesFormat(), GoogleDrivePages.filesPage2)
        } catch {
            #expect("\(error)".contains("it is a files.list page"))
            #expect("\(error)".contains("resource = \"files\""))
        }
    }
}
