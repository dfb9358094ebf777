import TributaryCore
import TributaryFormats

/// A Drive v3 `File` resource as a `files.list` page or a change carries it, read into typed values.
///
/// Every field is optional, since Drive omits what has no value and what the `fields` mask left out (notes, B.3),
/// and reads are lenient where the notes are unsure and strict where they are not: the int64 fields (`size`,
/// `version`, `quotaBytesUsed`) are JSON strings by the discovery document (notes, B.2, confirmed in real payloads),
/// so a string of digits is read, an integer JSON number is accepted too (a dump re-serialised by another tool),
/// and anything else (`"12kB"`, `"-1"`, `"1.5"`) is refused. Failures are `ModelRowError`s whose field is the JSON
/// path of the value and whose reason names the file, so that a reject says which document it was.
public struct GoogleDriveFile: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var mimeType: String?
    public var parents: [String]
    /// Email addresses, or the display name of an owner whose address is hidden.
    public var owners: [String]
    public var driveID: String?
    public var sizeBytes: UInt64?
    public var md5: String?
    public var createdTime: Int64?
    public var modifiedTime: Int64?
    public var modifiedByMeTime: Int64?
    public var viewedByMeTime: Int64?
    public var sharedWithMeTime: Int64?
    public var trashed: Bool?
    public var trashedTime: Int64?
    public var version: UInt64?
    public var webViewLink: String?
    public var lastModifyingUser: String?
    public var quotaBytesUsed: UInt64?

    public static let folderMimeType = "application/vnd.google-apps.folder"

    /// Reads the resource at `path`; `fallbackID` (a change's `fileId`) stands in for an `id` the mask left out.
    public init(_ value: JSONValue, at path: JSONPath, fallbackID: String? = nil) throws(ModelRowError) {
        let f = JSONFields(value, at: path)
        guard let id = try f.string("id") ?? fallbackID, !id.isEmpty else {
            throw ModelRowError(field: path.appending(key: "id").description, reason: "missing value")
        }
        let reader = Reader(fields: f, id: id)
        self.id = id
        name = try f.string("name")
        mimeType = try f.string("mimeType")
        parents = try reader.strings("parents")
        owners = try reader.users("owners")
        driveID = try f.firstString("driveId", "teamDriveId")
        sizeBytes = try reader.int64("size", "a whole number of bytes")
        md5 = try f.string("md5Checksum")
        createdTime = try reader.time("createdTime")
        modifiedTime = try reader.time("modifiedTime")
        modifiedByMeTime = try reader.time("modifiedByMeTime")
        viewedByMeTime = try reader.time("viewedByMeTime")
        sharedWithMeTime = try reader.time("sharedWithMeTime")
        trashed = try reader.flag("trashed")
        trashedTime = try reader.time("trashedTime")
        version = try reader.int64("version", "a whole version number")
        webViewLink = try f.string("webViewLink")
        lastModifyingUser = try reader.user("lastModifyingUser")
        quotaBytesUsed = try reader.int64("quotaBytesUsed", "a whole number of bytes")
    }

    /// The latest time the resource itself carries: what dates a saved listing, whose own time is unknown.
    public var latestTime: Int64? {
        [createdTime, modifiedTime, modifiedByMeTime, viewedByMeTime, sharedWithMeTime, trashedTime]
            .compactMap { $0 }.max()
    }

    public var isFolder: Bool { mimeType == Self.folderMimeType }

    /// The typed reads, with the file id for messages.
    private struct Reader {
        let fields: JSONFields
        let id: String

        func failure(_ key: String, index: Int? = nil, _ problem: String) -> ModelRowError {
            var path = fields.path.appending(key: key)
            if let index { path = path.appending(index: index) }
            return ModelRowError(field: path.description, reason: "file \(id): \(problem)")
        }

        /// An int64 written as a string (or, leniently, as an integer number), as an unsigned count.
        func int64(_ key: String, _ what: String) throws(ModelRowError) -> UInt64? {
            guard let v = fields.member(key) else { return nil }
            let text: String
            switch v {
            case .string(let s): text = s
            case .number(let n): text = n
            default: throw failure(key, "expected \(what) as an int64 string, found \(v.kindDescription)")
            }
            guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let n = UInt64(text) else {
                throw failure(key, "'\(text)' is not \(what)")
            }
            return n
        }

        func time(_ key: String) throws(ModelRowError) -> Int64? {
            guard let v = fields.member(key) else { return nil }
            guard let text = v.stringValue else {
                throw failure(key, "expected an RFC 3339 time, found \(v.kindDescription)")
            }
            switch CivilTime.parseTimestamp(text) {
            case .success(let seconds): return seconds
            case .failure: throw failure(key, "'\(text)' is not an RFC 3339 time")
            }
        }

        func flag(_ key: String) throws(ModelRowError) -> Bool? {
            guard let v = fields.member(key) else { return nil }
            guard let b = v.boolValue else { throw failure(key, "expected true or false, found \(v.kindDescription)") }
            return b
        }

        func strings(_ key: String) throws(ModelRowError) -> [String] {
            guard let v = fields.member(key) else { return [] }
            guard let items = v.arrayValue else {
                throw failure(key, "expected an array of ids, found \(v.kindDescription)")
            }
            var out: [String] = []
            for (i, item) in items.enumerated() {
                guard let s = item.stringValue else {
                    throw failure(key, index: i, "expected an id string, found \(item.kindDescription)")
                }
                out.append(s)
            }
            return out
        }

        /// A `User` as its email address, else its display name; nil for a user with neither.
        func user(_ key: String) throws(ModelRowError) -> String? {
            guard let v = fields.member(key) else { return nil }
            return try name(of: v, key, index: nil)
        }

        func users(_ key: String) throws(ModelRowError) -> [String] {
            guard let v = fields.member(key) else { return [] }
            guard let items = v.arrayValue else {
                throw failure(key, "expected an array of users, found \(v.kindDescription)")
            }
            var out: [String] = []
            for (i, item) in items.enumerated() {
                if let name = try name(of: item, key, index: i) { out.append(name) }
            }
            return out
        }

        func name(of user: JSONValue, _ key: String, index: Int?) throws(ModelRowError) -> String? {
            guard user.objectValue != nil else {
                throw failure(key, index: index, "expected a user object, found \(user.kindDescription)")
            }
            let email = user["emailAddress"]?.stringValue
            let display = user["displayName"]?.stringValue
            return [email, display].compactMap { $0 }.first { !$0.isEmpty }
        }
    }
}

extension JSONFields {
    /// The first of `keys` present, as a string: a field and its deprecated name (`driveId`, `teamDriveId`).
    func firstString(_ keys: String...) throws(ModelRowError) -> String? {
        for key in keys {
            if let s = try string(key) { return s }
        }
        return nil
    }
}
