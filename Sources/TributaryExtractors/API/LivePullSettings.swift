import Foundation
import TributaryCore

/// What a pipeline says about a live pull of an admin report, whichever provider: the keys every report source
/// shares, before the provider checks them against its endpoint and builds the `ReportAPIExtractor`.
///
/// - `sourceID`: the pipeline's source id.
/// - `baseURL` (`base_url`): nil for the provider's real API.
/// - `startSeconds` (`start_date`): where the first run and a full refresh start, epoch seconds; required.
/// - `lookbackDays` (`lookback_days`): days re-read before the committed watermark; nil for the provider's default.
/// - `bucketWidth` (`bucket_width`): `1d` by default; `1h` and `1m` where the endpoint has them.
/// - `groupBy` (`group_by`): nil for the source's default.
/// - `limit` (`limit`): buckets per page; nil for the API's default.
/// - `batchRows`, `client` (timeouts, retries, page guard), and the injectables of `ReportAPIExtractor`.
public struct LivePullSettings: Sendable {
    public var sourceID: String
    public var baseURL: URL?
    public var startSeconds: Int64
    public var lookbackDays: Int?
    public var bucketWidth: String
    public var groupBy: [String]?
    public var limit: Int?
    public var batchRows: Int
    public var client: APIClient.Configuration
    public var environment: [String: String]
    public var transport: (any HTTPTransport)?
    public var clock: any APIClock
    public var now: @Sendable () -> Int64

    public init(
        sourceID: String, baseURL: URL? = nil, startSeconds: Int64, lookbackDays: Int? = nil,
        bucketWidth: String = "1d",
        groupBy: [String]? = nil, limit: Int? = nil, batchRows: Int = 16384,
        client: APIClient.Configuration = APIClient.Configuration(),
        environment: [String: String] = ProcessInfo.processInfo.environment, transport: (any HTTPTransport)? = nil,
        clock: any APIClock = SystemAPIClock(),
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.sourceID = sourceID
        self.baseURL = baseURL
        self.startSeconds = startSeconds
        self.lookbackDays = lookbackDays
        self.bucketWidth = bucketWidth
        self.groupBy = groupBy
        self.limit = limit
        self.batchRows = batchRows
        self.client = client
        self.environment = environment
        self.transport = transport
        self.clock = clock
        self.now = now
    }

    /// `group_by` (or `defaults`), every value one of `allowed`, each once.
    public func checkedGroupBy(allowed: [String], defaults: [String], why: String? = nil) throws(ExtractorError)
        -> [String]
    {
        let values = groupBy ?? defaults
        let names = allowed.map { "'\($0)'" }.joined(separator: ", ")
        for value in values where !allowed.contains(value) {
            throw .invalidConfiguration(
                key: "group_by",
                message: "'\(value)' is not a group_by of this source; use \(names)" + (why.map { " (\($0))" } ?? ""))
        }
        var seen: Set<String> = []
        for value in values where !seen.insert(value).inserted {
            throw .invalidConfiguration(key: "group_by", message: "'\(value)' is listed twice")
        }
        return values
    }

    /// `bucket_width`, one of `allowed`.
    public func checkedBucketWidth(allowed: [String]) throws(ExtractorError) -> String {
        guard allowed.contains(bucketWidth) else {
            throw .invalidConfiguration(
                key: "bucket_width",
                message: "'\(bucketWidth)' is not a bucket width of this endpoint; use "
                    + allowed.map { "'\($0)'" }.joined(separator: ", "))
        }
        return bucketWidth
    }

    /// `limit`, within `range` when given.
    public func checkedLimit(_ range: ClosedRange<Int>) throws(ExtractorError) -> Int? {
        guard let limit else { return nil }
        guard range.contains(limit) else {
            throw .invalidConfiguration(
                key: "limit",
                message: "\(limit) buckets per page is out of range \(range.lowerBound)…\(range.upperBound)")
        }
        return limit
    }

    /// The extractor's configuration for `endpoints`, with the provider's API details.
    func configuration<Format: ReportPageFormat>(
        _ format: Format.Type, defaultBaseURL: URL, endpoints: [ReportEndpoint],
        window: ReportTimeWindow,
        paginator: @escaping @Sendable ([(name: String, value: String)]) -> CursorPaginator,
        credential: APICredentialSource, defaultLookbackDays: Int, tableDefaults: TableDefaults
    ) -> ReportAPIExtractor<Format>.Configuration {
        ReportAPIExtractor<Format>.Configuration(
            sourceID: sourceID, baseURL: baseURL ?? defaultBaseURL, endpoints: endpoints, window: window,
            paginator: paginator, credential: credential, startSeconds: startSeconds,
            lookbackSeconds: Int64(lookbackDays ?? defaultLookbackDays) * 86_400, batchRows: batchRows,
            client: client, tableDefaults: tableDefaults, environment: environment, transport: transport,
            clock: clock, now: now)
    }
}
