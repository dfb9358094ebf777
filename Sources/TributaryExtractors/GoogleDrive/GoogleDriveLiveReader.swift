import Foundation
import TributaryCore
import TributaryFormats

/// The running side of a live `gdrive` pull: a state machine over the requests, one page per step, each page
/// handed over as the events of one "file" (its redacted URL).
///
/// - `files`, first run (no saved token): `changes/startPageToken`, then `files.list` to the end; the checkpoint is
///   that start token. A `nextPageToken` Drive refuses mid-listing restarts the listing once from page 1
///   (notes, B.1); the rows already read collapse onto the new ones.
/// - `files` from a saved token, and `changes` always: `changes.list` from the token (a first `changes` run from
///   `start_page_token` or a new start token) to the page with `newStartPageToken`, the checkpoint.
/// A saved token Drive refuses (400, 404, 410 on the first page) stops the run with what to do about it; a refused
/// access token names its variable, never its value.
public struct GoogleDriveLiveReader<Format: GoogleDrivePageFormat>: CheckpointedReader {
    private enum Step {
        case begin
        case listing(APIPager<PageTokenPaginator>, startToken: String, restarted: Bool)
        case changes(APIPager<PageTokenPaginator>, savedToken: String?)
        case finished
    }

    private let client: APIClient
    private let requests: GoogleDriveRequests
    private let resume: String?
    private var step = Step.begin
    private var batcher: GoogleDrivePageBatcher<Format>
    private var events = EventQueue()
    public private(set) var checkpoint: ExtractCheckpoint?

    init(format: Format, client: APIClient, requests: GoogleDriveRequests, resume: String?) {
        self.client = client
        self.requests = requests
        self.resume = resume
        batcher = GoogleDrivePageBatcher(
            format: format, sourceID: requests.configuration.sourceID, batchRows: requests.configuration.batchRows)
    }

    public mutating func next() async throws -> ExtractEvent? {
        while true {
            if let event = try events.next() { return event }
            if events.stopped { return nil }
            do {
                guard try await advance() else { return nil }
            } catch let error as APIError {
                throw translated(error)
            }
        }
    }

    /// One request's worth of work; false once the pull is done.
    private mutating func advance() async throws -> Bool {
        switch step {
        case .begin:
            if batcher.format.resource == .files, resume == nil {
                let token = try await startPageToken()
                step = .listing(filesPager(), startToken: token, restarted: false)
            } else {
                let saved = resume ?? requests.configuration.startPageToken
                let token: String
                if let saved { token = saved } else { token = try await startPageToken() }
                step = .changes(changesPager(from: token), savedToken: saved)
            }
        case .listing(var pager, let token, let restarted):
            let page: APIPage?
            do {
                page = try await pager.nextPage()
            } catch let error as APIError where !restarted && pager.pagesRead > 0 && Self.refusesToken(error) {
                step = .listing(filesPager(), startToken: token, restarted: true)
                return true
            }
            guard let page else {
                checkpoint = .cursor(token)
                step = .finished
                return true
            }
            step = .listing(pager, startToken: token, restarted: restarted)
            let parsed = try GoogleDrivePage(page.json, file: page.url.absoluteString, expected: .fileList)
            if parsed.isIncompleteSearch { throw GoogleDriveError.incompleteSearch(url: parsed.file) }
            let listedAt = Int64(client.clock.now().timeIntervalSince1970.rounded(.down))
            try batcher.emit(parsed, bytes: page.byteCount, listedAt: listedAt, into: &events)
        case .changes(var pager, let saved):
            let page: APIPage?
            do {
                page = try await pager.nextPage()
            } catch let error as APIError where pager.pagesRead == 0 && saved != nil && Self.refusesToken(error) {
                throw GoogleDriveError.pageTokenRejected(
                    sourceID: requests.configuration.sourceID, token: saved ?? "", status: error.status ?? 0,
                    message: error.apiMessage)
            }
            guard let page else {
                checkpoint = pager.checkpoint.map { .cursor($0) }
                step = .finished
                return true
            }
            step = .changes(pager, savedToken: saved)
            let parsed = try GoogleDrivePage(page.json, file: page.url.absoluteString, expected: .changeList)
            try batcher.emit(parsed, bytes: page.byteCount, listedAt: nil, into: &events)
        case .finished:
            return false
        }
        return true
    }

    /// `changes/startPageToken` for the configured corpus (a shared drive's feed has its own tokens).
    private func startPageToken() async throws -> String {
        let page = try await client.page(requests.startPageTokenURL, query: requests.startPageTokenQuery, number: 1)
        let token = try page.string(at: .member("startPageToken"))
        guard !token.isEmpty else { throw page.shapeError(at: .member("startPageToken"), expected: "a token") }
        return token
    }

    private func filesPager() -> APIPager<PageTokenPaginator> {
        client.pager(requests.filesURL, PageTokenPaginator.driveFiles(query: requests.filesQuery))
    }

    private func changesPager(from token: String) -> APIPager<PageTokenPaginator> {
        client.pager(
            requests.changesURL, PageTokenPaginator.driveChanges(startPageToken: token, query: requests.changesQuery))
    }

    /// How Drive refuses a page token it no longer knows; the notes do not pin the status down, so each of them.
    static func refusesToken(_ error: APIError) -> Bool {
        guard case .rejected(_, let status, _, _) = error else { return false }
        return [400, 404, 410].contains(status)
    }

    /// A refused access token in Drive's words: which variable to fix and how to get a fresh token.
    private func translated(_ error: APIError) -> any Error {
        guard case .unauthorized(let url, let status, _, let message) = error else { return error }
        return GoogleDriveError.tokenRefused(
            variable: requests.configuration.tokenVariable, status: status, url: url, message: message)
    }
}
