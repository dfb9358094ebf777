import Foundation
import TributaryCore

/// The running side of a `ReportAPIExtractor`: each endpoint paged to its end in turn, each page mapped whole
/// into `.fileStarted(url)`, its batches and rejects, `.fileFinished(url)`, the URL redacted.
///
/// A page is lineage's "file": its request URL, without secrets, is `x_source_file` and names the page in
/// rejects and errors. A page of another shape fails with `APIError.unexpectedShape` naming that URL and the
/// JSON path; HTTP failures come from `APIClient` (a refused key names its environment variable; an API down
/// through every retry is temporary, exit 75).
///
/// Once every endpoint has been read, `checkpoint` is the new watermark: the latest bucket start read, taking
/// for several endpoints the earliest of their latest (reading again from earlier is safe, skipping is not), and
/// never earlier than the watermark the pull resumed from. A pull that read no bucket keeps that watermark.
public struct ReportAPIReader<Format: ReportPageFormat>: CheckpointedReader {
    private let client: APIClient
    private let pulls: [(url: URL, query: [(name: String, value: String)])]
    private let paginator: @Sendable ([(name: String, value: String)]) -> CursorPaginator
    private var nextPull = 0
    private var pager: APIPager<CursorPaginator>?
    private var mapper: ReportPageMapper<Format>
    private var events = EventQueue()
    private let previous: Watermark?
    private let lookbackSeconds: Int64
    /// The latest bucket start of the endpoint being read, and the earliest of the finished endpoints' latest.
    private var latestOfPull: Int64?
    private var latestOfAll: Int64?
    private var finished = false

    init(
        format: Format, client: APIClient, pulls: [(url: URL, query: [(name: String, value: String)])],
        paginator: @escaping @Sendable ([(name: String, value: String)]) -> CursorPaginator, sourceID: String,
        batchRows: Int, previous: Watermark?, lookbackSeconds: Int64
    ) {
        self.client = client
        self.pulls = pulls
        self.paginator = paginator
        self.previous = previous
        self.lookbackSeconds = lookbackSeconds
        mapper = ReportPageMapper(format: format, sourceID: sourceID, batchRows: batchRows)
    }

    public var checkpoint: ExtractCheckpoint? {
        guard finished else { return nil }
        var watermark = previous
        if let latest = latestOfAll {
            let seen = ExactTimestamp(seconds: latest)
            if watermark == nil { watermark = Watermark(maxSeen: seen, lookbackSeconds: lookbackSeconds) }
            watermark?.advance(to: seen)
        }
        return watermark.map { .watermark($0) }
    }

    public mutating func next() async throws -> ExtractEvent? {
        if let event = try events.next() { return event }
        if events.stopped || finished { return nil }
        while true {
            guard var current = pager else {
                guard nextPull < pulls.count else {
                    finished = true
                    return nil
                }
                let pull = pulls[nextPull]
                nextPull += 1
                pager = client.pager(pull.url, paginator(pull.query))
                latestOfPull = nil
                continue
            }
            let fetched = try await current.nextPage()
            pager = current
            guard let page = fetched else {
                if let latest = latestOfPull { latestOfAll = min(latestOfAll ?? latest, latest) }
                pager = nil
                continue
            }
            let url = page.url.absoluteString
            let mapped: ReportPageMapper<Format>.Mapped
            do throws(JSONShapeError) {
                mapped = try mapper.map(page.json, file: url, bytesRead: page.byteCount)
            } catch {
                throw error.apiError(url: url)
            }
            if let latest = mapped.latestBucketStart { latestOfPull = max(latestOfPull ?? latest, latest) }
            events.append(.fileStarted(path: url))
            for event in mapped.events { events.append(event) }
            events.append(.fileFinished(path: url, bytes: page.byteCount))
            return try events.next()
        }
    }
}
