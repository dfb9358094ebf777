import Foundation
import TributaryCore
import TributaryFormats

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

/// The `pennylane` source reading the live API: a full listing on the first run and on `--full-refresh`, then
/// (v2) the resource's changelog since the last committed change, each changed resource read again by id and
/// each deleted one a tombstone.
///
/// The checkpoint is a watermark on the changelog's `processed_at` (the notes advise persisting it, not the
/// short-lived cursor): after a full listing, the time the listing started, so that changes made while it ran
/// are read by the next run. Requests stay under PennyLane's published limits (v2 25 per 5 s; v1 4 per second,
/// 2 on customer invoices), and honour 429 and `retry-after` (`APIClient`). The token is read when the source
/// opens, so that `tributary validate` needs none.
public struct PennyLaneAPIExtractor<Row: ModelRow>: CheckpointedExtractor, ModelExtractor {
    public let format: PennyLaneFormat<Row>
    public let settings: PennyLaneLiveSettings
    public let sourceID: String
    public let batchRows: Int
    public let tableDefaults: TableDefaults?
    public let connection: PennyLaneConnection

    public var outputSchema: Schema { Row.schema }
    public var moneyColumns: [String] { Row.moneyColumns }

    public init(
        format: PennyLaneFormat<Row>, settings: PennyLaneLiveSettings, sourceID: String, batchRows: Int = 16384,
        tableDefaults: TableDefaults?, connection: PennyLaneConnection = PennyLaneConnection()
    ) throws(ExtractorError) {
        guard !sourceID.isEmpty else { throw .invalidConfiguration(key: "id", message: "source id is empty") }
        guard batchRows > 0 else { throw .invalidConfiguration(key: "batch_rows", message: "must be positive") }
        let maxPage = settings.apiVersion == .v2 ? 100 : 1000
        guard (1...maxPage).contains(settings.pageSize) else {
            throw .invalidConfiguration(
                key: "page_size",
                message: "must be 1…\(maxPage) for API \(settings.apiVersion), not \(settings.pageSize)")
        }
        if settings.apiVersion == .v1, format.entity.v1ItemsKey == nil {
            throw .invalidConfiguration(
                key: "api_version",
                message: "PennyLane v1 has no \(format.entity.rawValue) listing; use api_version = 2")
        }
        guard settings.url(format.entity.resource) != nil else {
            throw .invalidConfiguration(key: "base_url", message: "'\(settings.baseURL)' does not take an API path")
        }
        if let filter = settings.filter, PennyLaneFilter.conditions(filter) == nil {
            throw .invalidConfiguration(
                key: "filter", message: "expected a JSON array of {\"field\", \"operator\", \"value\"} objects")
        }
        self.format = format
        self.settings = settings
        self.sourceID = sourceID
        self.batchRows = batchRows
        self.tableDefaults = tableDefaults
        self.connection = connection
    }

    public func open(_ request: ExtractRequest) throws -> any CheckpointedReader {
        let credential = try APICredential.fromEnvironment(
            settings.tokenVariable, environment: connection.environment)
        let limit: RateLimiter =
            settings.apiVersion == .v2
            ? .pennyLaneV2 : format.entity.resource == "customer_invoices" ? .pennyLaneV1CustomerInvoices : .pennyLaneV1
        let client = APIClient(
            transport: connection.transport, credential: credential,
            configuration: .init(retry: connection.retry, rateLimit: limit, timeoutSecs: settings.timeoutSecs),
            clock: connection.clock)
        return PennyLaneAPIReader(
            format: format, settings: settings, client: client, request: request, sourceID: sourceID,
            batchRows: batchRows)
    }
}
