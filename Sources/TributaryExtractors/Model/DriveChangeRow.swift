import TributaryCore

/// One row of the `drive_changes` table: one entry of Drive's change feed (`changes.list`), kept as it came, so that
/// "what changed in the shared documents" can be told week by week (../shared/formats/data-model.md, "Documents").
///
/// A change reports the file's *current* state, not a diff (notes, B.5): a trashed file arrives with
/// `removed: false` and `file.trashed: true`, a deleted one (or one the caller lost access to) with
/// `removed: true` and no file at all, so every file column is nullable. The `x_` columns carry what the weekly
/// views need besides the data model's columns: the folder, the owner, and the times that tell an added file from
/// an edited one.
public struct DriveChangeRow: ModelRow, Equatable {
    public var changeTime: Int64
    /// `file` or `drive` (Drive's `changeType`); kept as sent, since an enum may grow.
    public var changeType: String
    /// Nil for a change to a shared drive itself.
    public var fileID: String?
    public var removed: Bool
    /// Nil when the change carries no file (a removal, a drive change).
    public var trashed: Bool?
    public var name: String?
    public var mimeType: String?
    public var driveID: String?
    /// The shared drive's name, for `drive` changes.
    public var driveName: String?
    public var parents: [String]
    public var owners: [String]
    public var lastModifyingUser: String?
    public var createdTime: Int64?
    public var modifiedTime: Int64?
    public var sizeBytes: UInt64?
    public var version: UInt64?

    public init(
        changeTime: Int64, changeType: String = "file", fileID: String?, removed: Bool = false, trashed: Bool? = nil,
        name: String? = nil, mimeType: String? = nil, driveID: String? = nil, driveName: String? = nil,
        parents: [String] = [], owners: [String] = [], lastModifyingUser: String? = nil, createdTime: Int64? = nil,
        modifiedTime: Int64? = nil, sizeBytes: UInt64? = nil, version: UInt64? = nil
    ) {
        self.changeTime = changeTime
        self.changeType = changeType
        self.fileID = fileID
        self.removed = removed
        self.trashed = trashed
        self.name = name
        self.mimeType = mimeType
        self.driveID = driveID
        self.driveName = driveName
        self.parents = parents
        self.owners = owners
        self.lastModifyingUser = lastModifyingUser
        self.createdTime = createdTime
        self.modifiedTime = modifiedTime
        self.sizeBytes = sizeBytes
        self.version = version
    }

    public static let schema = Schema([
        Field("change_time", .dateTime, nullable: false),
        Field("change_type", .string, nullable: false),
        Field("file_id", .string),
        Field("removed", .bool, nullable: false),
        Field("trashed", .bool),
        Field("name", .string),
        Field("mime_type", .string),
        Field("drive_id", .string),
        Field("x_drive_name", .string),
        Field("x_parents", .stringArray),
        Field("x_owners", .stringArray),
        Field("x_last_modifying_user", .string),
        Field("x_created_time", .dateTime),
        Field("x_modified_time", .dateTime),
        Field("x_size_bytes", .uint64),
        Field("x_version", .uint64),
    ])

    public static let moneyColumns: [String] = []

    /// `drive_changes`: appended, with a row id from what identifies a change (v3 changes have no id of their own;
    /// the notes' "drive ID and change ID" becomes drive, file and time), so that a change read twice, by a retried
    /// insert or a run that resumes from an older token, is kept once. Partitioned by month of the change, which is
    /// part of the key, so a key never spans two partitions.
    public static let tableDefaults = TableDefaults(
        table: "drive_changes", orderBy: ["change_time"], partitionBy: "toYYYYMM(change_time)", strategy: "append",
        key: ["change_type", "file_id", "drive_id", "change_time"], timeColumn: "change_time")

    public var moneyUnits: [Int128] { [] }
    public var currency: String { "" }

    public func append(to c: inout [ColumnBuilder]) throws(ModelRowError) {
        guard !changeType.isEmpty else { throw ModelRowError(field: "change_type", reason: "missing value") }
        try DriveTime.check(changeTime, field: "change_time")
        try DriveTime.check(createdTime, field: "x_created_time")
        try DriveTime.check(modifiedTime, field: "x_modified_time")
        c[0].appendDateTime(changeTime)
        c[1].appendString(changeType)
        c[2].append(fileID)
        c[3].appendBool(removed)
        c[4].append(flag: trashed)
        c[5].append(name)
        c[6].append(mimeType)
        c[7].append(driveID)
        c[8].append(driveName)
        c[9].appendStrings(parents)
        c[10].appendStrings(owners)
        c[11].append(lastModifyingUser)
        c[12].append(time: createdTime)
        c[13].append(time: modifiedTime)
        c[14].append(sizeBytes)
        c[15].append(version)
    }
}
