import Foundation

/// Reads a listing one page at a time, in a paginator's style, with the loop guards every style needs.
///
/// It streams: each `nextPage()` fetches one page and keeps only the paginator's state, so memory is one page
/// whatever the listing's length. Two guards stop a server bug from becoming an endless run: a paging position
/// (cursor, page number, token) handed back a second time, and more than `maxPages` pages; both fail with the
/// URL of the page at fault.
///
///     var pager = client.pager(url, CursorPaginator.pennyLaneV2(query: [("sort", "id"), ("limit", "100")]))
///     while let page = try await pager.nextPage() {
///         for (i, item) in try page.array(at: .member("items")).enumerated() { … }
///     }
public struct APIPager<P: Paginator>: Sendable {
    public let client: APIClient
    public let url: URL
    public private(set) var paginator: P
    public let maxPages: Int
    public private(set) var pagesRead = 0
    /// Positions already asked for; a few bytes per page.
    private var seen: Set<String> = []

    public init(client: APIClient, url: URL, paginator: P, maxPages: Int = 10_000) {
        self.client = client
        self.url = url
        self.paginator = paginator
        self.maxPages = maxPages
        if let start = paginator.position { seen.insert(start) }
    }

    /// True once the last page has been read.
    public var isFinished: Bool { paginator.nextQuery == nil }

    /// The paginator's checkpoint (Drive's `newStartPageToken`) once the last page has been read.
    public var checkpoint: String? { paginator.checkpoint }

    /// The next page, or nil after the last one.
    public mutating func nextPage() async throws -> APIPage? {
        guard let query = paginator.nextQuery else { return nil }
        guard pagesRead < maxPages else {
            throw APIError.tooManyPages(
                url: client.redactedText(APIURL.url(url, query: query) ?? url), maxPages: maxPages)
        }
        let page = try await client.page(url, query: query, number: pagesRead + 1)
        pagesRead += 1
        try paginator.onPage(page)
        if paginator.nextQuery != nil, let position = paginator.position, !seen.insert(position).inserted {
            throw APIError.repeatedCursor(
                url: page.url.absoluteString, parameter: paginator.positionParameter, pages: pagesRead)
        }
        return page
    }
}
