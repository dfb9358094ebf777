import Foundation
import TributaryCore
import TributaryExtractors

/// The `gdrive` source: Google Drive v3 file metadata into `drive_files` (`resource = "files"`, the default) or
/// the change feed into `drive_changes` (`resource = "changes"`), from saved pages or live.
///
/// - `resource` (`files` | `changes`, default `files`).
/// - `mode` (`saved` | `live`): by default `saved` when `paths` is given, `live` otherwise.
/// - `paths` (saved): saved `files.list` / `changes.list` pages, one response per file: files, globs or folders (a
///   folder is its `*.json` and `*.json.gz`, in name order). `files` reads both kinds (changes update the files'
///   state), `changes` reads change pages only.
/// - `batch_rows` (integer, default 16384).
/// - live only: `base_url`, `token_env` (default `GOOGLE_DRIVE_ACCESS_TOKEN`), `corpora`, `drive_id`, `query`,
///   `page_size`, `start_page_token`, `timeout_secs` (60), `max_retries` (5), `retry_delay_secs` (1, doubled per
///   retry up to 30), `max_pages` (10 000); see `GoogleDriveExtractor.Configuration`.
extension SourceKind {
    static let gdriveLiveKeys = [
        "base_url", "token_env", "corpora", "drive_id", "query", "page_size", "start_page_token", "timeout_secs",
        "max_retries", "retry_delay_secs", "max_pages",
    ]

    static let gdrive = SourceKind(
        type: "gdrive",
        summary: "Google Drive file metadata (files.list) into drive_files, or its change feed into drive_changes; "
            + "saved pages or live, resuming from the change feed's page token",
        example: """
            [source]
            type = "gdrive"
            resource = "files"            # drive_files; "changes" loads drive_changes
            paths = ["drive/files", "drive/changes"]
            """,
        make: { r, context in
            let resourceText = r.string("resource") ?? GoogleDriveResource.files.rawValue
            let mode = r.string("mode")
            let paths = r.stringList("paths")
            let batchRows = r.int("batch_rows", range: 1...1_000_000) ?? 16384
            guard let resource = GoogleDriveResource(rawValue: resourceText) else {
                r.issue(
                    "resource", "expected \"files\" or \"changes\", not '\(resourceText)'",
                    at: r.valueLocation(of: "resource"))
                return nil
            }
            if let mode, mode != "saved", mode != "live" {
                r.issue("mode", "expected \"saved\" or \"live\", not '\(mode)'", at: r.valueLocation(of: "mode"))
                return nil
            }
            do throws(ExtractorError) {
                if mode.map({ $0 == "live" }) ?? (paths == nil) {
                    if r.node("paths") != nil {
                        r.issue("paths", "a live pull reads the API, not files: remove paths, or set mode = \"saved\"")
                        return nil
                    }
                    guard let configuration = gdriveLive(r, context, batchRows: batchRows) else { return nil }
                    return try GoogleDriveExtractor(resource: resource, configuration: configuration)
                }
                for key in gdriveLiveKeys where r.node(key) != nil {
                    r.issue(key, "'\(key)' is for live pulls; saved pages (paths) are read as they were saved")
                }
                guard r.node("paths", required: true) != nil, let paths else { return nil }
                switch resource {
                case .files:
                    return try GoogleDriveSavedPagesExtractor(
                        format: DriveFilesFormat(), sourceID: context.id, paths: paths,
                        baseDirectory: context.settings.directory, batchRows: batchRows)
                case .changes:
                    return try GoogleDriveSavedPagesExtractor(
                        format: DriveChangesFormat(), sourceID: context.id, paths: paths,
                        baseDirectory: context.settings.directory, batchRows: batchRows)
                }
            } catch {
                guard case .invalidConfiguration(let key, let message) = error else {
                    r.issue("type", error.description)
                    return nil
                }
                IssueLocator.report(key: key, message: message, in: r, keyMap: [:])
                return nil
            }
        })

    /// The live keys, read and checked; nil after reporting a problem.
    private static func gdriveLive(_ r: ConfigReader, _ context: StageContextInfo, batchRows: Int)
        -> GoogleDriveExtractor.Configuration?
    {
        var configuration = GoogleDriveExtractor.Configuration(sourceID: context.id, batchRows: batchRows)
        var ok = true
        if let text = r.string("base_url") {
            if let url = URL(string: text) {
                configuration.baseURL = url
            } else {
                r.issue("base_url", "'\(text)' is not a URL", at: r.valueLocation(of: "base_url"))
                ok = false
            }
        }
        if let variable = r.string("token_env") { configuration.tokenVariable = variable }
        if let text = r.string("corpora") {
            if let corpora = GoogleDriveExtractor.Corpora(rawValue: text) {
                configuration.corpora = corpora
            } else {
                let known = GoogleDriveExtractor.Corpora.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                r.issue("corpora", "expected one of \(known), not '\(text)'", at: r.valueLocation(of: "corpora"))
                ok = false
            }
        }
        configuration.driveID = r.string("drive_id")
        configuration.query = r.string("query")
        configuration.pageSize = r.int("page_size", range: 1...1000) ?? configuration.pageSize
        configuration.startPageToken = r.string("start_page_token")
        let timeout = r.number("timeout_secs")
        let retries = r.int("max_retries", range: 0...50)
        let delay = r.number("retry_delay_secs")
        let maxPages = r.int("max_pages", range: 1...1_000_000)
        for (key, value) in [("timeout_secs", timeout), ("retry_delay_secs", delay)] {
            if let value, !(value > 0) {
                r.issue(key, "\(value) is not a positive number of seconds", at: r.valueLocation(of: key))
                ok = false
            }
        }
        configuration.client = APIClient.Configuration(
            retry: APIRetryPolicy(maxRetries: retries ?? 5, baseDelaySecs: delay ?? 1),
            timeoutSecs: timeout ?? 60, maxPages: maxPages ?? 10_000)
        return ok ? configuration : nil
    }
}
