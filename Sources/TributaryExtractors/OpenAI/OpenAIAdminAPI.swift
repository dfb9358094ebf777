import Foundation
import TributaryCore

/// How Tributary talks to the OpenAI Admin API (billing-exports.md §1): the base URL, the admin key in
/// `OPENAI_ADMIN_KEY` as a bearer token, the window in Unix seconds, array parameters by repeating the key
/// (`group_by=project_id&group_by=line_item`), `next_page` → `page` paging.
public enum OpenAIAdminAPI {
    public static let baseURL = "https://api.openai.com/v1"
    public static let keyVariable = "OPENAI_ADMIN_KEY"
    /// Days re-read before the watermark: the notes advise the trailing ≥ 3 days (lag unconfirmed, §9).
    public static let defaultLookbackDays = 3

    /// The fixed part of an endpoint's query.
    static func query(bucketWidth: String, groupBy: [String], limit: Int?) -> [(name: String, value: String)] {
        [("bucket_width", bucketWidth)] + groupBy.map { ("group_by", $0) }
            + (limit.map { [("limit", String($0))] } ?? [])
    }

    /// A live extractor of `format` over `endpoints`, with the settings' base URL or the real API.
    static func extractor<Format: ReportPageFormat>(
        _ format: Format, endpoints: [ReportEndpoint], settings: LivePullSettings,
        tableDefaults: TableDefaults
    ) throws(ExtractorError) -> ReportAPIExtractor<Format> {
        guard let real = URL(string: baseURL) else {
            throw .invalidConfiguration(key: "base_url", message: "\(baseURL) is not a URL")
        }
        let configuration = settings.configuration(
            Format.self, defaultBaseURL: real, endpoints: endpoints, window: .openAI,
            paginator: { CursorPaginator.openAI(query: $0) }, credential: .init(variable: keyVariable),
            defaultLookbackDays: defaultLookbackDays, tableDefaults: tableDefaults)
        return try ReportAPIExtractor(format: format, configuration)
    }
}

extension OpenAICostsExtractor {
    /// A live pull of `GET /organization/costs`.
    public static func live(organizationID: String, settings: LivePullSettings) throws(ExtractorError)
        -> ReportAPIExtractor<OpenAICostsFormat>
    {
        let width = try settings.checkedBucketWidth(allowed: bucketWidths)
        let groupBy = try settings.checkedGroupBy(allowed: Self.groupBy, defaults: defaultGroupBy)
        let limit = try settings.checkedLimit(limits)
        return try OpenAIAdminAPI.extractor(
            OpenAICostsFormat(organizationID: organizationID),
            endpoints: [
                .init(path: path, query: OpenAIAdminAPI.query(bucketWidth: width, groupBy: groupBy, limit: limit))
            ],
            settings: settings, tableDefaults: SpendRow.tableDefaults)
    }
}
