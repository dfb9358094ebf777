import Foundation
import TributaryCore
import TributaryFormats

/// The `pennylane` source reading the live API: a full listing on the first run and on `--full-refresh`, then
/// (v2) the resource's changelog since the last committed change, each changed resource read again by id and
/// each deleted one a tombstone.
///
/// The checkpoint is a watermark on the changelog's `processed_at` (the notes advise persisting it, not the
/// short-lived cursor): after a full listing, the time the listing started, so that changes made while it ran
/// are read by the next run. Requests stay under PennyLane's published limits (v2 25 per 5 s; v1 4 per second,
/// 2 on customer invoices), and honour 429 and `retry-after` (`APIClient`). The token is read when the source
/// opens, so that `tributary validate` needs none.
public struct PennyLaneAPIExtractor<Row: ModelRow>: CheckpointedExtractor, ModelExtractor {
    public let format: PennyLaneFormat<Row>
    public let settings: PennyLaneLiveSettings
    public let sourceID: String
    public let batchRows: Int
    public let tableDefaults: TableDefaults?
    public let connection: PennyLaneConnection

    public var outputSchema: Schema { Row.schema }
    public var moneyColumns: [String] { Row.moneyColumns }

    public init(
        format: PennyLaneFormat<Row>, settings: PennyLaneLiveSettings, sourceID: String, batchRows: Int = 16384,
        tableDefaults: TableDefaults?, connection: PennyLaneConnection = PennyLaneConnection()
    ) throws(ExtractorError) {
        guard !sourceID.isEmpty else { throw .invalidConfiguration(key: "id", message: "source id is empty") }
        guard batchRows > 0 else { throw .invalidConfiguration(key: "batch_rows", message: "must be positive") }
        let maxPage = settings.apiVersion == .v2 ? 100 : 1000
        guard (1...maxPage).contains(settings.pageSize) else {
            throw .invalidConfiguration(
                key: "page_size",
                message: "must be 1…\(maxPage) for API \(settings.apiVersion), not \(settings.pageSize)")
        }
        if settings.apiVersion == .v1, format.entity.v1ItemsKey == nil {
            throw .invalidConfiguration(
                key: "api_version",
                message: "PennyLane v1 has no \(format.entity.rawValue) listing; use api_version = 2")
        }
        guard settings.url(format.entity.resource) != nil else {
            throw .invalidConfiguration(key: "base_url", message: "'\(settings.baseURL)' does not take an API path")
        }
        if let filter = settings.filter, PennyLaneFilter.conditions(filter) == nil {
            throw .invalidConfiguration(
                key: "filter", message: "expected a JSON array of {\"field\", \"operator\", \"value\"} objects")
        }
        self.format = format
        self.settings = settings
        self.sourceID = sourceID
        self.batchRows = batchRows
        self.tableDefaults = tableDefaults
        self.connection = connection
    }

    public func open(_ request: ExtractRequest) throws -> any CheckpointedReader {
        let credential = try APICredential.fromEnvironment(
            settings.tokenVariable, environment: connection.environment)
        let limit: RateLimiter =
            settings.apiVersion == .v2
            ? .pennyLaneV2 : format.entity.resource == "customer_invoices" ? .pennyLaneV1CustomerInvoices : .pennyLaneV1
        let client = APIClient(
            transport: connection.transport, credential: credential,
            configuration: .init(retry: connection.retry, rateLimit: limit, timeoutSecs: settings.timeoutSecs),
            clock: connection.clock)
        return PennyLaneAPIReader(
            format: format, settings: settings, client: client, request: request, sourceID: sourceID,
            batchRows: batchRows)
    }
}
