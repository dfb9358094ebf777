import Foundation

/// One endpoint a live pull reads, and the fixed part of its query (`bucket_width`, `group_by`, `limit`), sent
/// on every page with the time window in front.
public struct ReportEndpoint: Sendable {
    /// Appended to the base URL: `/organization/costs`, `/v1/organizations/cost_report`.
    public var path: String
    public var query: [(name: String, value: String)]

    public init(path: String, query: [(name: String, value: String)]) {
        self.path = path
        self.query = query
    }
}
