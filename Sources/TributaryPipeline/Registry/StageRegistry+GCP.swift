import TributaryCore
import TributaryExtractors

/// Google Cloud's billing export.
extension SourceKind {
    /// `gcp_billing`: keys `paths` (required), `batch_rows`, `raw`, `format` (`"auto"`, `"csv"`, `"jsonl"`).
    static let gcpBilling = providerFiles(
        type: "gcp_billing",
        summary: "Google Cloud billing export as BigQuery extracts it (JSON Lines, or flattened CSV), into spend",
        example: """
            [source]
            type = "gcp_billing"
            paths = ["exports/gcp/*.json.gz", "exports/gcp/*.csv"]
            """,
        source: { _, _ in
            ProviderFileSource(
                make: { o throws(ExtractorError) in
                    try GCPBillingExtractor.make(
                        sourceID: o.sourceID, paths: o.paths, baseDirectory: o.baseDirectory, batchRows: o.batchRows,
                        shape: o.shape)
                },
                nativeColumns: GCPBillingCSVFormat.columns, nativeMoney: GCPBillingCSVFormat.moneyColumns)
        })
}
