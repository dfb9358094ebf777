import Foundation
import TributaryCore
import TributaryExtractors

/// The `pennylane` source: the books of a PennyLane company (invoices, credit notes, their lines, customers,
/// suppliers, bank lines) into `invoices`, `invoice_lines`, `counterparties` and `bank_transactions`.
///
/// Keys:
/// - `entity` (string, required): `customer_invoices`, `supplier_invoices`, `invoice_lines`,
///   `supplier_invoice_lines`, `customers`, `suppliers` or `transactions`; one pipeline per entity.
/// - `paths` (string or strings): saved API responses (files, globs, or folders of `.json` files). Without it
///   the source reads the live API:
/// - `api_version` (integer, default 2): 2 pages by cursor and follows changelogs; 1 pages by number, lists
///   everything on every run, and has no `transactions`.
/// - `base_url` (string, default `https://app.pennylane.com`); `token_env` (string, default
///   `PENNYLANE_API_TOKEN`): the variable holding the bearer token, read when the run starts.
/// - `page_size` (integer, default 100), `filter` (string: a PennyLane filter, a JSON array), `lookback_secs`
///   (integer, default 3600: how far before the last committed change a changelog read starts), `timeout_secs`
///   (number, default 60).
/// - `batch_rows` (integer, default 16384).
extension SourceKind {
    static let pennylane = SourceKind(
        type: "pennylane",
        summary: "PennyLane invoices, credit notes, lines, customers, suppliers and bank lines (v1/v2 API or saved "
            + "pages; v2 changelogs for increments and deletions)",
        example: """
            [source]
            type = "pennylane"
            entity = "customer_invoices"
            paths = ["pennylane/customer_invoices"]
            # live instead: remove paths; token in PENNYLANE_API_TOKEN
            # api_version = 2
            """,
        make: { r, context in
            let entityName = r.string("entity", required: true)
            let paths = r.stringList("paths")
            let batchRows = r.int("batch_rows", range: 1...1_000_000) ?? 16384
            let live = readLive(r, pipeline: context.settings.file, saved: paths != nil)
            guard let entityName else { return nil }
            guard let entity = PennyLaneEntity(rawValue: entityName) else {
                var message = "unknown entity '\(entityName)' (known: \(PennyLaneEntity.names))"
                if let near = NearestName.suggestion(for: entityName, among: PennyLaneEntity.allCases.map(\.rawValue)) {
                    message = "unknown entity '\(entityName)'; did you mean '\(near)'?"
                }
                r.issue("entity", message, at: r.valueLocation(of: "entity"))
                return nil
            }
            let input: PennyLaneInput
            if let paths {
                input = .saved(paths: paths, baseDirectory: context.settings.directory)
            } else if let live {
                input = .live(live)
            } else {
                return nil
            }
            do throws(ExtractorError) {
                return try PennyLaneSource.extractor(
                    entity: entity, input: input, sourceID: context.id, batchRows: batchRows)
            } catch {
                if case .invalidConfiguration(let key, let message) = error {
                    r.issue(key, message, at: r.node(key) == nil ? nil : r.valueLocation(of: key))
                } else {
                    r.issue("entity", error.description)
                }
                return nil
            }
        })

    /// The live keys; with `paths` they mean nothing, and saying so beats ignoring them.
    fileprivate static func readLive(_ r: ConfigReader, pipeline: String, saved: Bool) -> PennyLaneLiveSettings? {
        let liveKeys = ["api_version", "base_url", "token_env", "page_size", "filter", "lookback_secs", "timeout_secs"]
        if saved {
            for key in liveKeys where r.node(key) != nil {
                r.issue(key, "'\(key)' is for live reads, and `paths` reads saved responses: remove one of them")
            }
            return nil
        }
        var ok = true
        var version = PennyLaneAPIVersion.v2
        if let v = r.int("api_version") {
            if v == 1 {
                version = .v1
            } else if v != 2 {
                r.issue("api_version", "expected 1 or 2, not \(v)", at: r.valueLocation(of: "api_version"))
                ok = false
            }
        }
        let text = r.string("base_url") ?? PennyLaneLiveSettings.defaultBaseURLText
        let url = URL(string: text).flatMap { $0.scheme == "http" || $0.scheme == "https" ? $0 : nil }
        if url == nil {
            r.issue("base_url", "'\(text)' is not an http(s) URL", at: r.valueLocation(of: "base_url"))
        }
        let token = r.string("token_env") ?? PennyLaneLiveSettings.defaultTokenVariable
        let pageSize = r.int("page_size", range: 1...1000) ?? 100
        let filter = r.string("filter")
        let lookback = r.int("lookback_secs", range: 0...(28 * 86400)) ?? 3600
        let timeout = r.number("timeout_secs") ?? 60
        guard ok, let url else { return nil }
        return PennyLaneLiveSettings(
            apiVersion: version, baseURL: url, tokenVariable: token, pageSize: pageSize, filter: filter,
            lookbackSeconds: Int64(lookback), timeoutSecs: timeout, pipeline: pipeline)
    }
}
