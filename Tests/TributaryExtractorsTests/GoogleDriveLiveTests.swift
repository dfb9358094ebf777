import Foundation
import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats
import TributaryTestSupport

/// The live `gdrive` pull against the loopback server: paging to the end, the start token and the checkpoint,
/// shared-drive parameters, retries, and the failures a user has to act on.
struct GoogleDriveLiveTests {
    static let variable = "GOOGLE_DRIVE_ACCESS_TOKEN"

    /// A Drive that answers `changes/startPageToken`, `files` (paged by `pageToken`) and `changes` (from a token).
    static func drive(files: [String: String] = [:], changes: [String: String] = [:]) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            let token = request.queryValue("pageToken") ?? ""
            switch request.path {
            case "/drive/v3/changes/startPageToken": return .json(GoogleDrivePages.startPageToken)
            case "/drive/v3/files": return files[token].map { .json($0) } ?? .notFound
            case "/drive/v3/changes": return changes[token].map { .json($0) } ?? .notFound
            default: return .notFound
            }
        }
    }

    static let twoFilePages = [
        "": GoogleDrivePages.filesPage1, "~!!~AI9FV7Qx1Placeholder_p2": GoogleDrivePages.filesPage2,
    ]
    static let twoChangePages = ["48213": GoogleDrivePages.changesPage1, "48215": GoogleDrivePages.changesPage2]

    static func extractor(
        _ server: LoopbackHTTPServer, _ resource: GoogleDriveResource,
        corpora: GoogleDriveExtractor.Corpora = .allDrives,
        driveID: String? = nil, startPageToken: String? = nil, clock: TestClock = TestClock(),
        environment: [String: String] = [variable: secretToken], retry: APIRetryPolicy = exactRetry()
    ) throws -> GoogleDriveExtractor {
        try GoogleDriveExtractor(
            resource: resource,
            configuration: .init(
                sourceID: "gdrive", baseURL: server.url("/drive/v3"), corpora: corpora, driveID: driveID,
                pageSize: 3, startPageToken: startPageToken, batchRows: 100,
                client: .init(retry: retry, timeoutSecs: 10, maxPages: 50), environment: environment, clock: clock))
    }

    /// Reads a pull to its end (or its error); the checkpoint it ends with.
    static func pull(_ source: GoogleDriveExtractor, from checkpoint: ExtractCheckpoint? = nil) async
        -> (result: Extraction, checkpoint: ExtractCheckpoint?)
    {
        var result = Extraction()
        do {
            var reader = try source.open(ExtractRequest(checkpoint: checkpoint))
            while let event = try await reader.next() {
                switch event {
                case .fileStarted(let path): result.events.append("start \(path)")
                case .batch(let batch, _): result.batches.append(batch)
                case .rejects(let list): result.rejects += list
                case .fileFinished: break
                }
            }
            return (result, reader.checkpoint)
        } catch {
            result.error = error
            return (result, nil)
        }
    }

    @Test func aFirstFilesRunTakesAStartTokenThenListsEveryPage() async throws {
        let server = try Self.drive(files: Self.twoFilePages)
        defer { server.stop() }
        let clock = TestClock()
        let (result, checkpoint) = await Self.pull(try Self.extractor(server, .files, clock: clock))
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(result.rows == 5)
        #expect(checkpoint == .cursor("48213"), "the token taken before listing, so no change made meanwhile is lost")
        let requests = server.requests
        #expect(requests.map(\.path) == ["/drive/v3/changes/startPageToken", "/drive/v3/files", "/drive/v3/files"])
        #expect(requests[0].queryValue("supportsAllDrives") == "true")
        #expect(requests.map { $0.queryValue("pageToken") } == [nil, nil, "~!!~AI9FV7Qx1Placeholder_p2"])
        for request in requests.dropFirst() {
            #expect(request.queryValue("fields")?.hasPrefix("nextPageToken,incompleteSearch,files(id,name,") == true)
            #expect(request.queryValue("supportsAllDrives") == "true")
            #expect(request.queryValue("includeItemsFromAllDrives") == "true")
            #expect(request.queryValue("corpora") == "allDrives")
            #expect(request.queryValue("pageSize") == "3")
            #expect(request.header("Authorization") == "Bearer \(secretToken)")
        }
        // Live rows are dated by when their page came in.
        let now = Int64(clock.now().timeIntervalSince1970)
        #expect(result.values("x_state_time") == Array(repeating: .dateTime(now), count: 5))
        #expect(result.batches.map(\.lineage.file).allSatisfy { $0.contains("/drive/v3/files?") })
        #expect(result.events.count == 2, "one file of the books per page")
    }

    @Test func aSavedTokenResumesTheChangeFeedToItsNewStartToken() async throws {
        let server = try Self.drive(changes: Self.twoChangePages)
        defer { server.stop() }
        let (result, checkpoint) = await Self.pull(try Self.extractor(server, .files), from: .cursor("48213"))
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(checkpoint == .cursor("48219"))
        #expect(result.values("id").count == 3, "an edit, a removal and a trashing; the drive change is no file")
        #expect(result.values("x_removed") == [.bool(false), .bool(true), .bool(false)])
        let requests = server.requests
        #expect(requests.map(\.path) == ["/drive/v3/changes", "/drive/v3/changes"])
        #expect(requests.map { $0.queryValue("pageToken") } == ["48213", "48215"])
        for request in requests {
            let fields = request.queryValue("fields") ?? ""
            #expect(fields.hasPrefix("nextPageToken,newStartPageToken,changes(changeType,time,removed,fileId,"))
            #expect(fields.contains("file(id,name,mimeType,parents,createdTime,modifiedTime,size,"))
            #expect(request.queryValue("includeRemoved") == "true")
            #expect(request.queryValue("includeItemsFromAllDrives") == "true")
            #expect(request.queryValue("supportsAllDrives") == "true")
        }
    }

    @Test func aFirstChangesRunStartsAtANewStartTokenOrTheConfiguredOne() async throws {
        let server = try Self.drive(
            changes: Self.twoChangePages.merging(["48300": GoogleDrivePages.changesPage2]) { $1 })
        defer { server.stop() }
        let (fresh, end) = await Self.pull(try Self.extractor(server, .changes))
        #expect(fresh.error == nil && fresh.rows == 4 && end == .cursor("48219"))
        let (configured, _) = await Self.pull(try Self.extractor(server, .changes, startPageToken: "48300"))
        #expect(configured.rows == 2)
        #expect(
            server.requests.map(\.path) == [
                "/drive/v3/changes/startPageToken", "/drive/v3/changes", "/drive/v3/changes", "/drive/v3/changes",
            ])
        #expect(server.requests.last?.queryValue("pageToken") == "48300")
    }

    @Test func oneSharedDriveUsesItsIdAndItsOwnStartToken() async throws {
        let server = try Self.drive(files: ["": GoogleDrivePages.filesPage2])
        defer { server.stop() }
        let (result, _) = await Self.pull(
            try Self.extractor(server, .files, corpora: .drive, driveID: "0AShAReDdRiVeIdUk9PVA"))
        #expect(result.error == nil && result.rows == 2)
        #expect(server.requests.map { $0.queryValue("driveId") } == ["0AShAReDdRiVeIdUk9PVA", "0AShAReDdRiVeIdUk9PVA"])
        #expect(server.requests.last?.queryValue("corpora") == "drive")
        #expect(throws: ExtractorError.self) { try Self.extractor(server, .files, corpora: .drive) }
        #expect(throws: ExtractorError.self) { try Self.extractor(server, .files, driveID: "0AShAReDdRiVeIdUk9PVA") }
    }

    @Test func myDriveAloneLeavesSharedDrivesOut() async throws {
        let server = try Self.drive(files: ["": GoogleDrivePages.filesPage2])
        defer { server.stop() }
        _ = await Self.pull(try Self.extractor(server, .files, corpora: .user))
        #expect(server.requests.last?.queryValue("corpora") == "user")
        #expect(server.requests.last?.queryValue("includeItemsFromAllDrives") == nil)
    }

    enum Hiccup: String, CaseIterable, Sendable { case tooManyRequests, googleRateLimit, serverError }

    @Test(arguments: Hiccup.allCases)
    func aRateLimitOrAServerErrorIsRetried(_ hiccup: Hiccup) async throws {
        let first: ScriptedResponse =
            switch hiccup {
            case .tooManyRequests: .tooManyRequests(retryAfter: "2")
            case .googleRateLimit: .json(GoogleDrivePages.rateLimited, status: 403)
            case .serverError: .json(#"{"error":{"code":500,"message":"Internal Error"}}"#, status: 500)
            }
        let script = ResponseScript([
            "/drive/v3/changes": [first, .json(GoogleDrivePages.changesPage2)]
        ])
        let server = try LoopbackHTTPServer(script: script)
        defer { server.stop() }
        let clock = TestClock()
        let (result, checkpoint) = await Self.pull(
            try Self.extractor(server, .changes, clock: clock), from: .cursor("48215"))
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(result.rows == 2 && checkpoint == .cursor("48219"))
        #expect(script.served("/drive/v3/changes") == 2)
        #expect(clock.sleeps == [hiccup == .tooManyRequests ? 2 : 0.01], "Retry-After as told, else the backoff")
    }

    @Test func aRefusedTokenNamesItsVariableAndNeverShowsIt() async throws {
        let server = try LoopbackHTTPServer(
            script: ResponseScript([
                "/drive/v3/changes/startPageToken": [.json(GoogleDrivePages.unauthorized, status: 401)]
            ]))
        defer { server.stop() }
        let (result, checkpoint) = await Self.pull(try Self.extractor(server, .files))
        let error = try #require(result.error as? GoogleDriveError)
        #expect(checkpoint == nil)
        guard case .tokenRefused(let variable, 401, _, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(variable == Self.variable)
        #expect(error.description.contains("the token in GOOGLE_DRIVE_ACCESS_TOKEN is missing, wrong or expired"))
        #expect(error.description.contains("gcloud auth print-access-token"))
        #expect(!allRenderings(error).contains(secretToken))
        #expect(server.requests.count == 1, "a refused credential is not retried")
    }

    @Test func aMissingTokenIsSaidBeforeAnyRequest() async throws {
        let server = try Self.drive(files: Self.twoFilePages)
        defer { server.stop() }
        let (result, _) = await Self.pull(try Self.extractor(server, .files, environment: [Self.variable: "  "]))
        #expect(result.error as? GoogleDriveError == .missingToken(variable: Self.variable))
        #expect("\(String(describing: result.error))".contains("GOOGLE_DRIVE_ACCESS_TOKEN is not set or is empty"))
        #expect(server.requests.isEmpty)
    }

    @Test(arguments: [400, 404, 410])
    func aSavedPageTokenDriveRefusesSaysToResetTheState(_ status: Int) async throws {
        let server = try LoopbackHTTPServer(
            script: ResponseScript([
                "/drive/v3/changes": [.json(GoogleDrivePages.invalidPageToken, status: status)]
            ]))
        defer { server.stop() }
        let (result, checkpoint) = await Self.pull(try Self.extractor(server, .files), from: .cursor("48213"))
        #expect(checkpoint == nil)
        let error = try #require(result.error as? GoogleDriveError)
        #expect(
            error
                == .pageTokenRejected(
                    sourceID: "gdrive", token: "48213", status: status, message: "Invalid Value"))
        #expect(error.description.contains("tributary state reset PIPELINE.toml --source gdrive"))
        #expect(error.description.contains("--full-refresh"))
    }

    @Test func aNextPageTokenRefusedMidListingRestartsTheListingOnce() async throws {
        let server = try LoopbackHTTPServer(
            script: ResponseScript([
                "/drive/v3/changes/startPageToken": [.json(GoogleDrivePages.startPageToken)],
                "/drive/v3/files": [
                    .json(GoogleDrivePages.filesPage1), .json(GoogleDrivePages.invalidPageToken, status: 400),
                    .json(GoogleDrivePages.filesPage1), .json(GoogleDrivePages.filesPage2),
                ],
            ]))
        defer { server.stop() }
        let (result, checkpoint) = await Self.pull(try Self.extractor(server, .files))
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(checkpoint == .cursor("48213"))
        #expect(result.rows == 8, "page 1 twice, collapsing by id once loaded, then page 2")
        #expect(
            server.requests.map { $0.queryValue("pageToken") ?? "-" } == [
                "-", "-", "~!!~AI9FV7Qx1Placeholder_p2", "-", "~!!~AI9FV7Qx1Placeholder_p2",
            ])
    }

    @Test func anIncompleteSearchStops() async throws {
        let page = #"{"incompleteSearch": true, "files": [{"id": "1a"}]}"#
        let server = try Self.drive(files: ["": page])
        defer { server.stop() }
        let (result, _) = await Self.pull(try Self.extractor(server, .files))
        let error = try #require(result.error as? GoogleDriveError)
        guard case .incompleteSearch = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(error.description.contains("corpora = \"drive\""))
    }

    @Test func aLivePageOfAnotherShapeNamesItsPath() async throws {
        let server = try Self.drive(changes: ["48213": #"{"newStartPageToken": "9", "changes": {"0": {}}}"#])
        defer { server.stop() }
        let (result, _) = await Self.pull(try Self.extractor(server, .changes), from: .cursor("48213"))
        let error = try #require(result.error as? ExtractorError)
        #expect(
            error.message == "expected an array at $.changes, found an object; the response is not shaped as the "
                + "API documents")
        #expect(error.description.contains("/drive/v3/changes?"))
    }

    @Test func aLastChangesPageWithoutItsNewStartTokenIsAShapeError() async throws {
        let server = try Self.drive(changes: ["48213": #"{"changes": []}"#])
        defer { server.stop() }
        let (result, checkpoint) = await Self.pull(try Self.extractor(server, .changes), from: .cursor("48213"))
        #expect(checkpoint == nil)
        #expect("\(String(describing: result.error))".contains("$.newStartPageToken"))
    }

    @Test func aBackfillWindowOrAForeignCheckpointIsRefused() throws {
        let server = try Self.drive()
        defer { server.stop() }
        let source = try Self.extractor(server, .changes)
        #expect(throws: GoogleDriveError.backfillUnsupported) {
            try source.open(ExtractRequest(window: ClosedOpenSeconds(from: 0, to: 86400)))
        }
        let watermark = Watermark(maxSeen: ExactTimestamp(seconds: 1), lookbackSeconds: 0)
        #expect(throws: GoogleDriveError.checkpointNotAPageToken(sourceID: "gdrive")) {
            try source.open(ExtractRequest(checkpoint: .watermark(watermark)))
        }
    }
}
