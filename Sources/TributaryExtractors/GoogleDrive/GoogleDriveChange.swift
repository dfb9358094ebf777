import TributaryCore
import TributaryFormats

/// A Drive v3 `Change` as `changes.list` returns it, read into typed values.
///
/// `time` is required: a change without one cannot be placed, nor told from the same change read again. The rest
/// follows the notes (B.5): `changeType` is `file` or `drive` (the deprecated `type` is read when it is missing,
/// and a value neither names is kept as sent, since enums grow); `removed` means deleted or no longer visible, and
/// then there is no `file`; a `file` change needs a `fileId` (or a file with an id).
public struct GoogleDriveChange: Sendable, Equatable {
    public var time: Int64
    public var changeType: String
    public var fileID: String?
    public var removed: Bool
    public var file: GoogleDriveFile?
    public var driveID: String?
    public var driveName: String?

    public init(_ value: JSONValue, at path: JSONPath) throws(ModelRowError) {
        let f = JSONFields(value, at: path)
        time = try f.timestamp("time")
        let fileID = try f.string("fileId")
        let driveID = try f.firstString("driveId", "teamDriveId")
        let declared = try f.firstString("changeType", "type")
        changeType = declared ?? (fileID == nil && driveID != nil ? "drive" : "file")
        if let v = f.member("removed") {
            guard let b = v.boolValue else {
                throw ModelRowError(
                    field: path.appending(key: "removed").description,
                    reason: "expected true or false, found \(v.kindDescription)")
            }
            removed = b
        } else {
            removed = false
        }
        if let v = f.member("file") {
            file = try GoogleDriveFile(v, at: path.appending(key: "file"), fallbackID: fileID)
        } else {
            file = nil
        }
        self.fileID = fileID ?? file?.id
        if changeType == "file", self.fileID == nil {
            throw ModelRowError(field: path.appending(key: "fileId").description, reason: "missing value")
        }
        self.driveID = driveID ?? file?.driveID
        let drive = f.member("drive") ?? f.member("teamDrive")
        driveName = drive?["name"]?.stringValue
        if self.driveID == nil { self.driveID = drive?["id"]?.stringValue }
    }

    /// The change as a row of `drive_changes`.
    public var row: DriveChangeRow {
        DriveChangeRow(
            changeTime: time, changeType: changeType, fileID: fileID, removed: removed, trashed: file?.trashed,
            name: file?.name, mimeType: file?.mimeType, driveID: driveID, driveName: driveName,
            parents: file?.parents ?? [], owners: file?.owners ?? [], lastModifyingUser: file?.lastModifyingUser,
            createdTime: file?.createdTime, modifiedTime: file?.modifiedTime, sizeBytes: file?.sizeBytes,
            version: file?.version)
    }
}
