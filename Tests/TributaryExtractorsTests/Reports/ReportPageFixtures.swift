import Foundation
import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats

/// Small report pages written inline, and ways to run them through a format or a saved-pages extractor.
enum ReportPages {
    /// 2025-03-04T00:00:00Z and the next midnight.
    static let day: Int64 = 1_741_046_400
    static let bucket = ReportBucket(start: day, end: day + 86_400)

    /// An OpenAI page: one bucket per element of `buckets` (start, results as JSON text).
    static func openAI(_ buckets: [(start: Int64, results: [String])], hasMore: Bool = false, next: String? = nil)
        -> String
    {
        let data = buckets.map { b in
            #"{"object":"bucket","start_time":\#(b.start),"end_time":\#(b.start + 86_400),"#
                + #""results":[\#(b.results.joined(separator: ","))]}"#
        }
        let cursor = next.map { "\"\($0)\"" } ?? "null"
        return
            #"{"object":"page","data":[\#(data.joined(separator: ","))],"has_more":\#(hasMore),"next_page":\#(cursor)}"#
    }

    /// An Anthropic page: buckets starting on the given days (RFC 3339 dates), results as JSON text.
    static func anthropic(_ buckets: [(start: Int64, results: [String])], hasMore: Bool = false, next: String? = nil)
        -> String
    {
        let data = buckets.map { b in
            #"{"starting_at":"\#(rfc3339(b.start))","ending_at":"\#(rfc3339(b.start + 86_400))","#
                + #""results":[\#(b.results.joined(separator: ","))]}"#
        }
        let cursor = next.map { "\"\($0)\"" } ?? "null"
        return #"{"data":[\#(data.joined(separator: ","))],"has_more":\#(hasMore),"next_page":\#(cursor)}"#
    }

    static func rfc3339(_ seconds: Int64) -> String {
        CivilTime.formatDateTime(epochSeconds: seconds).replacingOccurrences(of: " ", with: "T") + "Z"
    }

    /// `text` parsed; a fixture that is not JSON fails the test.
    static func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    /// The first result of an inline page's first bucket, mapped by `format` at `$.data[0].results[0]`.
    static func map<F: ReportPageFormat>(_ format: F, _ result: String) throws -> MappedRecord<F.Row> {
        try format.map(json(result), in: bucket, at: path(0, 0))
    }

    /// `$.data[i].results[j]`.
    static func path(_ i: Int, _ j: Int) -> JSONPath {
        JSONPath([.key("data"), .index(i), .key("results"), .index(j)])
    }

    /// Writes `pages` (file name → text) into a fresh folder and reads the folder with `format`.
    static func extractSaved<F: ReportPageFormat>(_ format: F, _ pages: [String: String]) async throws -> Extraction {
        let dir = try TemporaryDirectory()
        for (name, text) in pages { try dir.write("pages/\(name)", text) }
        let extractor = try JSONPagesExtractor(
            format: format, sourceID: "src", paths: ["pages"], baseDirectory: dir.path, tableDefaults: nil)
        return try await extract(extractor)
    }
}

extension MappedRecord {
    /// The rows, or nil for a reject.
    var rows: [Row]? { if case .rows(let r) = self { r } else { nil } }

    /// The reject's field, reason, money and currency, or nil for rows.
    var rejection: (field: String?, reason: String, money: [Int128]?, currency: String)? {
        if case .reject(let field, let reason, let money, let currency) = self {
            (field, reason, money, currency)
        } else {
            nil
        }
    }
}

/// `text` as an exact decimal; a typo in a fixture fails the test.
func decimal(_ text: String) -> ExactDecimal {
    guard let d = ExactDecimal(text) else {
        Issue.record("'\(text)' is not a decimal")
        return .zero
    }
    return d
}
