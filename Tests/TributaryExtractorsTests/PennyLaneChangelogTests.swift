import Foundation
import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats
import TributaryTestSupport

/// The v2 incremental path against the loopback server: the changelog since the last committed change, each
/// changed resource read again, deletions as tombstones, and the refusals that call for a full refresh.
struct PennyLaneChangelogTests {
    static let changelog = "/api/external/v2/changelogs/customer_invoices"

    /// A watermark `ago` seconds before the test clock's now.
    static func since(_ live: PennyLaneLive, ago: Int64) -> ExtractRequest {
        ExtractRequest(
            checkpoint: .watermark(
                Watermark(maxSeen: ExactTimestamp(seconds: live.now - ago, nanoseconds: 5), lookbackSeconds: 600)))
    }

    /// Item `i` of a listing page, as `GET /<resource>/<id>` would return it.
    static func item(_ page: String, _ i: Int) throws -> String {
        try #require(try JSONParser.parse(page)["items"]?[i]).compactText
    }

    @Test func theChangelogAppliesUpdatesAndDeletionsAndAdvancesTheWatermark() async throws {
        let clock = TestClock()
        let now = Int64(clock.now().timeIntervalSince1970)
        let page1 = """
            {"items": [
              {"id": 1000101, "operation": "update", "processed_at": "\(PennyLaneLive.time(now - 3000))"},
              {"id": 1000102, "operation": "insert", "processed_at": "\(PennyLaneLive.time(now - 2900))"}
             ], "has_more": true, "next_cursor": "MjAyNi0wOS0yMQ=="}
            """
        let page2 = """
            {"items": [
              {"id": 1000102, "operation": "update", "processed_at": "\(PennyLaneLive.time(now - 2000))"},
              {"id": 999987, "operation": "delete", "processed_at": "\(PennyLaneLive.time(now - 1000, millis: 50))"},
              {"id": 1000777, "operation": "update", "processed_at": "\(PennyLaneLive.time(now - 900))"}
             ], "has_more": false, "next_cursor": null}
            """
        let paid = try Self.item(PennyLaneFixtures.v2Page2, 0)
        let partly = try Self.item(PennyLaneFixtures.v2Page1, 1)
        let live = try PennyLaneLive { r in
            switch r.v2Path {
            case "/changelogs/customer_invoices": return .json(r.queryValue("cursor") == nil ? page1 : page2)
            case "/customer_invoices/1000101": return .json(paid)
            case "/customer_invoices/1000102": return .json(partly)
            default: return .json(#"{"error":"Not found","status":404}"#, status: 404)
            }
        }
        defer { live.server.stop() }
        let request = Self.since(live, ago: 4000)
        let (x, checkpoint) = await live.run(try live.extractor(.customerInvoices), request)
        #expect(x.error == nil, "\(String(describing: x.error))")
        // The tombstone of 999987 comes with its page; each changed id is read once, in the order of its latest
        // event; 1000777 is gone by then (404) and is a tombstone too.
        #expect(x.values("id") == [.string("999987"), .string("1000101"), .string("1000102"), .string("1000777")])
        #expect(x.values("x_deleted") == [.bool(true), .bool(false), .bool(false), .bool(true)])
        #expect(x.row(0)["updated_at"] == CivilTime.formatDateTime(epochSeconds: now - 999))
        #expect(x.row(1)["paid"] == "true")
        let requests = live.server.requests.map(\.v2Path)
        #expect(
            requests == [
                "/changelogs/customer_invoices", "/changelogs/customer_invoices", "/customer_invoices/1000101",
                "/customer_invoices/1000102", "/customer_invoices/1000777",
            ])
        let first = try #require(live.server.requests.first)
        // From the watermark moved back by the look-back, to the millisecond; never with a cursor.
        #expect(first.queryValue("start_date") == PennyLaneChange.rfc3339(ExactTimestamp(seconds: live.now - 4600)))
        #expect(first.queryValue("cursor") == nil)
        #expect(first.queryValue("limit") == "1000")
        #expect(live.server.requests[1].queryValue("start_date") == nil, "start_date and cursor together are a 400")
        #expect(live.server.requests[1].queryValue("cursor") == "MjAyNi0wOS0yMQ==")
        #expect(
            checkpoint
                == .watermark(
                    Watermark(
                        maxSeen: ExactTimestamp(seconds: now - 900, nanoseconds: 250_000_000), lookbackSeconds: 600)))
    }

    @Test func aQuietChangelogKeepsTheWatermark() async throws {
        let live = try PennyLaneLive { _ in .json(#"{"items": [], "has_more": false, "next_cursor": null}"#) }
        defer { live.server.stop() }
        let request = Self.since(live, ago: 100)
        let (x, checkpoint) = await live.run(try live.extractor(.customers), request)
        #expect(x.error == nil && x.rows == 0)
        #expect(checkpoint == request.checkpoint)
        #expect(live.server.requests.map(\.v2Path) == ["/changelogs/customers"])
    }

    @Test func aChangelogStartOlderThanTheRetentionIsRefusedBeforeAnyRequest() async throws {
        let live = try PennyLaneLive { _ in .notFound }
        defer { live.server.stop() }
        let (x, _) = await live.run(try live.extractor(.customerInvoices), Self.since(live, ago: 29 * 86400))
        let error = try #require(x.error as? PennyLaneError)
        guard case .changelogExpired("customer_invoices", _, "Pipelines/pennylane-test.toml") = error else {
            Issue.record("expected changelogExpired, got \(error)")
            return
        }
        #expect(error.description.contains("PennyLane keeps changelogs for 4 weeks only"))
        #expect(
            error.description.hasSuffix(
                "run `tributary run Pipelines/pennylane-test.toml --full-refresh` to list everything again"))
        #expect(live.server.requests.isEmpty)
    }

    @Test func aLookBackReachingPastTheRetentionIsClampedNotRefused() async throws {
        let live = try PennyLaneLive { _ in .json(#"{"items": [], "has_more": false, "next_cursor": null}"#) }
        defer { live.server.stop() }
        // The last change is 100 s inside the retention; its look-back (600 s) would reach past it.
        let (x, _) = await live.run(try live.extractor(.customers), Self.since(live, ago: 28 * 86400 - 100))
        #expect(x.error == nil, "\(String(describing: x.error))")
        let start = try #require(live.server.requests.first?.queryValue("start_date"))
        #expect(start == PennyLaneChange.rfc3339(ExactTimestamp(seconds: live.now - 28 * 86400 + 100)))
    }

    @Test(arguments: [422, 400])
    func aChangelogStartTheAPIRefusesAsksForAFullRefresh(_ status: Int) async throws {
        let live = try PennyLaneLive { _ in
            .json(
                #"{"error":"unprocessable_entity","message":"start_date must be within the last 4 weeks"}"#,
                status: status)
        }
        defer { live.server.stop() }
        let (x, _) = await live.run(try live.extractor(.supplierInvoices), Self.since(live, ago: 3600))
        let error = try #require(x.error as? PennyLaneError)
        guard case .changelogRefused(_, status, "start_date must be within the last 4 weeks", _, _) = error else {
            Issue.record("expected changelogRefused, got \(error)")
            return
        }
        #expect(error.description.contains("/changelogs/supplier_invoices"))
        #expect(error.description.contains("run `tributary run Pipelines/pennylane-test.toml --full-refresh`"))
        #expect(live.server.requests.count == 1, "\(status) is never retried")
    }

    @Test func anExpiredListingCursorAsksToRunAgain() async throws {
        let live = try PennyLaneLive { r in
            r.queryValue("cursor") == nil
                ? .json(PennyLaneFixtures.v2Page1)
                : .json(#"{"message":"Invalid cursor","code":"InvalidCursor"}"#, status: 400)
        }
        defer { live.server.stop() }
        let (x, _) = await live.run(try live.extractor(.customerInvoices))
        let error = try #require(x.error as? PennyLaneError)
        guard case .cursorRefused(_, 400, "Invalid cursor", _) = error else {
            Issue.record("expected cursorRefused, got \(error)")
            return
        }
        #expect(error.description.contains("cursors are short-lived"))
        #expect(x.rows == 2, "the first page's rows were delivered before the failure")
    }

    @Test func liveInvoiceLinesAreReadFromEachInvoicesSubResource() async throws {
        let live = try PennyLaneLive { r in
            switch r.v2Path {
            case "/customer_invoices": return .json(PennyLaneFixtures.v2Page2)
            case "/customer_invoices/1000101/invoice_lines":
                return .json(
                    PennyLaneFixtures.v2Lines1000102.replacingOccurrences(
                        of: "\"id\": 5550103", with: "\"id\": 5550001"
                    )
                    .replacingOccurrences(of: "\"id\": 5550102", with: "\"id\": 5550002"))
            default: return .notFound
            }
        }
        defer { live.server.stop() }
        let (x, checkpoint) = await live.run(try live.extractor(.invoiceLines))
        #expect(x.error == nil, "\(String(describing: x.error))")
        #expect(x.values("id") == [.string("5550001"), .string("5550002")])
        #expect(x.values("invoice_id") == [.string("1000101"), .string("1000101")])
        #expect(x.row(0)["x_invoice_date"] == "2024-03-04")
        #expect(x.batches.first?.lineage.file.contains("/customer_invoices/1000101/invoice_lines") == true)
        #expect(live.server.requests.last?.queryValue("limit") == "100")
        #expect(checkpoint != nil)
    }

    @Test func aListingPageOfAnotherShapeNamesItsJSONPath() async throws {
        let live = try PennyLaneLive { _ in .json(#"{"has_more": false, "next_cursor": null, "items": {"id": 1}}"#) }
        defer { live.server.stop() }
        let (x, _) = await live.run(try live.extractor(.transactions))
        guard case .unexpectedShape(let url, let path, _, let found)? = x.error as? APIError else {
            Issue.record("expected unexpectedShape, got \(String(describing: x.error))")
            return
        }
        #expect(url.contains("/api/external/v2/transactions"))
        #expect(path.description == "$.items")
        #expect(found == "an object")
    }
}
