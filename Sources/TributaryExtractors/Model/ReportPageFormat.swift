import TributaryCore
import TributaryFormats

/// A provider's usage or cost report as its admin API pages it (OpenAI Costs and Usage, Anthropic cost and usage
/// reports): time buckets, each with the results of its group-by combinations, and how one result maps to rows of
/// one of Tributary's tables.
///
/// The envelope (`data[]`, each bucket's times and `results[]`) is the same for every report of a provider, so it
/// is checked once, by `ReportEnvelope`; a format only maps one result of a known bucket. `map` returns rows or a
/// reject naming the field by its JSON path (`$.data[3].results[0].amount.value`), and throws a `JSONShapeError`
/// for a result the API would never send (another endpoint's, or a member of the wrong kind), which stops the
/// run. Saved responses (`JSONPagesExtractor`) and live pulls (`ReportAPIExtractor`) share the formats.
public protocol ReportPageFormat: Sendable {
    associatedtype Row: ModelRow
    /// In messages: `OpenAI costs`, `Anthropic usage report`.
    var name: String { get }
    var envelope: ReportEnvelope { get }
    func map(_ result: JSONValue, in bucket: ReportBucket, at path: JSONPath) throws(JSONShapeError)
        -> MappedRecord<Row>
}

/// One time bucket of a report: `[start, end)` in epoch seconds, UTC.
public struct ReportBucket: Sendable, Hashable {
    public var start: Int64
    public var end: Int64

    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }
}

/// The page style of one provider's admin reports.
public enum ReportEnvelope: Sendable, Equatable {
    /// `{object: "page", data: [{object: "bucket", start_time, end_time, results}], has_more, next_page}`, times in
    /// Unix seconds (billing-exports.md §1.3; all four page members are required).
    case openAI
    /// `{data: [{starting_at, ending_at, results}], has_more, next_page}`, times in RFC 3339 (§2.1, §2.2).
    case anthropic

    /// A bucket with its results, as the page holds them.
    public struct Bucket: Sendable {
        public var bucket: ReportBucket
        /// `$.data[i]`.
        public var path: JSONPath
        public var results: [JSONValue]
    }

    /// The page's buckets, after checking the envelope: a page that is not one of these reports fails here,
    /// before any of its results is mapped.
    public func buckets(of page: JSONValue) throws(JSONShapeError) -> [Bucket] {
        let object = try JSONShape.object(page, at: .root)
        if self == .openAI { try JSONShape.constant(object["object"], at: .member("object"), "page") }
        _ = try JSONShape.bool(object["has_more"], at: .member("has_more"))
        if let next = object["next_page"], !next.isNull, next.stringValue == nil {
            throw JSONShapeError(at: .member("next_page"), expected: "a cursor string or null", value: next)
        }
        let data = try JSONShape.array(object["data"], at: .member("data"))
        var out: [Bucket] = []
        out.reserveCapacity(data.count)
        for (i, element) in data.enumerated() {
            let path = JSONPath.member("data").appending(index: i)
            let bucket = try JSONShape.object(element, at: path)
            let start: Int64
            let end: Int64
            switch self {
            case .openAI:
                try JSONShape.constant(bucket["object"], at: path.appending(key: "object"), "bucket")
                start = try JSONShape.epochSeconds(bucket["start_time"], at: path.appending(key: "start_time"))
                end = try JSONShape.epochSeconds(bucket["end_time"], at: path.appending(key: "end_time"))
            case .anthropic:
                start = try JSONShape.rfc3339(bucket["starting_at"], at: path.appending(key: "starting_at"))
                end = try JSONShape.rfc3339(bucket["ending_at"], at: path.appending(key: "ending_at"))
            }
            guard end > start else {
                let span =
                    CivilTime.formatDateTime(epochSeconds: start) + " to "
                    + CivilTime.formatDateTime(epochSeconds: end)
                throw JSONShapeError(path: path, expected: "a bucket that ends after it starts", found: span)
            }
            let results = try JSONShape.array(bucket["results"], at: path.appending(key: "results"))
            out.append(Bucket(bucket: ReportBucket(start: start, end: end), path: path, results: results))
        }
        return out
    }
}
