import Foundation
import Testing

/// What the PennyLane sample's generator computed while it wrote the pages (`SampleData/pennylane/
/// expected.json`, the numbers of the sample's README): amounts as exact decimal text, counts as integers.
struct PennyLaneSample: Decodable {
    struct CustomerInvoices: Decodable {
        var rows: Int
        var liveRows: Int
        var deleted: [Int]
        var updated: Int
        var creditNotes: Int
        var revenueBeforeTax: String
    }

    struct Lines: Decodable {
        var rows: Int
    }

    struct SupplierInvoices: Decodable {
        var rows: Int
        var amountBeforeTax: String
        var outstanding: String
    }

    struct Transactions: Decodable {
        var rows: Int
        var amount: String
    }

    var customerInvoices: CustomerInvoices
    var invoiceLines: Lines
    var supplierInvoices: SupplierInvoices
    var customers: Int
    var suppliers: Int
    var transactions: Transactions

    /// The folder of the sample's API pages.
    static let pages = packageRoot.appendingPathComponent("SampleData/pennylane/v2")

    static func load() throws -> PennyLaneSample {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(PennyLaneSample.self, from: try data())
    }

    static func data() throws -> Data {
        try Data(contentsOf: packageRoot.appendingPathComponent("SampleData/pennylane/expected.json"))
    }

    /// The deleted draft's id.
    var deleted: Int { customerInvoices.deleted.first ?? 0 }

    /// The rows of view expectation `key` (`revenue_monthly`, `top_services`, …), `fields` of each joined by tabs,
    /// decimals trimmed: what `normalized` makes of the view's TSV.
    static func tsv(_ key: String, _ fields: [String]) throws -> String {
        let root = try #require(try JSONSerialization.jsonObject(with: try data()) as? [String: Any])
        let list = try #require(root[key] as? [[String: Any]])
        let text = list.map { row in fields.map { "\(row[$0] ?? "")" }.joined(separator: "\t") }
        return normalized(text.joined(separator: "\n") + "\n")
    }

    /// `12.500000000000` → `12.5`, `0.000000000000` → `0`: decimals compared as numbers, whatever their scale.
    static func trimmed(_ field: String) -> String {
        guard field.contains("."), Double(field) != nil else { return field }
        var s = field
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// Every field of TSV `text` trimmed.
    static func normalized(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { trimmed(String($0)) }
                .joined(separator: "\t")
        }.joined(separator: "\n")
    }

    /// One query's TSV answer, trimmed of its last newline.
    static func scalar(_ sql: String) async throws -> String {
        try await TestClickHouse.query(sql + " FORMAT TSV").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A view's (or any query's) TSV answer, normalized.
    static func view(_ sql: String) async throws -> String {
        normalized(try await TestClickHouse.query(sql + " FORMAT TSV"))
    }
}
