import Foundation
import TributaryCore

/// A live pull of an admin report API (OpenAI Costs and Usage, Anthropic cost and usage reports) through one
/// `ReportPageFormat`, resuming from a watermark.
///
/// Each run asks every endpoint for the buckets of one time window, `[start, end)`:
/// - a backfill chunk: the chunk's window;
/// - otherwise from the committed watermark (the latest bucket start a run committed) moved back by
///   `lookbackSeconds`, since the providers fill recent buckets late; or from the restatement window's start or
///   the start of the partition being replaced, when the runner asks for earlier (`ExtractRequest.startSeconds`);
///   or, the first run and a full refresh, from `startSeconds`. The end is now.
///
/// The watermark is never rounded: it is a bucket start as the API sent it. A pull resumes with the look-back
/// saved with the watermark and saves the configured one, so that a changed `lookback_days` takes effect one
/// run later: the runner widens a pull to whole partitions by the saved watermark, and resuming by another
/// look-back could start inside a partition it does not know is being replaced. Buckets read twice are
/// replaced by the idempotent load (lessons L16, L17).
///
///     let extractor = try ReportAPIExtractor(format: OpenAICostsFormat(organizationID: "org-1"), configuration)
///     var reader = try extractor.open(ExtractRequest(checkpoint: saved))
///     while let event = try await reader.next() { … }
///     let next = reader.checkpoint   // saved by the runner once the load has committed
public struct ReportAPIExtractor<Format: ReportPageFormat>: CheckpointedExtractor, ModelExtractor {
    public let format: Format
    public let configuration: Configuration
    /// Each endpoint's URL: the base URL and the endpoint's path.
    let urls: [URL]

    public var outputSchema: Schema { Format.Row.schema }
    public var moneyColumns: [String] { Format.Row.moneyColumns }
    public var tableDefaults: TableDefaults? { configuration.tableDefaults }

    public init(format: Format, _ configuration: Configuration) throws(ExtractorError) {
        guard !configuration.sourceID.isEmpty else {
            throw .invalidConfiguration(key: "source_id", message: "source id is empty")
        }
        guard !configuration.endpoints.isEmpty else {
            throw .invalidConfiguration(key: "endpoints", message: "give at least one endpoint")
        }
        guard let scheme = configuration.baseURL.scheme?.lowercased(), scheme == "https" || scheme == "http",
            configuration.baseURL.host != nil
        else {
            throw .invalidConfiguration(
                key: "base_url", message: "'\(APIURL.redactedText(configuration.baseURL))' is not an http(s) URL")
        }
        guard configuration.lookbackSeconds >= 0 else {
            throw .invalidConfiguration(key: "lookback_days", message: "must not be negative")
        }
        guard configuration.batchRows >= 1 else {
            throw .invalidConfiguration(key: "batch_rows", message: "must be at least 1")
        }
        var base = configuration.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var urls: [URL] = []
        for endpoint in configuration.endpoints {
            guard let url = URL(string: base + endpoint.path), url.query == nil else {
                throw .invalidConfiguration(
                    key: "base_url",
                    message: "'\(APIURL.redactedText(configuration.baseURL))' does not take the path \(endpoint.path)")
            }
            urls.append(url)
        }
        self.format = format
        self.configuration = configuration
        self.urls = urls
    }

    /// `[start, end)` of the pull `request` asks for.
    public func window(for request: ExtractRequest) -> ClosedOpenSeconds {
        if let window = request.window { return window }
        var resuming = request
        if case .watermark? = request.checkpoint {} else { resuming.checkpoint = nil }
        return ClosedOpenSeconds(
            from: resuming.startSeconds(configuredStart: configuration.startSeconds), to: configuration.now())
    }

    public func open(_ request: ExtractRequest) throws -> any CheckpointedReader {
        let c = configuration
        let credential = try APICredential.fromEnvironment(
            c.credential.variable, scheme: c.credential.scheme,
            extraHeaders: c.credential.extraHeaders.map { ($0.name, $0.value) }, environment: c.environment)
        let client = APIClient(
            transport: c.transport ?? URLSessionTransport(), credential: credential, configuration: c.client,
            clock: c.clock)
        let window = window(for: request)
        var previous: Watermark?
        if request.window == nil, case .watermark(let w)? = request.checkpoint {
            previous = Watermark(maxSeen: w.maxSeen, lookbackSeconds: c.lookbackSeconds)
        }
        let pulls: [(url: URL, query: [(name: String, value: String)])] =
            window.from < window.to
            ? zip(urls, c.endpoints).map { url, endpoint in
                (url, c.window.query(start: window.from, end: window.to) + endpoint.query)
            } : []
        return ReportAPIReader(
            format: format, client: client, pulls: pulls, paginator: c.paginator, sourceID: c.sourceID,
            batchRows: c.batchRows,
            previous: previous, lookbackSeconds: c.lookbackSeconds)
    }
}
