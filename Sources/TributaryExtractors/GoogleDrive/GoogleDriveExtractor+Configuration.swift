import Foundation
import TributaryCore

extension GoogleDriveExtractor {
    /// Which files a live pull sees (notes, B.1 and B.4).
    public enum Corpora: String, Sendable, Equatable, CaseIterable {
        /// My Drive and everything shared with the caller, shared drives left out.
        case user
        /// One shared drive: needs `drive_id`; its change feed is the drive's own.
        case drive
        /// The caller's domain (Workspace), shared drives included.
        case domain
        /// My Drive and every shared drive the caller belongs to; Drive may say the search was incomplete.
        case allDrives
    }

    /// A live pull's settings: the `[source]` keys of a `gdrive` source without `paths`.
    ///
    /// | key | type | default | |
    /// |---|---|---|---|
    /// | `resource` | `files` \| `changes` | `files` | `files` loads `drive_files`, `changes` loads `drive_changes` |
    /// | `base_url` | string | `https://www.googleapis.com/drive/v3` | another server (tests, a proxy) |
    /// | `token_env` | string | `GOOGLE_DRIVE_ACCESS_TOKEN` | the variable holding the OAuth access token |
    /// | `corpora` | `user` \| `drive` \| `domain` \| `allDrives` | `allDrives` | which files are listed |
    /// | `drive_id` | string | — | required with `corpora = "drive"`, only there |
    /// | `query` | string | none | a files.list `q` (`"trashed = false"`); the first run's listing only |
    /// | `page_size` | integer 1–1000 | 1000 | records per page |
    /// | `start_page_token` | string | from `changes/startPageToken` | where a first `changes` run starts |
    /// | `timeout_secs`, `max_retries`, `retry_delay_secs`, `max_pages` | | 60, 5, 1, 10 000 | the HTTP client |
    ///
    /// The first run of `files` takes a start page token, then lists every file; later runs read the change feed
    /// from the saved token. The first run of `changes` starts at `start_page_token` or at a new token (the feed
    /// has no history before it). The token is read from the environment when the run starts, never stored.
    public struct Configuration: Sendable {
        public var sourceID: String
        public var baseURL: URL
        public var tokenVariable: String
        public var corpora: Corpora
        public var driveID: String?
        public var query: String?
        public var pageSize: Int
        public var startPageToken: String?
        public var batchRows: Int
        public var client: APIClient.Configuration
        /// Where the token is looked up; the process environment outside tests.
        public var environment: [String: String]
        public var transport: any HTTPTransport
        public var clock: any APIClock

        public static let defaultBaseURL =
            URL(string: "https://www.googleapis.com/drive/v3") ?? URL(fileURLWithPath: "/")
        public static let defaultTokenVariable = "GOOGLE_DRIVE_ACCESS_TOKEN"

        public init(
            sourceID: String, baseURL: URL = Configuration.defaultBaseURL,
            tokenVariable: String = Configuration.defaultTokenVariable, corpora: Corpora = .allDrives,
            driveID: String? = nil, query: String? = nil, pageSize: Int = 1000, startPageToken: String? = nil,
            batchRows: Int = 16384, client: APIClient.Configuration = APIClient.Configuration(),
            environment: [String: String] = ProcessInfo.processInfo.environment,
            transport: any HTTPTransport = URLSessionTransport(), clock: any APIClock = SystemAPIClock()
        ) {
            self.sourceID = sourceID
            self.baseURL = baseURL
            self.tokenVariable = tokenVariable
            self.corpora = corpora
            self.driveID = driveID
            self.query = query
            self.pageSize = pageSize
            self.startPageToken = startPageToken
            self.batchRows = batchRows
            self.client = client
            self.environment = environment
            self.transport = transport
            self.clock = clock
        }

        /// The first problem with the values, naming its key.
        func check() throws(ExtractorError) {
            guard !sourceID.isEmpty else { throw .invalidConfiguration(key: "id", message: "source id is empty") }
            guard ["http", "https"].contains(baseURL.scheme?.lowercased() ?? ""), baseURL.host != nil else {
                throw .invalidConfiguration(key: "base_url", message: "'\(baseURL)' is not an http(s) URL")
            }
            guard !tokenVariable.isEmpty else {
                throw .invalidConfiguration(key: "token_env", message: "name the environment variable of the token")
            }
            if corpora == .drive, driveID?.isEmpty ?? true {
                throw .invalidConfiguration(
                    key: "drive_id", message: "required with corpora = \"drive\": the shared drive's id")
            }
            if corpora != .drive, driveID != nil {
                throw .invalidConfiguration(
                    key: "drive_id", message: "only used with corpora = \"drive\", not \"\(corpora.rawValue)\"")
            }
            guard (1...1000).contains(pageSize) else {
                throw .invalidConfiguration(key: "page_size", message: "\(pageSize) is out of range 1…1000")
            }
            guard batchRows > 0 else { throw .invalidConfiguration(key: "batch_rows", message: "must be positive") }
        }
    }
}
