import TributaryCore
import TributaryFormats

/// `drive_files` from listings and from the change feed: a listed file is its state when listed; a change with a
/// file is that file's state at the change's time; a removal is a row marking the file removed at that time, which
/// outranks every earlier state in the merge. Changes to shared drives themselves are no file and are skipped.
public struct DriveFilesFormat: GoogleDrivePageFormat {
    public typealias Row = DriveFileRow
    public var resource: GoogleDriveResource { .files }

    public init() {}

    public func check(_ page: GoogleDrivePage) throws(ExtractorError) {}

    public func map(_ record: JSONValue, at path: JSONPath, of kind: GoogleDrivePage.Kind, listedAt: Int64?)
        -> MappedRecord<DriveFileRow>
    {
        .catching { () throws(ModelRowError) in
            switch kind {
            case .fileList:
                let file = try GoogleDriveFile(record, at: path)
                return [Self.row(file, stateTime: listedAt ?? file.latestTime ?? 0, origin: kind)]
            case .changeList:
                let change = try GoogleDriveChange(record, at: path)
                guard change.changeType == "file", let id = change.fileID else { return [] }
                if change.removed {
                    return [
                        DriveFileRow(
                            id: id, driveID: change.driveID, removed: true, stateTime: change.time,
                            origin: kind.rawValue)
                    ]
                }
                guard let file = change.file else {
                    throw ModelRowError(
                        field: path.appending(key: "file").description,
                        reason: "file \(id): the change carries no file resource; ask for file(…) in fields")
                }
                return [Self.row(file, stateTime: change.time, origin: kind)]
            case .startPageToken:
                return []
            }
        }
    }

    static func row(_ f: GoogleDriveFile, stateTime: Int64, origin: GoogleDrivePage.Kind) -> DriveFileRow {
        DriveFileRow(
            id: f.id, name: f.name, mimeType: f.mimeType, parents: f.parents, owners: f.owners, driveID: f.driveID,
            sizeBytes: f.sizeBytes, md5: f.md5, createdTime: f.createdTime, modifiedTime: f.modifiedTime,
            trashed: f.trashed ?? false, version: f.version, webViewLink: f.webViewLink, removed: false,
            trashedTime: f.trashedTime, lastModifyingUser: f.lastModifyingUser, quotaBytesUsed: f.quotaBytesUsed,
            stateTime: stateTime, origin: origin.rawValue)
    }
}
