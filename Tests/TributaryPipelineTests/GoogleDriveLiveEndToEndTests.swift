import Foundation
import Testing
import TributaryTestSupport

/// The built `tributary` pulling live from a Drive played by the loopback server, into the real ClickHouse: the
/// first run lists, the next ones read the change feed from the token the last one saved, and what stops a run
/// says what to do without showing the token.
@Suite(.serialized) struct GoogleDriveLiveEndToEndTests {
    static let token = GoogleDriveEndToEndTests.token
    static let listing = [
        "": GoogleDrivePages.filesPage1, "~!!~AI9FV7Qx1Placeholder_p2": GoogleDrivePages.filesPage2,
    ]
    /// The feed's pages, with the changes' times moved to just after `now`: a live listing is dated by the clock
    /// of the run that made it, and a change recorded before it would rightly lose to it.
    static func feed(after now: Date) -> [String: String] {
        var pages = [
            "48213": GoogleDrivePages.changesPage1, "48215": GoogleDrivePages.changesPage2,
            "48219": #"{"kind": "drive#changeList", "newStartPageToken": "48219", "changes": []}"#,
        ]
        let times = [
            "2024-03-20T17:45:31.004Z", "2024-03-21T07:02:10.553Z", "2024-03-21T08:30:00.120Z",
            "2024-03-21T09:00:05.007Z",
        ]
        let format = ISO8601DateFormatter()
        for (i, time) in times.enumerated() {
            let later = format.string(from: now.addingTimeInterval(Double(60 + i)))
            pages = pages.mapValues {
                $0.replacingOccurrences(of: "\"time\": \"\(time)\"", with: "\"time\": \"\(later)\"")
            }
        }
        return pages
    }

    /// A pipeline in its own folder pulling `resource` from `server`.
    struct Scenario {
        let work: TempDir
        let database: String
        let pipeline: URL

        init(_ server: LoopbackHTTPServer, resource: String = "files", extra: String = "") throws {
            work = try TempDir()
            database = TestClickHouse.scratchDatabase("e2e_gdrive_live")
            pipeline = try work.write(
                "p.toml",
                """
                version = 1
                [pipeline]
                name = "drive-live"
                [source]
                id = "drive"
                type = "gdrive"
                resource = "\(resource)"
                base_url = "\(server.baseURL.absoluteString)/drive/v3"
                page_size = 3
                retry_delay_secs = 0.05
                \(extra)
                [sink]
                type = "clickhouse"
                url = "${CLICKHOUSE_URL}"
                database = "\(database)"
                """)
        }

        func run(_ flags: [String] = [], token: String? = GoogleDriveLiveEndToEndTests.token) async throws
            -> CommandResult
        {
            var env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "GOOGLE_DRIVE_ACCESS_TOKEN": token ?? ""]
            if token == nil { env["GOOGLE_DRIVE_ACCESS_TOKEN"] = "" }
            let result = try await runTributary(
                ["run", pipeline.path, "--no-progress"] + flags, environment: env, in: work.url)
            #expect(!result.stdout.contains(GoogleDriveLiveEndToEndTests.token))
            #expect(!result.stderr.contains(GoogleDriveLiveEndToEndTests.token))
            return result
        }

        func files() async throws -> String {
            try await TestClickHouse.query(
                """
                SELECT id, trashed, x_removed, ifNull(version, 0) FROM \(database).drive_files FINAL ORDER BY id
                FORMAT TSV
                """)
        }
    }

    static func drive(feedStatus: Int = 200) throws -> LoopbackHTTPServer {
        let feed = Self.feed(after: Date())
        return try LoopbackHTTPServer { request in
            let token = request.queryValue("pageToken") ?? ""
            switch request.path {
            case "/drive/v3/changes/startPageToken": return .json(GoogleDrivePages.startPageToken)
            case "/drive/v3/files": return Self.listing[token].map { .json($0) } ?? .notFound
            case "/drive/v3/changes":
                if feedStatus != 200 { return .json(GoogleDrivePages.invalidPageToken, status: feedStatus) }
                return feed[token].map { .json($0) } ?? .notFound
            default: return .notFound
            }
        }
    }

    @Test func theFirstRunListsAndTheNextOnesResumeFromTheSavedPageToken() async throws {
        let server = try Self.drive()
        defer { server.stop() }
        let s = try Scenario(server)
        defer { s.work.cleanup() }
        let first = try await s.run()
        #expect(first.status == 0, "\(first.stderr)\n\(first.stdout)")
        #expect(
            server.requests.map(\.path) == ["/drive/v3/changes/startPageToken", "/drive/v3/files", "/drive/v3/files"])
        #expect(
            try await s.files() == """
                1FactFournisseurEdfMars2024abcdEFGH\t0\t0\t1
                1FolderFacturesSharedDrv000000000\t0\t0\t12
                1OldScanQwErTyUiOp1234567890AsDfGh\t1\t0\t5
                1SheetXyZ0987654321abcdefGHIJKLmnopQRstuv\t0\t0\t187
                1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVw\t0\t0\t3

                """)

        let second = try await s.run()
        #expect(second.status == 0, "\(second.stderr)\n\(second.stdout)")
        let feed = server.requests.filter { $0.path == "/drive/v3/changes" }
        #expect(feed.map { $0.queryValue("pageToken") } == ["48213", "48215"], "resumed from the token run 1 saved")
        #expect(feed.allSatisfy { $0.queryValue("fields")?.contains("newStartPageToken") == true })
        // The deletion is a row marked removed; the trashing a newer version that wins the merge.
        #expect(
            try await s.files() == """
                1DeletedForeverFileId0000000000000\t0\t1\t0
                1FactFournisseurEdfMars2024abcdEFGH\t0\t0\t1
                1FolderFacturesSharedDrv000000000\t0\t0\t12
                1OldScanQwErTyUiOp1234567890AsDfGh\t1\t0\t6
                1SheetXyZ0987654321abcdefGHIJKLmnopQRstuv\t0\t0\t187
                1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVw\t0\t0\t3

                """)

        let third = try await s.run()
        #expect(third.status == 0, "\(third.stderr)")
        #expect(server.requests.last?.queryValue("pageToken") == "48219")
        #expect(server.requests.count == 6, "no listing again: the feed alone")
    }

    @Test func theChangeFeedLandsOneRowPerChangeAndARereadCollapses() async throws {
        let server = try Self.drive()
        defer { server.stop() }
        let s = try Scenario(server, resource: "changes", extra: #"start_page_token = "48213""#)
        defer { s.work.cleanup() }
        #expect(try await s.run().status == 0)
        // A full refresh starts from the configured token again: the same changes, kept once.
        #expect(try await s.run(["--full-refresh"]).status == 0)
        let rows = try await TestClickHouse.query(
            """
            SELECT change_type, ifNull(file_id, ''), removed, ifNull(trashed, 2), ifNull(x_drive_name, '')
            FROM \(s.database).drive_changes FINAL ORDER BY change_time FORMAT TSV
            """)
        #expect(
            rows == """
                file\t1SheetXyZ0987654321abcdefGHIJKLmnopQRstuv\t0\t0\t
                file\t1DeletedForeverFileId0000000000000\t1\t2\t
                file\t1OldScanQwErTyUiOp1234567890AsDfGh\t0\t1\t
                drive\t\t0\t2\tComptabilité 2024

                """)
    }

    @Test func aRefusedTokenExitsOneNamingTheVariable() async throws {
        let server = try LoopbackHTTPServer(
            script: ResponseScript([
                "/drive/v3/changes/startPageToken": [.json(GoogleDrivePages.unauthorized, status: 401)]
            ]))
        defer { server.stop() }
        let s = try Scenario(server)
        defer { s.work.cleanup() }
        let result = try await s.run()
        #expect(result.status == 1)
        #expect(result.stderr.contains("the token in GOOGLE_DRIVE_ACCESS_TOKEN is missing, wrong or expired"))
        let missing = try await s.run(token: nil)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("the environment variable GOOGLE_DRIVE_ACCESS_TOKEN is not set or is empty"))
        #expect(server.requests.count == 1, "no request without a token")
    }

    @Test func aSavedPageTokenDriveRefusesStopsUntilTheStateIsResetOrRefreshed() async throws {
        let good = try Self.drive()
        let s = try Scenario(good)
        defer { s.work.cleanup() }
        #expect(try await s.run().status == 0)
        good.stop()
        // The same pipeline, now answered by a Drive that no longer knows the token: point it at that server.
        let refusing = try Self.drive(feedStatus: 400)
        defer { refusing.stop() }
        let text = try String(contentsOf: s.pipeline, encoding: .utf8)
            .replacingOccurrences(of: good.baseURL.absoluteString, with: refusing.baseURL.absoluteString)
        try text.write(to: s.pipeline, atomically: true, encoding: .utf8)
        let refused = try await s.run()
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Drive refused the changes page token '48213'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("tributary state reset PIPELINE.toml --source drive"))
        #expect(refused.stderr.contains("--full-refresh"))
        let refreshed = try await s.run(["--full-refresh"])
        #expect(refreshed.status == 0, "\(refreshed.stderr)")
        #expect(refusing.requests.last?.path == "/drive/v3/files", "a full refresh lists again")
    }

    @Test func aRateLimitAndAServerErrorAreWaitedOut() async throws {
        let script = ResponseScript([
            "/drive/v3/changes/startPageToken": [
                .json(#"{"error":{"code":500,"message":"Backend Error"}}"#, status: 500),
                .json(GoogleDrivePages.startPageToken),
            ],
            "/drive/v3/files": [
                .tooManyRequests(retryAfter: "1"), .json(GoogleDrivePages.rateLimited, status: 403),
                .json(GoogleDrivePages.filesPage2),
            ],
        ])
        let server = try LoopbackHTTPServer(script: script)
        defer { server.stop() }
        let s = try Scenario(server)
        defer { s.work.cleanup() }
        let started = Date()
        let result = try await s.run()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) >= 1, "Retry-After: 1 was honoured")
        #expect(script.served("/drive/v3/files") == 3 && script.served("/drive/v3/changes/startPageToken") == 2)
        #expect(try await s.files().split(separator: "\n").count == 2)
    }
}
