import Foundation
import Testing
import TributaryExtractors

@testable import TributaryPipeline

/// The `gdrive` source's keys: what each table gets from the model, and each wrong key named with its line.
struct GoogleDriveSourceConfigTests {
    static func pipeline(_ source: String) -> String {
        """
        version = 1
        [pipeline]
        name = "drive"
        [source]
        type = "gdrive"
        \(source)
        [sink]
        type = "clickhouse"
        url = "http://127.0.0.1:8123"
        """
    }

    @Test func eachResourceGetsItsTableFromTheModel() throws {
        let files = try compile(Self.pipeline(#"paths = ["pages"]"#)).get()
        #expect(files.sink.summary == "clickhouse tributary.drive_files")
        let ddl = files.sink.plannedDDL().joined(separator: "\n")
        #expect(ddl.contains("ENGINE = ReplacingMergeTree(`x_state_time`)\nORDER BY (`id`)"), "\(ddl)")
        #expect(!ddl.contains("PARTITION BY"))
        #expect(ddl.contains("`size_bytes` Nullable(UInt64)") && ddl.contains("`parents` Array(String)"))
        #expect(files.extractor is GoogleDriveSavedPagesExtractor<DriveFilesFormat>)

        let changes = try compile(Self.pipeline("resource = \"changes\"\nmode = \"live\"")).get()
        #expect(changes.sink.summary == "clickhouse tributary.drive_changes")
        let changesDDL = changes.sink.plannedDDL().joined(separator: "\n")
        #expect(changesDDL.contains("PARTITION BY toYYYYMM(change_time)"), "\(changesDDL)")
        #expect(changesDDL.contains("ORDER BY (`change_time`, `x_row_id`)"))
        #expect(changes.lineage?.configuration.key == ["change_type", "file_id", "drive_id", "change_time"])
        let live = try #require(changes.extractor as? GoogleDriveExtractor)
        #expect(live.resource == .changes)
        #expect(live.configuration.baseURL.absoluteString == "https://www.googleapis.com/drive/v3")
        #expect(live.configuration.tokenVariable == "GOOGLE_DRIVE_ACCESS_TOKEN")
        #expect(live.configuration.corpora == .allDrives && live.configuration.pageSize == 1000)
    }

    @Test func liveKeysAreRead() throws {
        let p = try compile(
            Self.pipeline(
                """
                base_url = "http://127.0.0.1:9/drive/v3"
                token_env = "DRIVE_TOKEN"
                corpora = "drive"
                drive_id = "0AClients"
                query = "trashed = false"
                page_size = 200
                start_page_token = "123"
                max_retries = 2
                """)
        ).get()
        let live = try #require(p.extractor as? GoogleDriveExtractor)
        #expect(live.configuration.baseURL.absoluteString == "http://127.0.0.1:9/drive/v3")
        #expect(live.configuration.tokenVariable == "DRIVE_TOKEN" && live.configuration.corpora == .drive)
        #expect(live.configuration.driveID == "0AClients" && live.configuration.query == "trashed = false")
        #expect(live.configuration.pageSize == 200 && live.configuration.startPageToken == "123")
        #expect(live.configuration.client.retry.maxRetries == 2)
    }

    struct Wrong: Sendable, CustomTestStringConvertible {
        var source: String
        var message: String
        var testDescription: String { message }
    }

    static let wrong: [Wrong] = [
        Wrong(
            source: #"resource = "folders""#,
            message: "p.toml:6:12: error: source.resource: expected \"files\" or "
                + "\"changes\", not 'folders'"),
        Wrong(
            source: "paths = [\"pages\"]\ntoken_env = \"X\"",
            message: "p.toml:7:1: error: source.token_env: "
                + "'token_env' is for live pulls; saved pages (paths) are read as they were saved"),
        Wrong(
            source: "mode = \"live\"\npaths = [\"pages\"]",
            message: "p.toml:7:1: error: source.paths: a live pull "
                + "reads the API, not files: remove paths, or set mode = \"saved\""),
        Wrong(source: #"corpora = "drive""#, message: "source.drive_id: required with corpora = \"drive\""),
        Wrong(
            source: #"corpora = "everything""#,
            message: "p.toml:6:11: error: source.corpora: expected one of "
                + "\"user\", \"drive\", \"domain\", \"allDrives\", not 'everything'"),
        Wrong(source: "page_size = 5000", message: "source.page_size: 5000 is out of range 1…1000"),
        Wrong(source: #"mode = "saved""#, message: "source.paths: missing required key 'paths'"),
    ]

    @Test(arguments: wrong)
    func aWrongKeyIsNamedWithItsPlace(_ case_: Wrong) {
        guard case .failure(let error) = compile(Self.pipeline(case_.source)) else {
            Issue.record("compiled: \(case_.source)")
            return
        }
        #expect("\(error)".contains(case_.message), "\(error)")
    }
}
