import TributaryCore
import TributaryExtractors

/// The OpenAI Admin API sources: costs into `spend`, usage into `llm_usage`, from saved responses (`paths`) or a
/// live pull with `OPENAI_ADMIN_KEY` (keys: `StageRegistry+ReportSources.swift`).
extension SourceKind {
    static let openAICosts = SourceKind(
        type: "openai_costs",
        summary: "OpenAI organisation Costs API (saved responses or a live pull), into spend",
        example: """
            [source]
            type = "openai_costs"
            organization_id = "org-abc123"
            # A live pull with OPENAI_ADMIN_KEY; saved responses instead: paths = ["exports/openai/costs"]
            start_date = 2025-01-01
            lookback_days = 3
            group_by = ["project_id", "line_item"]
            """,
        make: { r, context in
            guard let keys = reportKeys(r, context) else { return nil }
            do throws(ExtractorError) {
                switch keys.input {
                case .saved(let paths):
                    return try OpenAICostsExtractor.pages(
                        organizationID: keys.organizationID, sourceID: context.id, paths: paths,
                        baseDirectory: context.settings.directory, batchRows: keys.batchRows)
                case .live(let settings):
                    return try OpenAICostsExtractor.live(organizationID: keys.organizationID, settings: settings)
                }
            } catch {
                reportIssue(error, r)
                return nil
            }
        })

    static let openAIUsage = SourceKind(
        type: "openai_usage",
        summary:
            "OpenAI organisation Usage API, every endpoint that fits (saved responses or a live pull), into llm_usage",
        example: """
            [source]
            type = "openai_usage"
            organization_id = "org-abc123"
            # Saved responses of any usage endpoint; a live pull instead: start_date = 2025-01-01
            paths = ["exports/openai/usage"]
            """,
        make: { r, context in
            guard let keys = reportKeys(r, context, extraLiveKeys: ["endpoints"]) else {
                _ = r.node("endpoints")  // known, whatever else is wrong
                return nil
            }
            do throws(ExtractorError) {
                switch keys.input {
                case .saved(let paths):
                    return try OpenAIUsageExtractor.pages(
                        organizationID: keys.organizationID, sourceID: context.id, paths: paths,
                        baseDirectory: context.settings.directory, batchRows: keys.batchRows)
                case .live(let settings):
                    guard let endpoints = usageEndpoints(r) else { return nil }
                    return try OpenAIUsageExtractor.live(
                        organizationID: keys.organizationID, endpoints: endpoints, settings: settings)
                }
            } catch {
                reportIssue(error, r)
                return nil
            }
        })

    /// `endpoints = ["completions", "embeddings", …]`, by default every endpoint `llm_usage` can hold.
    private static func usageEndpoints(_ r: ConfigReader) -> [OpenAIUsageEndpoint]? {
        guard let names = r.stringList("endpoints") else { return OpenAIUsageEndpoint.allCases }
        var endpoints: [OpenAIUsageEndpoint] = []
        for name in names {
            guard let endpoint = OpenAIUsageEndpoint(rawValue: name) else {
                let why = OpenAIUsageEndpoint.unfit.first { $0.endpoint == name }?.why
                let known = OpenAIUsageEndpoint.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                r.issue(
                    "endpoints",
                    (why.map { "'\(name)' cannot be loaded: \($0)" } ?? "'\(name)' is not a usage endpoint")
                        + "; use \(known)", at: r.valueLocation(of: "endpoints"))
                return nil
            }
            if !endpoints.contains(endpoint) { endpoints.append(endpoint) }
        }
        return endpoints
    }
}
