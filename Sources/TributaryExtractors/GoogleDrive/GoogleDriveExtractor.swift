import Foundation
import TributaryCore

/// The `gdrive` source pulling live from the Drive v3 API: `files.list` and `changes.list` into `drive_files`, or
/// the change feed into `drive_changes`, resuming from the feed's page token.
///
/// The checkpoint is `.cursor(token)`: the `newStartPageToken` of the feed's last page (or, after a first listing,
/// the start token taken *before* the listing, so that no change made while listing is missed), saved by the
/// runner only once everything read has committed (notes, C.16). Reading from an older token is always safe: both
/// tables collapse what is read twice.
///
///     let drive = try GoogleDriveExtractor(resource: .files, configuration: .init(sourceID: "gdrive-files"))
///     var reader = try drive.open(ExtractRequest(checkpoint: saved))
///     while let event = try await reader.next() { … }
///     let next = reader.checkpoint   // .cursor("48219")
public struct GoogleDriveExtractor: CheckpointedExtractor, ModelExtractor {
    public let resource: GoogleDriveResource
    public let configuration: Configuration

    public init(resource: GoogleDriveResource, configuration: Configuration) throws(ExtractorError) {
        try configuration.check()
        self.resource = resource
        self.configuration = configuration
    }

    public var outputSchema: Schema {
        switch resource {
        case .files: DriveFileRow.schema
        case .changes: DriveChangeRow.schema
        }
    }

    public var moneyColumns: [String] { [] }
    public var tableDefaults: TableDefaults? { resource.tableDefaults }

    /// Reads the token from the environment and opens the pull; nothing is requested until the first `next()`.
    public func open(_ request: ExtractRequest) throws -> any CheckpointedReader {
        guard request.window == nil else { throw GoogleDriveError.backfillUnsupported }
        let resume: String?
        switch request.checkpoint {
        case nil: resume = nil
        case .cursor(let token)?: resume = token
        case .watermark?: throw GoogleDriveError.checkpointNotAPageToken(sourceID: configuration.sourceID)
        }
        let credential: APICredential
        do {
            credential = try APICredential.fromEnvironment(
                configuration.tokenVariable, environment: configuration.environment)
        } catch {
            throw GoogleDriveError.missingToken(variable: configuration.tokenVariable)
        }
        let client = APIClient(
            transport: configuration.transport, credential: credential, configuration: configuration.client,
            clock: configuration.clock)
        let requests = GoogleDriveRequests(configuration: configuration)
        switch resource {
        case .files:
            return GoogleDriveLiveReader(format: DriveFilesFormat(), client: client, requests: requests, resume: resume)
        case .changes:
            return GoogleDriveLiveReader(
                format: DriveChangesFormat(), client: client, requests: requests, resume: resume)
        }
    }
}
