import Foundation
import TributaryCore
import TributaryExtractors
import TributaryFormats

/// The keys every admin report source (`openai_costs`, `openai_usage`, `anthropic_costs`, `anthropic_usage`)
/// shares, and how a source chooses between reading saved responses and pulling live.
///
/// - `organization_id` (string, required): `billing_account_id` of every row; the reports do not repeat it.
/// - `mode` (`"saved"` or `"live"`): by default `saved` when `paths` is given, `live` otherwise.
/// - `paths` (saved): saved responses, one response object per file: files, globs or folders (a folder is its
///   `*.json` and `*.json.gz`, in name order).
/// - `batch_rows` (integer, default 16384).
/// - live only: `base_url` (default the provider's real API), `start_date` (a date, required: where the first run
///   and a full refresh start), `lookback_days` (default 3 for OpenAI, 2 for Anthropic: re-read before the
///   committed watermark, for late data), `bucket_width` (default `"1d"`), `group_by` (default per source),
///   `limit` (buckets per page, default the API's), `timeout_secs` (60), `max_retries` (5), `retry_delay_secs`
///   (1, doubled per retry up to `max_retry_delay_secs`, 30), `max_retry_after_secs` (120: a longer
///   `Retry-After` ends the run with exit 75), `max_pages` (10 000 per endpoint).
/// The admin key comes from the environment (`OPENAI_ADMIN_KEY`, `ANTHROPIC_ADMIN_KEY`) when the pull starts.
extension SourceKind {
    /// Where a report source's pages come from.
    enum ReportInput {
        case saved(paths: [String])
        case live(LivePullSettings)
    }

    /// What `reportKeys` read.
    struct ReportKeys {
        var input: ReportInput
        var organizationID: String
        var batchRows: Int
        var groupBy: [String]?
    }

    static let liveKeys = [
        "base_url", "start_date", "lookback_days", "bucket_width", "group_by", "limit", "timeout_secs", "max_retries",
        "retry_delay_secs", "max_retry_delay_secs", "max_retry_after_secs", "max_pages",
    ]

    /// Reads the shared keys; `savedKeys` are live keys that saved responses take too (`group_by`, when it says
    /// how the pages were pulled). Nil after reporting a problem.
    static func reportKeys(
        _ r: ConfigReader, _ context: StageContextInfo, savedKeys: Set<String> = [], extraLiveKeys: [String] = []
    ) -> ReportKeys? {
        let organization = r.string("organization_id", required: true)
        let mode = r.string("mode")
        let paths = r.stringList("paths")
        let batchRows = r.int("batch_rows", range: 1...1_000_000) ?? 16384
        // Keys this source knows, whatever mode a mistake leaves it in: only the mistake is reported.
        let known = { for key in liveKeys + extraLiveKeys { _ = r.node(key) } }
        if let mode, mode != "saved", mode != "live" {
            r.issue("mode", "expected \"saved\" or \"live\", not '\(mode)'", at: r.valueLocation(of: "mode"))
            known()
            return nil
        }
        let live = mode.map { $0 == "live" } ?? (paths == nil)
        if live {
            if r.node("paths") != nil {
                let why = mode == nil ? "" : " (mode = \"live\")"
                r.issue("paths", "a live pull reads the API, not files\(why): remove paths, or set mode = \"saved\"")
                known()
                return nil
            }
            let settings = liveSettings(r, context, batchRows: batchRows)
            guard let organization, let settings else { return nil }
            return ReportKeys(
                input: .live(settings), organizationID: organization, batchRows: batchRows, groupBy: settings.groupBy)
        }
        var problem = false
        for key in liveKeys + extraLiveKeys where !savedKeys.contains(key) && r.node(key) != nil {
            r.issue(
                key,
                "'\(key)' is for live pulls; saved responses (paths) are read as they were pulled "
                    + "(remove paths for a live pull)")
            problem = true
        }
        guard r.node("paths", required: true) != nil, let paths else { return nil }
        let groupBy = savedKeys.contains("group_by") ? r.stringList("group_by") : nil
        guard let organization, !problem else { return nil }
        return ReportKeys(
            input: .saved(paths: paths), organizationID: organization, batchRows: batchRows, groupBy: groupBy)
    }

    private static func liveSettings(_ r: ConfigReader, _ context: StageContextInfo, batchRows: Int)
        -> LivePullSettings?
    {
        var baseURL: URL?
        var badURL = false
        if let text = r.string("base_url") {
            baseURL = URL(string: text)
            badURL = baseURL == nil
            if badURL { r.issue("base_url", "'\(text)' is not a URL", at: r.valueLocation(of: "base_url")) }
        }
        let start = startDate(r)
        let lookback = r.int("lookback_days", range: 0...400)
        let width = r.string("bucket_width") ?? "1d"
        let groupBy = r.stringList("group_by")
        let limit = r.int("limit", range: 1...10_000)
        let timeout = seconds(r, "timeout_secs", above: 0)
        let retries = r.int("max_retries", range: 0...50)
        let delay = seconds(r, "retry_delay_secs", above: nil)
        let maxDelay = seconds(r, "max_retry_delay_secs", above: nil)
        let maxAfter = seconds(r, "max_retry_after_secs", above: nil)
        let maxPages = r.int("max_pages", range: 1...1_000_000)
        guard let start, !badURL else { return nil }
        let retry = APIRetryPolicy(
            maxRetries: retries ?? 5, baseDelaySecs: delay ?? 1, maxDelaySecs: maxDelay ?? 30,
            maxRetryAfterSecs: maxAfter ?? 120)
        return LivePullSettings(
            sourceID: context.id, baseURL: baseURL, startSeconds: start, lookbackDays: lookback, bucketWidth: width,
            groupBy: groupBy, limit: limit, batchRows: batchRows,
            client: APIClient.Configuration(retry: retry, timeoutSecs: timeout ?? 60, maxPages: maxPages ?? 10_000))
    }

    /// `start_date = 2025-01-01` (a TOML date) or `"2025-01-01"`: midnight UTC, in epoch seconds.
    private static func startDate(_ r: ConfigReader) -> Int64? {
        guard let n = r.node("start_date", required: true) else { return nil }
        switch n.value {
        case .localDate(let d) where d.isValid:
            return CivilTime.days(year: Int64(d.year), month: Int64(d.month), day: Int64(d.day)) * 86_400
        case .string(let s):
            if s.count == 10, case .success(let seconds) = CivilTime.parseTimestamp(s) { return seconds }
        default: break
        }
        r.issue(
            "start_date", "expected a date (2025-01-01), found \(n.value.typeName)",
            at: r.valueLocation(of: "start_date"))
        return nil
    }

    /// A number of seconds, ≥ 0 (or > `above`).
    private static func seconds(_ r: ConfigReader, _ key: String, above: Double?) -> Double? {
        guard let value = r.number(key) else { return nil }
        if value < 0 || (above.map { value <= $0 } ?? false) {
            r.issue(key, "\(value) is not a positive number of seconds", at: r.valueLocation(of: key))
            return nil
        }
        return value
    }

    /// A problem the extractor found in its configuration, placed at its key.
    static func reportIssue(_ error: ExtractorError, _ r: ConfigReader) {
        guard case .invalidConfiguration(let key, let message) = error else {
            r.issue("type", error.description)
            return
        }
        IssueLocator.report(key: key, message: message, in: r, keyMap: [:])
    }
}
