import TributaryCore

/// The `gcp_billing` source: the Google Cloud standard (or detailed) usage cost export as BigQuery extracts it,
/// JSON Lines (`NEWLINE_DELIMITED_JSON`, gzip or not) or CSV from a flattening query, into `spend`. Each file is
/// read as its content says unless `shape` fixes it; both forms map the same way (`GCPBillingFormat`).
///
/// The table's defaults are `spend`'s: replaced per source and billing month. The export never updates a row:
/// re-extracting an invoice month (the current one and the one before, as Google back-fills and corrects) and
/// replacing its partition keeps every correction exactly once.
public enum GCPBillingExtractor {
    public static func make(
        sourceID: String, paths: [String], baseDirectory: String, batchRows: Int = 16384, shape: FileShape? = nil
    ) throws(ExtractorError) -> CSVOrJSONLinesExtractor {
        let csv = try ProviderCSVExtractor(
            format: GCPBillingCSVFormat(), sourceID: sourceID, paths: paths, baseDirectory: baseDirectory,
            batchRows: batchRows, tableDefaults: SpendRow.tableDefaults)
        let jsonLines = try ProviderJSONLinesExtractor(
            format: GCPBillingFormat(), sourceID: sourceID, paths: paths, baseDirectory: baseDirectory,
            batchRows: batchRows, tableDefaults: SpendRow.tableDefaults)
        return try CSVOrJSONLinesExtractor(
            csv: csv, jsonLines: jsonLines, shape: shape, tableDefaults: SpendRow.tableDefaults)
    }
}
