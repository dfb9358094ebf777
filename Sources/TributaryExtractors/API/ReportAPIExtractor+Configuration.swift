import Foundation
import TributaryCore

extension ReportAPIExtractor {
    /// A live pull of one report.
    ///
    /// - `baseURL`: the API's base (`https://api.openai.com/v1`, `https://api.anthropic.com`), required.
    /// - `endpoints`: read one after the other, each paged to its end; required, at least one.
    /// - `window`: how the time window is sent; `paginator`: how pages follow each other.
    /// - `credential`: the environment variable and how its key travels.
    /// - `startSeconds`: where the first run (and a full refresh) starts, epoch seconds; required.
    /// - `lookbackSeconds`: how far before the committed watermark the next run starts, for late data; ≥ 0.
    /// - `batchRows`: rows per batch; default 16384.
    /// - `client`: retries, timeout, page guard and extra headers of the `APIClient`.
    /// - `environment`, `transport`, `clock`, `now`: the process's own by default; tests inject theirs.
    public struct Configuration: Sendable {
        public var sourceID: String
        public var baseURL: URL
        public var endpoints: [ReportEndpoint]
        public var window: ReportTimeWindow
        /// The provider's cursor paging (`CursorPaginator.openAI`, `.anthropic`) over an endpoint's query.
        public var paginator: @Sendable ([(name: String, value: String)]) -> CursorPaginator
        public var credential: APICredentialSource
        public var startSeconds: Int64
        public var lookbackSeconds: Int64
        public var batchRows: Int
        public var client: APIClient.Configuration
        public var tableDefaults: TableDefaults?
        public var environment: [String: String]
        /// Nil for a `URLSessionTransport` made when the pull starts.
        public var transport: (any HTTPTransport)?
        public var clock: any APIClock
        /// The wall clock in epoch seconds: the end of an incremental pull.
        public var now: @Sendable () -> Int64

        public init(
            sourceID: String, baseURL: URL, endpoints: [ReportEndpoint], window: ReportTimeWindow,
            paginator: @escaping @Sendable ([(name: String, value: String)]) -> CursorPaginator,
            credential: APICredentialSource, startSeconds: Int64, lookbackSeconds: Int64, batchRows: Int = 16384,
            client: APIClient.Configuration = APIClient.Configuration(), tableDefaults: TableDefaults?,
            environment: [String: String] = ProcessInfo.processInfo.environment,
            transport: (any HTTPTransport)? = nil, clock: any APIClock = SystemAPIClock(),
            now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
        ) {
            self.sourceID = sourceID
            self.baseURL = baseURL
            self.endpoints = endpoints
            self.window = window
            self.paginator = paginator
            self.credential = credential
            self.startSeconds = startSeconds
            self.lookbackSeconds = lookbackSeconds
            self.batchRows = batchRows
            self.client = client
            self.tableDefaults = tableDefaults
            self.environment = environment
            self.transport = transport
            self.clock = clock
            self.now = now
        }
    }
}
