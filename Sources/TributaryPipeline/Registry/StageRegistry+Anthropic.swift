import TributaryCore
import TributaryExtractors

/// The Anthropic Admin API sources: the cost report into `spend`, the usage report into `llm_usage`, from saved
/// responses (`paths`) or a live pull with `ANTHROPIC_ADMIN_KEY` (keys: `StageRegistry+ReportSources.swift`).
/// Saved cost responses take `group_by` too: whether they were pulled by `workspace_id` says whether a null
/// workspace is the Default Workspace.
extension SourceKind {
    static let anthropicCosts = SourceKind(
        type: "anthropic_costs",
        summary: "Anthropic Admin API cost report, cents exact (saved responses or a live pull), into spend",
        example: """
            [source]
            type = "anthropic_costs"
            organization_id = "org_abc123"
            # Saved responses, pulled with group_by[]=workspace_id&group_by[]=description; live: start_date = …
            paths = ["exports/anthropic/costs"]
            group_by = ["workspace_id", "description"]
            """,
        make: { r, context in
            guard let keys = reportKeys(r, context, savedKeys: ["group_by"]) else { return nil }
            do throws(ExtractorError) {
                switch keys.input {
                case .saved(let paths):
                    return try AnthropicCostsExtractor.pages(
                        organizationID: keys.organizationID,
                        groupBy: keys.groupBy ?? AnthropicCostsExtractor.defaultGroupBy, sourceID: context.id,
                        paths: paths, baseDirectory: context.settings.directory, batchRows: keys.batchRows)
                case .live(let settings):
                    return try AnthropicCostsExtractor.live(organizationID: keys.organizationID, settings: settings)
                }
            } catch {
                reportIssue(error, r)
                return nil
            }
        })

    static let anthropicUsage = SourceKind(
        type: "anthropic_usage",
        summary: "Anthropic Admin API messages usage report (saved responses or a live pull), into llm_usage",
        example: """
            [source]
            type = "anthropic_usage"
            organization_id = "org_abc123"
            # A live pull with ANTHROPIC_ADMIN_KEY; saved responses instead: paths = ["exports/anthropic/usage"]
            start_date = 2025-01-01
            group_by = ["workspace_id", "api_key_id", "model", "service_tier"]
            """,
        make: { r, context in
            guard let keys = reportKeys(r, context) else { return nil }
            do throws(ExtractorError) {
                switch keys.input {
                case .saved(let paths):
                    return try AnthropicUsageExtractor.pages(
                        organizationID: keys.organizationID, sourceID: context.id, paths: paths,
                        baseDirectory: context.settings.directory, batchRows: keys.batchRows)
                case .live(let settings):
                    return try AnthropicUsageExtractor.live(organizationID: keys.organizationID, settings: settings)
                }
            } catch {
                reportIssue(error, r)
                return nil
            }
        })
}
