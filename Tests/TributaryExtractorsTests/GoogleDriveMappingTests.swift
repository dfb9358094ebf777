import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats
import TributaryTestSupport

/// Drive pages mapped to `drive_files` and `drive_changes` rows, field by field.
struct GoogleDriveMappingTests {
    static let sophie = "sophie.bernard@atelier-conseil.fr"
    static let marc = "marc.lefevre@atelier-conseil.fr"

    @Test func aListingPageMapsEveryFieldOfEveryFile() throws {
        let page = try mapPage(DriveFilesFormat(), GoogleDrivePages.filesPage1)
        #expect(page.rejects.isEmpty)
        #expect(page.rows.count == 3)
        #expect(
            page.rows[0]
                == DriveFileRow(
                    id: "1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVw", name: "Facture F-2024-0101.pdf",
                    mimeType: "application/pdf", parents: ["0AbCdEfGhIjKlUk9PVA"], owners: [Self.sophie],
                    driveID: nil, sizeBytes: 184_320, md5: "9e107d9d372bb6826bd81d3542a419d6",
                    createdTime: 1_709_561_702, modifiedTime: 1_709_561_702, trashed: false, version: 3,
                    webViewLink: "https://drive.google.com/file/d/1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVw/view?usp=drivesdk",
                    removed: false, trashedTime: nil, lastModifyingUser: Self.sophie, quotaBytesUsed: 184_320,
                    stateTime: 1_709_561_702, origin: "files.list"))
        // A Google Sheet: a size but no md5; edited by someone other than its owner.
        let sheet = page.rows[1]
        #expect(sheet.mimeType == "application/vnd.google-apps.spreadsheet")
        #expect(sheet.sizeBytes == 20_480 && sheet.md5 == nil && sheet.quotaBytesUsed == 0)
        #expect(sheet.owners == [Self.sophie] && sheet.lastModifyingUser == Self.marc)
        #expect(sheet.version == 187 && sheet.webViewLink == nil)
        #expect(sheet.createdTime == 1_704_182_411 && sheet.modifiedTime == 1_710_956_730)
        #expect(sheet.stateTime == 1_710_956_730, "a saved listing is dated by the latest time the file carries")
        // Trashed in My Drive: no trashedTime there.
        #expect(page.rows[2].trashed && page.rows[2].trashedTime == nil && page.rows[2].version == 5)
        #expect(page.rows[2].name == "scan_ticket_dépannage.jpg" && page.rows[2].sizeBytes == 2_411_724)
    }

    @Test func sharedDriveItemsHaveADriveAndNoOwnersAndFoldersNoSize() throws {
        let rows = try mapPage(DriveFilesFormat(), GoogleDrivePages.filesPage2).rows
        #expect(rows.count == 2)
        let folder = rows[0]
        #expect(folder.mimeType == GoogleDriveFile.folderMimeType)
        #expect(folder.sizeBytes == nil && folder.md5 == nil && folder.owners.isEmpty)
        #expect(folder.driveID == "0AShAReDdRiVeIdUk9PVA" && folder.parents == ["0AShAReDdRiVeIdUk9PVA"])
        #expect(folder.lastModifyingUser == Self.sophie && folder.version == 12)
        #expect(folder.stateTime == 1_710_842_475)
        #expect(rows[1].parents == ["1FolderFacturesSharedDrv000000000"] && rows[1].sizeBytes == 96_512)
    }

    @Test func aLivePageIsDatedByWhenItWasReceived() throws {
        let rows = try mapPage(DriveFilesFormat(), GoogleDrivePages.filesPage1, listedAt: 1_711_101_600).rows
        #expect(rows.map(\.stateTime) == [1_711_101_600, 1_711_101_600, 1_711_101_600])
    }

    @Test func changesBecomeOneRowEach() throws {
        let first = try mapPage(DriveChangesFormat(), GoogleDrivePages.changesPage1)
        let second = try mapPage(DriveChangesFormat(), GoogleDrivePages.changesPage2)
        #expect(first.rejects.isEmpty && second.rejects.isEmpty)
        #expect(
            first.rows[0]
                == DriveChangeRow(
                    changeTime: 1_710_956_731, changeType: "file", fileID: "1SheetXyZ0987654321abcdefGHIJKLmnopQRstuv",
                    removed: false, trashed: false, name: "Suivi trésorerie 2024",
                    mimeType: "application/vnd.google-apps.spreadsheet", driveID: nil, driveName: nil,
                    parents: ["0AbCdEfGhIjKlUk9PVA"], owners: [Self.sophie], lastModifyingUser: nil,
                    createdTime: 1_704_182_411, modifiedTime: 1_710_956_730, sizeBytes: 20_480, version: 187))
        // A deletion: nothing but the id and the time.
        #expect(
            first.rows[1]
                == DriveChangeRow(
                    changeTime: 1_711_004_530, fileID: "1DeletedForeverFileId0000000000000", removed: true))
        // A trashing is not a removal: the file is there, trashed.
        let trashed = second.rows[0]
        #expect(!trashed.removed && trashed.trashed == true && trashed.version == 6)
        #expect(trashed.createdTime == nil, "the change's mask left createdTime out")
        // A change to a shared drive itself.
        #expect(
            second.rows[1]
                == DriveChangeRow(
                    changeTime: 1_711_011_605, changeType: "drive", fileID: nil, driveID: "0AShAReDdRiVeIdUk9PVA",
                    driveName: "Comptabilité 2024"))
    }

    @Test func changesUpdateTheFilesTheyCarryAndARemovalMarksTheFileRemoved() throws {
        let first = try mapPage(DriveFilesFormat(), GoogleDrivePages.changesPage1)
        let second = try mapPage(DriveFilesFormat(), GoogleDrivePages.changesPage2)
        #expect(first.rejects.isEmpty && second.rejects.isEmpty)
        #expect(first.rows.count == 2)
        let edited = first.rows[0]
        #expect(edited.id == "1SheetXyZ0987654321abcdefGHIJKLmnopQRstuv" && edited.origin == "changes.list")
        #expect(edited.stateTime == 1_710_956_731, "dated by the change, after the listed state")
        #expect(edited.version == 187 && edited.modifiedTime == 1_710_956_730)
        #expect(
            first.rows[1]
                == DriveFileRow(
                    id: "1DeletedForeverFileId0000000000000", removed: true, stateTime: 1_711_004_530,
                    origin: "changes.list"))
        // The trashing: same modifiedTime as listed, a higher version, and a later state time that wins the merge.
        #expect(second.rows.count == 1, "the drive change is no file")
        let trashed = second.rows[0]
        #expect(trashed.trashed && !trashed.removed && trashed.version == 6)
        #expect(trashed.modifiedTime == 1_707_562_964 && trashed.stateTime == 1_711_009_800)
    }

    @Test func aStartTokenAnswerHasNoRecords() throws {
        let files = try mapPage(DriveFilesFormat(), GoogleDrivePages.startPageToken)
        #expect(files.rows.isEmpty && files.rejects.isEmpty)
        let page = try GoogleDrivePage(JSONParser.parse(GoogleDrivePages.startPageToken), file: "t.json")
        #expect(page.kind == .startPageToken)
    }

    @Test func deprecatedNamesAndMissingOptionalsAreRead() throws {
        let json = """
            {"changes": [{"type": "file", "time": "2024-03-22T10:00:00Z", "fileId": "1abc", "teamDriveId": "0ATeam",
                          "file": {"name": "no id in the mask", "owners": [{"displayName": "Hidden Address"}]}}]}
            """
        let change = try #require(try mapPage(DriveChangesFormat(), json).rows.first)
        #expect(change.changeType == "file" && change.fileID == "1abc" && change.driveID == "0ATeam")
        #expect(change.removed == false && change.trashed == nil && change.owners == ["Hidden Address"])
        let file = try #require(try mapPage(DriveFilesFormat(), json).rows.first)
        #expect(file.id == "1abc" && file.name == "no id in the mask" && !file.trashed)
    }
}
