import Foundation
import TributaryCore

/// How a live `pennylane` source talks to the API.
///
/// - `apiVersion` (default v2): v2 pages by cursor and follows changelogs; v1 pages by number and has no
///   changelog, so every v1 run lists everything (and cannot see deletions, notes C.11).
/// - `baseURL` (default `https://app.pennylane.com`, the OpenAPI server): `/api/external/v<n>/…` is added.
/// - `tokenVariable` (default `PENNYLANE_API_TOKEN`): the environment variable with the bearer token.
/// - `pageSize` (default 100, the v2 maximum): `limit` (v2) or `per_page` (v1).
/// - `filter`: a PennyLane filter (a JSON array of `{field, operator, value}`) sent with every listing page.
/// - `lookbackSeconds` (default 3600): how far before the last committed change a changelog read starts, for
///   events processed late or clocks that disagree; what is read twice is merged away by version.
/// - `pipeline`: the pipeline file, named in the `--full-refresh` advice.
public struct PennyLaneLiveSettings: Sendable, Equatable {
    public var apiVersion: PennyLaneAPIVersion
    public var baseURL: URL
    public var tokenVariable: String
    public var pageSize: Int
    public var filter: String?
    public var lookbackSeconds: Int64
    public var timeoutSecs: Double
    public var pipeline: String

    public static let defaultBaseURLText = "https://app.pennylane.com"
    public static let defaultTokenVariable = "PENNYLANE_API_TOKEN"

    public init(
        apiVersion: PennyLaneAPIVersion = .v2, baseURL: URL, tokenVariable: String = defaultTokenVariable,
        pageSize: Int = 100, filter: String? = nil, lookbackSeconds: Int64 = 3600, timeoutSecs: Double = 60,
        pipeline: String = "<pipeline file>"
    ) {
        self.apiVersion = apiVersion
        self.baseURL = baseURL
        self.tokenVariable = tokenVariable
        self.pageSize = pageSize
        self.filter = filter
        self.lookbackSeconds = lookbackSeconds
        self.timeoutSecs = timeoutSecs
        self.pipeline = pipeline
    }

    /// The URL of `path` below the API root (`customer_invoices`, `changelogs/customers`).
    func url(_ path: String) -> URL? {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + apiVersion.pathPrefix + "/" + path)
    }
}

/// What a live source is connected through; tests swap the clock (no real sleeping), the retry policy and the
/// environment the token is read from.
public struct PennyLaneConnection: Sendable {
    public var transport: any HTTPTransport
    public var clock: any APIClock
    public var retry: APIRetryPolicy
    public var environment: [String: String]

    public init(
        transport: any HTTPTransport = URLSessionTransport(), clock: any APIClock = SystemAPIClock(),
        retry: APIRetryPolicy = APIRetryPolicy(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.transport = transport
        self.clock = clock
        self.retry = retry
        self.environment = environment
    }
}
