import Foundation
import Testing
import TributaryExtractors
import TributaryFormats
import TributaryTestSupport

/// Each paging style read to its end through the loopback server, and the loop guards.
struct APIPagerTests {
    /// Serves pages keyed by the value of query parameter `parameter` ("" for its absence).
    static func pages(_ parameter: String, _ pages: [String: String]) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            guard let body = pages[request.queryValue(parameter) ?? ""] else { return .notFound }
            return .json(body)
        }
    }

    static func cursorPage(_ n: Int, next: String?, nextKey: String = "next_page", items: String = "data") -> String {
        let cursor = next.map { "\"\($0)\"" } ?? "null"
        return #"{"\#(items)":[{"n":\#(n)}],"has_more":\#(next != nil),"\#(nextKey)":\#(cursor)}"#
    }

    enum Vendor: String, CaseIterable, Sendable { case openAI, anthropic }

    @Test(arguments: Vendor.allCases)
    func cursorPagingReadsToTheEndResendingTheQuery(_ vendor: Vendor) async throws {
        let server = try Self.pages(
            "page",
            [
                "": Self.cursorPage(1, next: "page_A+/="), "page_A+/=": Self.cursorPage(2, next: "page_B"),
                "page_B": Self.cursorPage(3, next: nil),
            ])
        defer { server.stop() }
        let query: [(name: String, value: String)] = [
            ("start_time", "1754006400"), ("group_by", "project_id"), ("group_by", "line_item"),
        ]
        let paginator = vendor == .openAI ? CursorPaginator.openAI(query: query) : .anthropic(query: query)
        var pager = makeClient().pager(server.url("/v1/organization/costs"), paginator)
        let (pages, error) = await drain(&pager)
        #expect(error == nil)
        #expect(pages.map { $0.json["data"]?[0]?["n"] } == [.number("1"), .number("2"), .number("3")])
        #expect(pages.map(\.number) == [1, 2, 3])
        #expect(pager.isFinished)
        #expect(try await pager.nextPage() == nil)
        let requests = server.requests
        #expect(requests.map { $0.queryValue("page") } == [nil, "page_A+/=", "page_B"])
        for request in requests {
            #expect(request.queryValue("start_time") == "1754006400")
            #expect(request.queryValues("group_by") == ["project_id", "line_item"])
        }
        #expect(pages[1].url.absoluteString.contains("page=page_A%2B%2F%3D"))
    }

    @Test func pennyLaneV2ResendsFilterAndSortButStartDateOnlyFirst() async throws {
        let server = try Self.pages(
            "cursor",
            [
                "": Self.cursorPage(1, next: "Y3Vyc29yOjI=", nextKey: "next_cursor", items: "items"),
                "Y3Vyc29yOjI=": Self.cursorPage(2, next: nil, nextKey: "next_cursor", items: "items"),
            ])
        defer { server.stop() }
        let filter = #"[{"field":"date","operator":"gteq","value":"2024-01-01"}]"#
        let paginator = CursorPaginator.pennyLaneV2(
            query: [("filter", filter), ("sort", "id"), ("limit", "100")],
            firstPageQuery: [("start_date", "2026-11-20T00:00:00Z")])
        var pager = makeClient().pager(server.url("/api/external/v2/changelogs/customer_invoices"), paginator)
        let (pages, error) = await drain(&pager)
        #expect(error == nil)
        #expect(pages.count == 2)
        let requests = server.requests
        #expect(requests.map { $0.queryValue("start_date") } == ["2026-11-20T00:00:00Z", nil])
        #expect(requests.map { $0.queryValue("cursor") } == [nil, "Y3Vyc29yOjI="])
        #expect(requests.map { $0.queryValue("filter") } == [filter, filter])
        #expect(requests.map { $0.queryValue("sort") } == ["id", "id"])
        #expect(requests.map { $0.queryValue("limit") } == ["100", "100"])
    }

    static func v1Page(_ current: Int, of total: Int, items: Int = 1) -> String {
        let invoices = (0..<items).map { #"{"id":"inv-\#(current)-\#($0)"}"# }.joined(separator: ",")
        return #"{"total_pages":\#(total),"current_page":\#(current),"total_invoices":9,"invoices":[\#(invoices)]}"#
    }

    @Test func pennyLaneV1PagesByNumberToTheLastPage() async throws {
        let server = try Self.pages(
            "page", ["1": Self.v1Page(1, of: 3), "2": Self.v1Page(2, of: 3), "3": Self.v1Page(3, of: 3)])
        defer { server.stop() }
        let paginator = PageNumberPaginator.pennyLaneV1(itemsKey: "invoices", query: [("filter", "[]")])
        var pager = makeClient().pager(server.url("/api/external/v1/customer_invoices"), paginator)
        let (pages, error) = await drain(&pager)
        #expect(error == nil)
        #expect(pages.count == 3)
        #expect(server.requests.map { $0.queryValue("page") } == ["1", "2", "3"])
        #expect(server.requests.allSatisfy { $0.queryValue("per_page") == "100" && $0.queryValue("filter") == "[]" })
    }

    @Test func pageNumberPagingStopsAtAnEmptyPage() async throws {
        let server = try Self.pages("page", ["1": Self.v1Page(1, of: 10), "2": Self.v1Page(2, of: 10, items: 0)])
        defer { server.stop() }
        var pager = makeClient().pager(server.url("/v1/x"), PageNumberPaginator.pennyLaneV1(itemsKey: "invoices"))
        let (pages, error) = await drain(&pager)
        #expect(error == nil)
        #expect(pages.count == 2)
    }

    @Test func aServerThatIgnoresThePageNumberTripsTheLoopGuard() async throws {
        let server = try LoopbackHTTPServer { _ in .json(Self.v1Page(1, of: 5)) }
        defer { server.stop() }
        var pager = makeClient().pager(server.url("/v1/x"), PageNumberPaginator.pennyLaneV1(itemsKey: "invoices"))
        let (pages, error) = await drain(&pager)
        // Page 2 answers "current_page": 1, so the next request would ask for page 2 again.
        #expect(pages.count == 1)
        #expect(server.requests.count == 2)
        #expect(
            error as? APIError
                == .repeatedCursor(
                    url: server.url("/v1/x?page=2&per_page=100").absoluteString, parameter: "page", pages: 2))
    }

    @Test func driveFilesPagesByTokenAndKeepsThePagingKeysInTheFieldMask() async throws {
        let server = try Self.pages(
            "pageToken",
            [
                "": #"{"nextPageToken":"t+2/=","files":[{"id":"a"}]}"#,
                "t+2/=": #"{"nextPageToken":"t3","files":[]}"#, "t3": #"{"files":[{"id":"c"}]}"#,
            ])
        defer { server.stop() }
        let paginator = PageTokenPaginator.driveFiles(query: [("q", "trashed = false"), ("fields", "files(id,name)")])
        var pager = makeClient().pager(server.url("/drive/v3/files"), paginator)
        let (pages, error) = await drain(&pager)
        #expect(error == nil)
        #expect(pages.count == 3)
        #expect(pager.checkpoint == nil)
        #expect(server.requests.map { $0.queryValue("pageToken") } == [nil, "t+2/=", "t3"])
        #expect(server.requests.allSatisfy { $0.queryValue("fields") == "nextPageToken,files(id,name)" })
        #expect(server.requests.allSatisfy { $0.queryValue("q") == "trashed = false" })
    }

    @Test func driveChangesEndWithTheNewStartPageTokenAsCheckpoint() async throws {
        let server = try Self.pages(
            "pageToken",
            [
                "100": #"{"kind":"drive#changeList","nextPageToken":"101","changes":[{"fileId":"a"}]}"#,
                "101": #"{"kind":"drive#changeList","newStartPageToken":"102","changes":[]}"#,
            ])
        defer { server.stop() }
        let paginator = PageTokenPaginator.driveChanges(
            startPageToken: "100", query: [("pageSize", "1000"), ("fields", "changes(fileId,removed)")])
        var pager = makeClient().pager(server.url("/drive/v3/changes"), paginator)
        #expect(pager.checkpoint == nil)
        let (pages, error) = await drain(&pager)
        #expect(error == nil)
        #expect(pages.count == 2)
        #expect(pager.checkpoint == "102")
        #expect(server.requests.map { $0.queryValue("pageToken") } == ["100", "101"])
        #expect(
            server.requests.first?.queryValue("fields") == "nextPageToken,newStartPageToken,changes(fileId,removed)")
    }

    @Test func aLastChangesPageWithoutTheNewStartTokenIsAShapeError() async throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"changes":[]}"#) }
        defer { server.stop() }
        var pager = makeClient().pager(
            server.url("/drive/v3/changes"), PageTokenPaginator.driveChanges(startPageToken: "7"))
        let (_, error) = await drain(&pager)
        #expect(
            error as? APIError
                == .unexpectedShape(
                    url: server.url("/drive/v3/changes?pageToken=7").absoluteString, path: .member("newStartPageToken"),
                    expected: "a token string on the last page (no nextPageToken)", found: "nothing"))
        #expect(pager.checkpoint == nil)
    }

    @Test func aRepeatedCursorIsAnErrorNamingTheURL() async throws {
        let server = try LoopbackHTTPServer { _ in .json(Self.cursorPage(1, next: "same")) }
        defer { server.stop() }
        var pager = makeClient().pager(server.url("/v1/organization/costs"), CursorPaginator.openAI(query: []))
        let (pages, error) = await drain(&pager)
        #expect(pages.count == 1)
        let e = try #require(error as? APIError)
        #expect(
            e
                == .repeatedCursor(
                    url: server.url("/v1/organization/costs?page=same").absoluteString, parameter: "page", pages: 2))
        #expect(server.requests.count == 2)
    }

    @Test func morePagesThanTheLimitIsAnError() async throws {
        let server = try LoopbackHTTPServer { request in
            let n = Int(request.queryValue("page") ?? "0") ?? 0
            return .json(Self.cursorPage(n, next: String(n + 1)))
        }
        defer { server.stop() }
        var pager = makeClient(maxPages: 5).pager(server.url("/v1/x"), CursorPaginator.openAI(query: [("limit", "1")]))
        let (pages, error) = await drain(&pager)
        #expect(pages.count == 5)
        #expect(
            error as? APIError == .tooManyPages(url: server.url("/v1/x?limit=1&page=5").absoluteString, maxPages: 5))
        #expect(server.requests.count == 5)
    }

    struct ShapeCase: Sendable, CustomTestStringConvertible {
        var body: String
        var path: String
        var expected: String
        var found: String
        var testDescription: String { body }
    }

    static let shapeCases: [ShapeCase] = [
        ShapeCase(body: #"{"data":[],"has_more":"yes"}"#, path: "$.has_more", expected: "a boolean", found: "a string"),
        ShapeCase(body: #"{"data":[]}"#, path: "$.has_more", expected: "a boolean", found: "nothing"),
        ShapeCase(
            body: #"{"data":[],"has_more":true,"next_page":null}"#, path: "$.next_page",
            expected: "a cursor string, since has_more is true", found: "null"),
        ShapeCase(body: #"[1]"#, path: "$.has_more", expected: "a boolean", found: "nothing"),
    ]

    @Test(arguments: shapeCases) func pagesOfTheWrongShapeNameThePath(_ c: ShapeCase) async throws {
        let server = try LoopbackHTTPServer { _ in .json(c.body) }
        defer { server.stop() }
        var pager = makeClient().pager(server.url("/v1/x"), CursorPaginator.openAI(query: []))
        let (_, error) = await drain(&pager)
        #expect(
            error as? APIError
                == .unexpectedShape(
                    url: server.url("/v1/x").absoluteString, path: JSONPath(parsing: c.path) ?? .root,
                    expected: c.expected, found: c.found))
    }
}
