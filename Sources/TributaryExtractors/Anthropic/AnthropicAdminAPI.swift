import Foundation
import TributaryCore

/// How Tributary talks to the Anthropic Admin API (billing-exports.md §2): the base URL, the admin key in
/// `ANTHROPIC_ADMIN_KEY` sent as `x-api-key` with `anthropic-version: 2023-06-01`, the window in RFC 3339, array
/// parameters in bracket syntax (`group_by[]=model&group_by[]=workspace_id`), `next_page` → `page` paging.
public enum AnthropicAdminAPI {
    public static let baseURL = "https://api.anthropic.com"
    public static let keyVariable = "ANTHROPIC_ADMIN_KEY"
    public static let version = "2023-06-01"
    /// Days re-read before the watermark: the notes advise the trailing ≥ 2 days (§9).
    public static let defaultLookbackDays = 2

    public static let credential = APICredentialSource(
        variable: keyVariable, scheme: .header("x-api-key"), extraHeaders: [.init("anthropic-version", version)])

    /// The fixed part of an endpoint's query.
    static func query(bucketWidth: String, groupBy: [String], limit: Int?) -> [(name: String, value: String)] {
        [("bucket_width", bucketWidth)] + groupBy.map { ("group_by[]", $0) }
            + (limit.map { [("limit", String($0))] } ?? [])
    }

    /// A live extractor of `format` over `endpoints`, with the settings' base URL or the real API.
    static func extractor<Format: ReportPageFormat>(
        _ format: Format, endpoints: [ReportEndpoint], settings: LivePullSettings, tableDefaults: TableDefaults
    ) throws(ExtractorError) -> ReportAPIExtractor<Format> {
        guard let real = URL(string: baseURL) else {
            throw .invalidConfiguration(key: "base_url", message: "\(baseURL) is not a URL")
        }
        let configuration = settings.configuration(
            Format.self, defaultBaseURL: real, endpoints: endpoints, window: .anthropic,
            paginator: { CursorPaginator.anthropic(query: $0) }, credential: credential,
            defaultLookbackDays: defaultLookbackDays, tableDefaults: tableDefaults)
        return try ReportAPIExtractor(format: format, configuration)
    }
}
