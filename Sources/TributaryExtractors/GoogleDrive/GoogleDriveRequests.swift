import Foundation

/// The three Drive requests a live pull makes, with their queries: `changes/startPageToken`, `files` and
/// `changes`.
///
/// Every listing names its `fields`, wrapper keys included: without `nextPageToken` in the mask Drive drops it and
/// paging stops after page 1, and without `newStartPageToken` the feed cannot resume (notes, B.3 and C.16). An
/// explicit mask also keeps `pageSize=1000` honoured, where `fields=*` caps change pages at 50. Shared drives need
/// `supportsAllDrives` everywhere and `includeItemsFromAllDrives` on the listings (notes, B.4); a start token is
/// per corpus, so one drive's feed asks for that drive's token.
struct GoogleDriveRequests: Sendable {
    let configuration: GoogleDriveExtractor.Configuration

    /// What is read of each file, in listings and in changes alike, so that a row from the feed is as full as the
    /// listed row it replaces.
    static let fileFields =
        "id,name,mimeType,parents,createdTime,modifiedTime,size,md5Checksum,owners(displayName,emailAddress),"
        + "lastModifyingUser(displayName,emailAddress),trashed,trashedTime,driveId,webViewLink,quotaBytesUsed,version"

    static let filesMask = "nextPageToken,incompleteSearch,files(\(fileFields))"
    static let changesMask =
        "nextPageToken,newStartPageToken,changes(changeType,time,removed,fileId,driveId,drive(id,name),"
        + "file(\(fileFields)))"

    var startPageTokenURL: URL { endpoint("changes/startPageToken") }
    var filesURL: URL { endpoint("files") }
    var changesURL: URL { endpoint("changes") }

    var startPageTokenQuery: [(name: String, value: String)] {
        [("supportsAllDrives", "true")] + driveQuery
    }

    var filesQuery: [(name: String, value: String)] {
        var query: [(name: String, value: String)] = [
            ("pageSize", String(configuration.pageSize)), ("fields", Self.filesMask), ("supportsAllDrives", "true"),
            ("corpora", configuration.corpora.rawValue),
        ]
        if configuration.corpora != .user { query.append(("includeItemsFromAllDrives", "true")) }
        query += driveQuery
        if let q = configuration.query { query.append(("q", q)) }
        return query
    }

    var changesQuery: [(name: String, value: String)] {
        var query: [(name: String, value: String)] = [
            ("pageSize", String(configuration.pageSize)), ("fields", Self.changesMask), ("supportsAllDrives", "true"),
            ("includeRemoved", "true"),
        ]
        if configuration.corpora != .user { query.append(("includeItemsFromAllDrives", "true")) }
        return query + driveQuery
    }

    private var driveQuery: [(name: String, value: String)] {
        guard configuration.corpora == .drive, let id = configuration.driveID else { return [] }
        return [("driveId", id)]
    }

    private func endpoint(_ path: String) -> URL {
        var text = configuration.baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text + "/" + path) ?? configuration.baseURL.appendingPathComponent(path)
    }
}
