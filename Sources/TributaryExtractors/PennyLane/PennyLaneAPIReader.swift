import Foundation
import TributaryCore
import TributaryFormats

/// Reads a live PennyLane listing or changelog page by page, and says where the next run resumes.
///
/// Phases: a listing (v2 by cursor, sorted by id so that rows created meanwhile land at the end rather than
/// shifting pages, notes A.5; v1 by page number), or a changelog read (every page, reduced to the latest event
/// per id), then one `GET /<resource>/<id>` per changed resource. Deletions become tombstones as their pages
/// arrive; a resource gone by the time it is read again (404) is a tombstone too. Line entities read each
/// invoice's `invoice_lines` sub-resource (v2) or its `line_items` (v1).
///
/// Every fetched page is a "file" of the run's books: rows and rejects are attributed to its redacted URL.
struct PennyLaneAPIReader<Row: ModelRow>: CheckpointedReader {
    let format: PennyLaneFormat<Row>
    let settings: PennyLaneLiveSettings
    let client: APIClient
    let request: ExtractRequest
    private var emitter: PennyLaneEmitter<Row>
    private var phase = Phase.start
    private var pending: [ExtractEvent] = []
    private var bytesRead = 0
    private(set) var checkpoint: ExtractCheckpoint?

    private enum Phase {
        case start
        case listing(Listing)
        case changelog(APIPager<CursorPaginator>, PennyLaneChangelog, since: Watermark, startDate: String)
        case refetch([PennyLaneChange], next: Int, maxSeen: ExactTimestamp)
        case done
    }

    private enum Listing {
        /// `startedAt`: when a full listing began, the next run's changelog start; nil for a backfill window.
        case v2(APIPager<CursorPaginator>, startedAt: ExactTimestamp?)
        case v1(APIPager<PageNumberPaginator>)
    }

    init(
        format: PennyLaneFormat<Row>, settings: PennyLaneLiveSettings, client: APIClient, request: ExtractRequest,
        sourceID: String, batchRows: Int
    ) {
        self.format = format
        self.settings = settings
        self.client = client
        self.request = request
        emitter = PennyLaneEmitter(sourceID: sourceID, batchRows: batchRows)
    }

    private var entity: PennyLaneEntity { format.entity }

    mutating func next() async throws -> ExtractEvent? {
        while pending.isEmpty {
            switch phase {
            case .start:
                try start()
            case .listing(var listing):
                let page = try await nextPage(&listing)
                phase = .listing(listing)
                guard let page else {
                    if case .v2(_, let started?) = listing {
                        checkpoint = .watermark(Watermark(maxSeen: started, lookbackSeconds: settings.lookbackSeconds))
                    }
                    phase = .done
                    continue
                }
                try await emit(page)
            case .changelog(var pager, var log, let since, let startDate):
                let page: APIPage?
                do {
                    page = try await pager.nextPage()
                } catch let error as APIError {
                    throw refused(error, firstPage: pager.pagesRead == 0, startDate: startDate)
                }
                guard let page else {
                    let changed = log.changes.filter { $0.operation != .delete }
                    phase = .refetch(changed, next: 0, maxSeen: max(since.maxSeen, log.maxProcessedAt ?? since.maxSeen))
                    continue
                }
                let events = try changes(in: page)
                for event in events { log.add(event) }
                phase = .changelog(pager, log, since: since, startDate: startDate)
                emitDeletions(events, page: page)
            case .refetch(let changes, let i, let maxSeen):
                guard i < changes.count else {
                    checkpoint = .watermark(Watermark(maxSeen: maxSeen, lookbackSeconds: settings.lookbackSeconds))
                    phase = .done
                    continue
                }
                phase = .refetch(changes, next: i + 1, maxSeen: maxSeen)
                try await refetch(changes[i])
            case .done:
                return nil
            }
        }
        return pending.removeFirst()
    }

    // MARK: Planning

    private mutating func start() throws {
        let url = try resourceURL(entity.resource)
        let filter = PennyLaneFilter.joined(settings.filter, windowConditions())
        let filterQuery = filter.map { [(name: "filter", value: $0)] } ?? []
        switch settings.apiVersion {
        case .v1:
            guard let key = entity.v1ItemsKey else {
                throw ExtractorError.invalidConfiguration(key: "api_version", message: "v1 has no \(entity.rawValue)")
            }
            let paginator = PageNumberPaginator.pennyLaneV1(
                itemsKey: key, query: filterQuery, perPage: settings.pageSize)
            phase = .listing(.v1(client.pager(url, paginator)))
        case .v2:
            if request.window == nil, case .watermark(let since)? = request.checkpoint {
                return try startChangelog(since)
            }
            let query = [(name: "limit", value: String(settings.pageSize)), (name: "sort", value: "id")] + filterQuery
            let started = request.window == nil ? now() : nil
            phase = .listing(.v2(client.pager(url, CursorPaginator.pennyLaneV2(query: query)), startedAt: started))
        }
    }

    /// A backfill window as `date` conditions, where the listing filters on dates.
    private func windowConditions() -> [JSONValue] {
        guard let window = request.window, entity.filtersOnDate else { return [] }
        let day = { (s: Int64) in CivilTime.formatDate(days: s >= 0 ? s / 86400 : (s - 86399) / 86400) }
        return [
            PennyLaneFilter.condition("date", "gteq", day(window.from)),
            PennyLaneFilter.condition("date", "lt", day(window.to)),
        ]
    }

    /// Refuses a watermark the changelog no longer covers before asking, and never asks for a start the API
    /// would refuse because only the look-back reaches past the retention.
    private mutating func startChangelog(_ since: Watermark) throws {
        let oldest = now().seconds - PennyLaneChangelog.retentionSeconds
        guard since.maxSeen.seconds >= oldest else {
            throw PennyLaneError.changelogExpired(
                resource: entity.resource, lastProcessed: since.maxSeen, pipeline: settings.pipeline)
        }
        let margin = min(since.maxSeen, ExactTimestamp(seconds: oldest + 300))
        let startDate = PennyLaneChange.rfc3339(max(since.resumeFrom, margin))
        let paginator = CursorPaginator.pennyLaneV2(
            query: [("limit", "1000")], firstPageQuery: [("start_date", startDate)])
        phase = .changelog(
            client.pager(try resourceURL("changelogs/\(entity.resource)"), paginator), PennyLaneChangelog(),
            since: since, startDate: startDate)
    }

    private func now() -> ExactTimestamp {
        let t = client.clock.now().timeIntervalSince1970
        let seconds = Int64(t.rounded(.down))
        return ExactTimestamp(
            seconds: seconds, nanoseconds: min(999_999_999, max(0, Int64((t - Double(seconds)) * 1e9))))
    }

    private func resourceURL(_ path: String) throws -> URL {
        guard let url = settings.url(path) else {
            throw ExtractorError.invalidConfiguration(key: "base_url", message: "'\(settings.baseURL)' takes no path")
        }
        return url
    }

    // MARK: Pages

    private mutating func nextPage(_ listing: inout Listing) async throws -> APIPage? {
        switch listing {
        case .v1(var pager):
            defer { listing = .v1(pager) }
            return try await pager.nextPage()
        case .v2(var pager, let started):
            defer { listing = .v2(pager, startedAt: started) }
            do {
                return try await pager.nextPage()
            } catch let error as APIError where error.status == 400 && pager.pagesRead > 0 {
                throw PennyLaneError.cursorRefused(
                    url: error.url ?? "", status: 400, message: error.apiMessage, pipeline: settings.pipeline)
            }
        }
    }

    /// A listing page or a resource read by id: its records, and for v2 line entities each invoice's lines.
    private mutating func emit(_ page: APIPage) async throws {
        bytesRead += page.byteCount
        let items: [PennyLaneItem]
        do throws(PennyLaneShapeError) {
            let kind = try PennyLanePage.classify(page.json, entity: entity)
            if case .changelog = kind {
                throw PennyLaneShapeError(
                    path: .member("items"), expected: "\(entity.resource), not changelog events",
                    found: "changelog events")
            }
            items = try kind.items(of: page.json, entity: entity)
        } catch {
            throw error.apiError(url: page.url.absoluteString)
        }
        guard entity.readsLines, settings.apiVersion == .v2 else {
            return append(page.url.absoluteString, items.flatMap { format.records($0) }, bytes: page.byteCount)
        }
        var refused: [PennyLaneRecord<Row>] = []
        for item in items {
            let check = format.records(item)
            if check.isEmpty { try await emitLines(of: item) } else { refused += check }
        }
        if !refused.isEmpty { append(page.url.absoluteString, refused, bytes: page.byteCount) }
    }

    /// Every page of `GET /<resource>/<id>/invoice_lines`, each with the invoice its lines belong to.
    private mutating func emitLines(of item: PennyLaneItem) async throws {
        let id = item.value["id"].flatMap { $0.numberText ?? $0.stringValue } ?? ""
        var pager = client.pager(
            try resourceURL("\(entity.resource)/\(id)/invoice_lines"),
            CursorPaginator.pennyLaneV2(query: [("limit", "100")]))
        while let page = try await pager.nextPage() {
            bytesRead += page.byteCount
            var withLines = item
            withLines.lines = PennyLaneLines(values: try page.array(at: .member("items")), path: .member("items"))
            append(page.url.absoluteString, format.records(withLines), bytes: page.byteCount)
        }
    }

    private func changes(in page: APIPage) throws -> [PennyLaneChange] {
        do throws(PennyLaneShapeError) {
            switch try PennyLanePage.classify(page.json, entity: entity) {
            case .changelog(let events): return events
            case .list(let items, _, _) where items.isEmpty: return []
            default:
                throw PennyLaneShapeError(
                    path: JSONPath.member("items").appending(index: 0).appending(key: "operation"),
                    expected: "a changelog event's operation", found: "nothing")
            }
        } catch {
            throw error.apiError(url: page.url.absoluteString)
        }
    }

    /// The deletions of one changelog page, as tombstones attributed to it.
    private mutating func emitDeletions(_ events: [PennyLaneChange], page: APIPage) {
        bytesRead += page.byteCount
        let records = format.tombstones(events, page: page.json)
        if !records.isEmpty { append(page.url.absoluteString, records, bytes: page.byteCount) }
    }

    /// One changed resource, read again; gone already (404), it is deleted.
    private mutating func refetch(_ change: PennyLaneChange) async throws {
        let url = try resourceURL("\(entity.resource)/\(change.id)")
        do {
            try await emit(try await client.page(url, query: [], number: 1))
        } catch let error as APIError where error.status == 404 {
            let tombstone = format.tombstone(
                id: change.id, deletedAt: PennyLaneChangelog.tombstoneVersion(change), version: .v2)
            append(
                error.url ?? client.redactedText(url),
                [PennyLaneRecord(path: .root, value: .null, outcome: .rows([tombstone]))], bytes: 0)
        }
    }

    private mutating func append(_ file: String, _ records: [PennyLaneRecord<Row>], bytes: Int) {
        pending += emitter.events(file: file, records: records, bytes: bytes, bytesBefore: bytesRead - bytes)
    }

    /// A changelog request refused with 400 or 422: on the first page, the start date (too old); later, the
    /// cursor.
    private func refused(_ error: APIError, firstPage: Bool, startDate: String) -> any Error {
        guard let status = error.status, status == 400 || status == 422 else { return error }
        if firstPage {
            return PennyLaneError.changelogRefused(
                url: error.url ?? "", status: status, message: error.apiMessage, startDate: startDate,
                pipeline: settings.pipeline)
        }
        return PennyLaneError.cursorRefused(
            url: error.url ?? "", status: status, message: error.apiMessage, pipeline: settings.pipeline)
    }
}
