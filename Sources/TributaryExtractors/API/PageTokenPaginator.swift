import TributaryFormats

/// Paging by page token: Google Drive `files.list` and `changes.list` (`nextPageToken` → `pageToken`).
///
/// `changes.list` starts from a stored token and ends with `newStartPageToken`, which is the checkpoint: the
/// source persists it only after everything read has been committed, or changes are lost (notes, C.16). A last
/// page without it is a shape error, not an empty checkpoint. A `fields` mask that leaves out the paging keys
/// makes Drive drop them and paging stop silently after page 1 (notes, B.3), so they are added to any mask that
/// lacks them.
///
///     var files = PageTokenPaginator.driveFiles(query: [("q", "trashed = false"), ("pageSize", "1000")])
///     var changes = PageTokenPaginator.driveChanges(startPageToken: stored, query: [("pageSize", "1000")])
public struct PageTokenPaginator: Paginator {
    public private(set) var query: [(name: String, value: String)]
    public let tokenKey: String
    public let tokenParameter: String
    /// The key of the last page's checkpoint token (`newStartPageToken`), nil for listings without one.
    public let checkpointKey: String?
    /// The token the next request sends.
    public private(set) var token: String?
    public private(set) var checkpoint: String?
    public private(set) var isFinished = false

    public init(
        query: [(name: String, value: String)], initialToken: String? = nil, tokenKey: String = "nextPageToken",
        tokenParameter: String = "pageToken", checkpointKey: String? = nil
    ) {
        self.tokenKey = tokenKey
        self.tokenParameter = tokenParameter
        self.checkpointKey = checkpointKey
        self.token = initialToken
        let required = [tokenKey] + (checkpointKey.map { [$0] } ?? [])
        self.query = query.map { item in
            guard item.name == "fields", item.value != "*" else { return item }
            let missing = required.filter { !item.value.contains($0) }
            return missing.isEmpty ? item : (item.name, (missing + [item.value]).joined(separator: ","))
        }
    }

    /// `GET /drive/v3/files`.
    public static func driveFiles(query: [(name: String, value: String)]) -> PageTokenPaginator {
        PageTokenPaginator(query: query)
    }

    /// `GET /drive/v3/changes` from `startPageToken` (from `changes/startPageToken`, or the last run's checkpoint).
    public static func driveChanges(
        startPageToken: String, query: [(name: String, value: String)] = []
    ) -> PageTokenPaginator {
        PageTokenPaginator(query: query, initialToken: startPageToken, checkpointKey: "newStartPageToken")
    }

    public var nextQuery: [(name: String, value: String)]? {
        guard !isFinished else { return nil }
        return query + (token.map { [(tokenParameter, $0)] } ?? [])
    }

    public var position: String? { token }
    public var positionParameter: String { tokenParameter }

    public mutating func onPage(_ page: APIPage) throws(APIError) {
        if let next = try page.optionalString(at: .member(tokenKey)), !next.isEmpty {
            token = next
            return
        }
        isFinished = true
        if let checkpointKey {
            let path = JSONPath.member(checkpointKey)
            guard let value = page.value(at: path)?.stringValue, !value.isEmpty else {
                throw page.shapeError(at: path, expected: "a token string on the last page (no \(tokenKey))")
            }
            checkpoint = value
        }
    }
}
