import TributaryCore

/// One row of the `drive_files` table: the state of one Drive file (or folder) as last seen, one row per file id
/// once ClickHouse has merged (../shared/formats/data-model.md, "Documents").
///
/// Rows come from `files.list` (the state when the listing was taken) and from `changes.list` (the state a change
/// reported, or, for a change with `removed: true`, a row that only says the file is gone). They replace each other
/// by `x_state_time`, the time the state was known to hold, rather than by `modified_time` or the file's `version`:
/// trashing a file moves its `version` but not its `modifiedTime` (notes, B.9.5), and a removal carries neither, so
/// only a time every kind of row has can put a removal after the state it ends (notes, C.11).
///
/// Every Drive field is optional (notes, B.3 and C.3): a folder has no size, a Google Doc no md5, a shared-drive file
/// no owners, and a removal row nothing but its id, so all but `id` and the flags are nullable.
public struct DriveFileRow: ModelRow, Equatable {
    public var id: String
    public var name: String?
    public var mimeType: String?
    /// Folder ids; one in practice (notes, B.2).
    public var parents: [String]
    /// Owners' email addresses (a display name when the address is hidden); empty for shared-drive files.
    public var owners: [String]
    /// Set for files in a shared drive only.
    public var driveID: String?
    public var sizeBytes: UInt64?
    public var md5: String?
    public var createdTime: Int64?
    public var modifiedTime: Int64?
    public var trashed: Bool
    /// Drive's own counter, which moves on every change to the file; kept as data, not as the merge version.
    public var version: UInt64?
    public var webViewLink: String?
    /// True once a change said `removed`: deleted for good, or no longer visible to the caller.
    public var removed: Bool
    /// When it was trashed; Drive gives it for shared-drive files only.
    public var trashedTime: Int64?
    /// Email (or display name) of whoever changed the file last: shared-drive files have no owner to show.
    public var lastModifyingUser: String?
    public var quotaBytesUsed: UInt64?
    /// When this state was known to hold: the change's `time`, the time a live listing page was received, or, for a
    /// saved listing, the latest time the file itself carries. The highest wins the merge.
    public var stateTime: Int64
    /// `files.list` or `changes.list`: which listing the row came from.
    public var origin: String

    public init(
        id: String, name: String? = nil, mimeType: String? = nil, parents: [String] = [], owners: [String] = [],
        driveID: String? = nil, sizeBytes: UInt64? = nil, md5: String? = nil, createdTime: Int64? = nil,
        modifiedTime: Int64? = nil, trashed: Bool = false, version: UInt64? = nil, webViewLink: String? = nil,
        removed: Bool = false, trashedTime: Int64? = nil, lastModifyingUser: String? = nil,
        quotaBytesUsed: UInt64? = nil, stateTime: Int64, origin: String
    ) {
        self.id = id
        self.name = name
        self.mimeType = mimeType
        self.parents = parents
        self.owners = owners
        self.driveID = driveID
        self.sizeBytes = sizeBytes
        self.md5 = md5
        self.createdTime = createdTime
        self.modifiedTime = modifiedTime
        self.trashed = trashed
        self.version = version
        self.webViewLink = webViewLink
        self.removed = removed
        self.trashedTime = trashedTime
        self.lastModifyingUser = lastModifyingUser
        self.quotaBytesUsed = quotaBytesUsed
        self.stateTime = stateTime
        self.origin = origin
    }

    public static let schema = Schema([
        Field("id", .string, nullable: false),
        Field("name", .string),
        Field("mime_type", .string),
        Field("parents", .stringArray),
        Field("owners", .stringArray),
        Field("drive_id", .string),
        Field("size_bytes", .uint64),
        Field("md5", .string),
        Field("created_time", .dateTime),
        Field("modified_time", .dateTime),
        Field("trashed", .bool, nullable: false),
        Field("version", .uint64),
        Field("web_view_link", .string),
        Field("x_removed", .bool, nullable: false),
        Field("x_trashed_time", .dateTime),
        Field("x_last_modifying_user", .string),
        Field("x_quota_bytes_used", .uint64),
        Field("x_state_time", .dateTime, nullable: false),
        Field("x_origin", .string, nullable: false),
    ])

    /// Documents carry no money.
    public static let moneyColumns: [String] = []

    /// `drive_files`: a ReplacingMergeTree ordered by the file id, the latest `x_state_time` kept. No partition, so
    /// that the rows of one file always meet in a merge.
    public static let tableDefaults = TableDefaults(
        table: "drive_files", orderBy: ["id"], strategy: "merge", versionColumn: "x_state_time", key: ["id"])

    public var moneyUnits: [Int128] { [] }
    public var currency: String { "" }

    public func append(to c: inout [ColumnBuilder]) throws(ModelRowError) {
        guard !id.isEmpty else { throw ModelRowError(field: "id", reason: "missing value") }
        // Checked before anything is appended, so that a failure leaves every builder as it was.
        try DriveTime.check(createdTime, field: "created_time")
        try DriveTime.check(modifiedTime, field: "modified_time")
        try DriveTime.check(trashedTime, field: "x_trashed_time")
        try DriveTime.check(stateTime, field: "x_state_time")
        c[0].appendString(id)
        c[1].append(name)
        c[2].append(mimeType)
        c[3].appendStrings(parents)
        c[4].appendStrings(owners)
        c[5].append(driveID)
        c[6].append(sizeBytes)
        c[7].append(md5)
        c[8].append(time: createdTime)
        c[9].append(time: modifiedTime)
        c[10].appendBool(trashed)
        c[11].append(version)
        c[12].append(webViewLink)
        c[13].appendBool(removed)
        c[14].append(time: trashedTime)
        c[15].append(lastModifyingUser)
        c[16].append(quotaBytesUsed)
        c[17].appendDateTime(stateTime)
        c[18].appendString(origin)
    }
}
