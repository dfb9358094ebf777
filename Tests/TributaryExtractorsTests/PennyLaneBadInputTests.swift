import Foundation
import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats

/// Bad records are rejects naming the item and the JSON path of the field; pages of another shape stop the run
/// with the path where they part from the documented shape.
struct PennyLaneBadInputTests {
    @Test func anAmountThatIsNotADecimalIsARejectNamingTheInvoiceAndTheField() async throws {
        let page = PennyLaneFixtures.v2Page1.replacingOccurrences(
            of: #""currency_amount": "282.0""#, with: #""currency_amount": "282,0O""#)
        let x = try await extractPennyLane(.customerInvoices, [("p1.json", page)])
        #expect(x.error == nil)
        #expect(x.rows == 1)
        let reject = try #require(x.rejects.first)
        #expect(reject.field == "$.items[1].currency_amount")
        #expect(reject.reason == "customer invoice 1000102: '282,0O' is not a decimal number")
        #expect(reject.line == 2)
        #expect(reject.file.hasSuffix("saved/p1.json"))
        #expect(reject.raw.first?.1?.contains(#""id":1000102"#) == true)
        // What could be read is counted as rejected money: before tax 235 and VAT 47, in EUR.
        #expect(reject.money == [0, 235_000_000_000_000, 47_000_000_000_000])
        #expect(reject.currency == "EUR")
    }

    @Test func aLineWithABadAmountIsARejectNamingTheLineAndItsInvoice() async throws {
        let page = PennyLaneFixtures.v2Page1WithLines.replacingOccurrences(
            of: #""currency_tax": "39.0""#, with: #""currency_tax": true"#)
        let x = try await extractPennyLane(.invoiceLines, [("p1.json", page)])
        let reject = try #require(x.rejects.first { $0.field?.hasSuffix("currency_tax") == true })
        #expect(reject.field == #"$.included.invoice_lines["1000102"].items[1].currency_tax"#)
        #expect(reject.reason == "line 5550102 of customer invoice 1000102: expected a number, found a boolean")
    }

    @Test func aPositiveCreditNoteIsRefusedRatherThanCountedAsRevenue() async throws {
        let page = PennyLaneFixtures.v2Page1.replacingOccurrences(
            of: #""currency_amount": "-48.0""#, with: #""currency_amount": "48.0""#)
        let x = try await extractPennyLane(.customerInvoices, [("p1.json", page)])
        #expect(x.rows == 1)
        #expect(x.rejects.first?.field == "$.items[0].currency_amount")
        #expect(x.rejects.first?.reason.hasPrefix("customer invoice 1000103: 48.0 on a credit note") == true)
    }

    @Test func aMissingRequiredFieldIsARejectAndAnUnknownStatusIsKept() async throws {
        let page = PennyLaneFixtures.v2Page2
            .replacingOccurrences(of: #""status": "paid""#, with: #""status": "proforma_2027""#)
        let kept = try await extractPennyLane(.customerInvoices, [("p.json", page)])
        #expect(kept.row(0)["status"] == "proforma_2027", "enum values drift (notes C.5): kept as sent")
        let noDate = page.replacingOccurrences(of: #""updated_at": "2024-03-18T08:41:12.204518Z""#, with: "\"x\": 1")
        let refused = try await extractPennyLane(.customerInvoices, [("p.json", noDate)])
        #expect(refused.rejects.first?.field == "$.items[0].updated_at")
        #expect(refused.rejects.first?.reason == "customer invoice 1000101: missing value")
    }

    struct ShapeCase: Sendable, CustomStringConvertible {
        var name: String
        var entity: PennyLaneEntity
        var page: String
        var path: String
        var expected: String
        var description: String { name }
    }

    static let shapes: [ShapeCase] = [
        ShapeCase(
            name: "items is not an array", entity: .customerInvoices,
            page: #"{"has_more": false, "next_cursor": null, "items": {"id": 1}}"#, path: "$.items",
            expected: "an array"),
        ShapeCase(
            name: "has_more is missing", entity: .customerInvoices, page: #"{"items": []}"#, path: "$.has_more",
            expected: "a boolean"),
        ShapeCase(
            name: "an item is not an object", entity: .customers,
            page: #"{"has_more": false, "next_cursor": null, "items": [42]}"#, path: "$.items[0]",
            expected: "an object"),
        ShapeCase(
            name: "a changelog time is not a time", entity: .customerInvoices,
            page: PennyLaneFixtures.changelogPage2.replacingOccurrences(
                of: "2024-03-21T07:15:00.050Z", with: "soon"),
            path: "$.items[1].processed_at", expected: "an RFC 3339 time"),
        ShapeCase(
            name: "included lines are not keyed by invoice", entity: .invoiceLines,
            page: String(PennyLaneFixtures.v2Page2.dropLast()) + #", "included": {"invoice_lines": []}}"#,
            path: "$.included.invoice_lines", expected: "an object of line collections"),
        ShapeCase(
            name: "a v1 customers page given to an invoices source", entity: .customerInvoices,
            page: #"{"total_pages": 1, "current_page": 1, "customers": []}"#, path: "$",
            expected: "a PennyLane customer_invoices response"),
        ShapeCase(
            name: "v1 line_items is not an array", entity: .invoiceLines,
            page: PennyLaneFixtures.v1Page1.replacingOccurrences(
                of: #""line_items": ["#, with: #""line_items": "x", "y": ["#),
            path: "$.invoices[0].line_items", expected: "an array"),
    ]

    @Test(arguments: shapes)
    func aPageOfAnotherShapeStopsTheRunWithItsJSONPath(_ c: ShapeCase) async throws {
        let x = try await extractPennyLane(c.entity, [("page.json", c.page)])
        guard case .unexpectedJSON(let file, let path, let expected, _)? = x.error as? ExtractorError else {
            Issue.record("expected unexpectedJSON, got \(String(describing: x.error))")
            return
        }
        #expect(file.hasSuffix("saved/page.json"))
        #expect(path == c.path)
        #expect(expected.hasPrefix(c.expected), "\(expected)")
        #expect(x.rows == 0)
        #expect((x.error as? ExtractorError)?.description.contains("expected \(expected) at \(c.path), found") == true)
    }

    @Test func aFileThatIsNotJSONSaysWhereItBreaks() async throws {
        let x = try await extractPennyLane(.customerInvoices, [("page.json", "{\"items\": [\n  {\"id\": 1,,}\n]}")])
        guard case .wrongFormat(_, let line, _, let message)? = x.error as? ExtractorError else {
            Issue.record("expected wrongFormat, got \(String(describing: x.error))")
            return
        }
        #expect(line == 2)
        #expect(message.hasPrefix("not valid JSON"))
    }
}
