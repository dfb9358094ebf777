/// How an API splits a listing into pages: a value-type state machine that says which query fetches the next
/// page, given what the previous page said. The caller (`APIPager`) does the I/O and the loop guards.
///
/// Each style re-sends its fixed query (filters, sort, limit) on every page: PennyLane's cursor encodes only a
/// position, and without its filters the next page would be unfiltered (notes, A.3).
///
///     var paginator = CursorPaginator.openAI(query: [("start_time", "1754006400"), ("bucket_width", "1d")])
///     while let query = paginator.nextQuery {
///         let page = try await client.page(url, query: query, number: n)
///         try paginator.onPage(page)
///     }
public protocol Paginator: Sendable {
    /// The next request's query, nil once the last page has been read.
    var nextQuery: [(name: String, value: String)]? { get }
    /// The position the next request asks for (a cursor, a page number, a page token); nil when the first
    /// request names none. The pager refuses a position it has already asked for.
    var position: String? { get }
    /// The query parameter that carries the position (`page`, `cursor`, `pageToken`), for messages.
    var positionParameter: String { get }
    /// Reads the paging fields of the page just fetched and moves to the next request, or to the end.
    mutating func onPage(_ page: APIPage) throws(APIError)
    /// What to persist once everything read has been committed: Drive's `newStartPageToken`. Nil for styles
    /// without one, and until the last page has been read.
    var checkpoint: String? { get }
}

extension Paginator {
    public var checkpoint: String? { nil }
}
