import TributaryCore
import TributaryExtractors

/// The `aws_cur` source: AWS Cost and Usage Reports (legacy CUR and CUR 2.0) into `spend`.
///
/// Keys: the provider file source's (`paths`, `batch_rows`, `raw`), where a `paths` entry may be a delivery
/// folder (its newest manifests' files are read), a manifest, or data files (`CURDelivery`); and `version`
/// (`"auto"`, the default, tells each file's version by its header; `"legacy"` or `"2.0"` refuse a file of the
/// other version, and pick the native column names `raw = true` loads, CUR 2.0's unless `"legacy"`).
extension SourceKind {
    static let awsCUR = SourceKind(
        type: "aws_cur",
        summary: "AWS Cost and Usage Reports, legacy CUR and CUR 2.0 (CSV, .gz; a delivery folder by its newest "
            + "manifests), into spend",
        example: """
            [source]
            type = "aws_cur"
            paths = ["exports/kestrel-cur2"]   # a delivery folder, a *-Manifest.json, or data files
            time_column = "billing_period_start"
            restate_window = "2 months"        # AWS re-delivers the current and previous month
            """,
        make: { r, context in
            var version: AWSCURVersion? = .auto
            if let text = r.string("version") {
                version = AWSCURVersion(rawValue: text)
                if version == nil {
                    let known = AWSCURVersion.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                    r.issue("version", "expected one of \(known), not '\(text)'", at: r.valueLocation(of: "version"))
                }
            }
            let chosen = version
            let kind = providerCSV(
                type: "aws_cur", summary: "", example: "", nativeColumns: AWSCURFormat.nativeColumns(chosen ?? .auto),
                nativeMoney: AWSCURFormat.nativeMoney(chosen ?? .auto), tableDefaults: SpendRow.tableDefaults,
                makeFormat: { _ in chosen.map { AWSCURFormat(version: $0) } },
                listFiles: { patterns, base in try CURDelivery.listFiles(patterns, baseDirectory: base) })
            guard let made = kind.make(r, context) else { return nil }
            // `raw = true` must read the files the manifests list too, not the folder's glob matches.
            if let csv = made as? CSVExtractor {
                return ListedFilesExtractor(
                    csv, paths: csv.configuration.paths, baseDirectory: csv.configuration.baseDirectory,
                    listFiles: { patterns, base in try CURDelivery.listFiles(patterns, baseDirectory: base) })
            }
            return made
        })
}
