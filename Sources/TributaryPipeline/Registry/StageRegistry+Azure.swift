import TributaryCore
import TributaryExtractors

/// The `azure_cost` source: Azure Cost Management cost details exports (EA and MCA) into `spend`.
///
/// Keys: the provider file source's (`paths`, `batch_rows`, `raw`), and `agreement` (`"auto"`, the default,
/// tells each file's agreement by its header; `"ea"` or `"mca"` refuse a file of the other, and pick the native
/// column names `raw = true` loads, EA's unless `"mca"`).
extension SourceKind {
    static let azureCost = SourceKind(
        type: "azure_cost",
        summary: "Azure cost details exports, EA (2024-08-01) and MCA (2023-12-01-preview) CSV or .gz, into spend",
        example: """
            [source]
            type = "azure_cost"
            paths = ["exports/azure/**/*.csv", "exports/azure/**/*.csv.gz"]
            time_column = "billing_period_start"
            restate_window = "2 months"        # Azure re-exports the previous month in its first days
            """,
        make: { r, context in
            var agreement: AzureAgreement? = .auto
            if let text = r.string("agreement") {
                agreement = AzureAgreement(rawValue: text)
                if agreement == nil {
                    let known = AzureAgreement.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                    r.issue(
                        "agreement", "expected one of \(known), not '\(text)'", at: r.valueLocation(of: "agreement"))
                }
            }
            let chosen = agreement
            let kind = providerCSV(
                type: "azure_cost", summary: "", example: "",
                nativeColumns: AzureCostFormat.nativeColumns(chosen ?? .auto),
                nativeMoney: AzureCostFormat.nativeMoney(chosen ?? .auto), tableDefaults: SpendRow.tableDefaults,
                makeFormat: { _ in chosen.map { AzureCostFormat(agreement: $0) } })
            return kind.make(r, context)
        })
}
