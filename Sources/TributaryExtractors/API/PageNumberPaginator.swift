import TributaryFormats

/// Paging by page number: PennyLane v1 (`page` from 1, `per_page`, answered with `total_pages` and
/// `current_page`) and the pre-2026 page-based PennyLane v2 ledger endpoints, which answer the same way.
///
/// Paging stops when `current_page >= total_pages` or the records array is empty, whichever comes first (notes,
/// A.2): a listing that shrinks while it is read must not be walked past its end. The next page is
/// `current_page + 1` as the server reports it, so a server that ignores `page` repeats a position and trips
/// the pager's loop guard instead of looping.
///
///     var invoices = PageNumberPaginator.pennyLaneV1(itemsKey: "invoices", query: [("filter", filterJSON)])
public struct PageNumberPaginator: Paginator {
    public var query: [(name: String, value: String)]
    public let pageParameter: String
    public let perPageParameter: String
    public let perPage: Int?
    public let totalPagesKey: String
    public let currentPageKey: String
    /// The records array (`invoices`, `customers`, `items`); nil to page by the counts alone.
    public let itemsKey: String?
    /// The page the next request asks for.
    public private(set) var page: Int
    public private(set) var isFinished = false

    public init(
        query: [(name: String, value: String)], itemsKey: String?, perPage: Int? = nil, firstPage: Int = 1,
        pageParameter: String = "page", perPageParameter: String = "per_page", totalPagesKey: String = "total_pages",
        currentPageKey: String = "current_page"
    ) {
        self.query = query
        self.itemsKey = itemsKey
        self.perPage = perPage
        self.page = firstPage
        self.pageParameter = pageParameter
        self.perPageParameter = perPageParameter
        self.totalPagesKey = totalPagesKey
        self.currentPageKey = currentPageKey
    }

    /// PennyLane v1 lists; `itemsKey` is the endpoint's array (`invoices` for both invoice lists).
    public static func pennyLaneV1(
        itemsKey: String, query: [(name: String, value: String)] = [], perPage: Int = 100
    ) -> PageNumberPaginator {
        PageNumberPaginator(query: query, itemsKey: itemsKey, perPage: perPage)
    }

    public var nextQuery: [(name: String, value: String)]? {
        guard !isFinished else { return nil }
        return query + [(pageParameter, String(page))] + (perPage.map { [(perPageParameter, String($0))] } ?? [])
    }

    public var position: String? { String(page) }
    public var positionParameter: String { pageParameter }

    public mutating func onPage(_ page: APIPage) throws(APIError) {
        let total = try page.integer(at: .member(totalPagesKey))
        let current = try page.optionalInteger(at: .member(currentPageKey)) ?? self.page
        if let itemsKey, try page.array(at: .member(itemsKey)).isEmpty {
            isFinished = true
            return
        }
        if current >= total {
            isFinished = true
            return
        }
        self.page = current + 1
    }
}
