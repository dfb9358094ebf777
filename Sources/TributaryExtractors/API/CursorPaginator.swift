import TributaryFormats

/// Paging by an opaque cursor in the body plus a `has_more` flag: OpenAI's Costs and Usage APIs (`next_page` →
/// `page`), Anthropic's usage and cost reports (`next_page` → `page`) and PennyLane v2 (`next_cursor` → `cursor`).
///
/// `has_more` decides, not the cursor: Anthropic documents `next_page` as null on the last page, but a cursor
/// left on the last page must not start another round. A `has_more: true` without a cursor is a shape error,
/// since stopping there would silently drop the rest. `firstPageQuery` goes on the first request only, for
/// PennyLane's changelogs, which refuse `start_date` together with `cursor` (400).
///
///     var costs = CursorPaginator.openAI(query: [("start_time", "1754006400"), ("group_by", "line_item")])
///     var invoices = CursorPaginator.pennyLaneV2(query: [("filter", filterJSON), ("sort", "id"), ("limit", "100")])
///     var changes = CursorPaginator.pennyLaneV2(
///         query: [("limit", "1000")], firstPageQuery: [("start_date", "2026-09-01T00:00:00Z")])
public struct CursorPaginator: Paginator {
    /// Sent on every page.
    public var query: [(name: String, value: String)]
    /// Sent on the first page only.
    public var firstPageQuery: [(name: String, value: String)]
    public let hasMoreKey: String
    public let cursorKey: String
    public let cursorParameter: String
    /// The cursor the next request sends; nil before the first page.
    public private(set) var cursor: String?
    public private(set) var isFinished = false

    public init(
        query: [(name: String, value: String)], firstPageQuery: [(name: String, value: String)] = [],
        hasMoreKey: String = "has_more", cursorKey: String, cursorParameter: String
    ) {
        self.query = query
        self.firstPageQuery = firstPageQuery
        self.hasMoreKey = hasMoreKey
        self.cursorKey = cursorKey
        self.cursorParameter = cursorParameter
    }

    /// OpenAI `/v1/organization/costs` and `/v1/organization/usage/*`: `has_more`, `next_page` → `page`.
    public static func openAI(query: [(name: String, value: String)]) -> CursorPaginator {
        CursorPaginator(query: query, cursorKey: "next_page", cursorParameter: "page")
    }

    /// Anthropic `/v1/organizations/usage_report/messages` and `/cost_report`: `has_more`, `next_page` → `page`.
    public static func anthropic(query: [(name: String, value: String)]) -> CursorPaginator {
        CursorPaginator(query: query, cursorKey: "next_page", cursorParameter: "page")
    }

    /// PennyLane v2 lists and changelogs: `has_more`, `next_cursor` → `cursor`; `filter`, `sort` and `limit` go
    /// in `query` so that every page carries them.
    public static func pennyLaneV2(
        query: [(name: String, value: String)], firstPageQuery: [(name: String, value: String)] = []
    ) -> CursorPaginator {
        CursorPaginator(
            query: query, firstPageQuery: firstPageQuery, cursorKey: "next_cursor", cursorParameter: "cursor")
    }

    public var nextQuery: [(name: String, value: String)]? {
        guard !isFinished else { return nil }
        guard let cursor else { return firstPageQuery + query }
        return query + [(cursorParameter, cursor)]
    }

    public var position: String? { cursor }
    public var positionParameter: String { cursorParameter }

    public mutating func onPage(_ page: APIPage) throws(APIError) {
        guard try page.bool(at: .member(hasMoreKey)) else {
            isFinished = true
            return
        }
        let path = JSONPath.member(cursorKey)
        guard let next = page.value(at: path)?.stringValue, !next.isEmpty else {
            throw page.shapeError(at: path, expected: "a cursor string, since \(hasMoreKey) is true")
        }
        cursor = next
    }
}
