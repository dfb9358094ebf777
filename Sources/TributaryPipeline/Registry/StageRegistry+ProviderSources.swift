import Foundation
import TributaryCore
import TributaryExtractors

/// The provider sources: each reads one provider's exports into one of Tributary's tables, so that a pipeline
/// for a provider is a source and a sink (`[sink] type = "clickhouse"` and a URL; the table, its key, partitions
/// and strategy come from the model).
///
/// Keys every provider file source takes: `paths` (required: globs of the export files), `batch_rows`, and
/// `raw` (default false): true loads the format's native columns instead (as text, the money columns as exact
/// decimals, a column the file lacks as NULL), named in snake_case (`lineItem/UnblendedCost` →
/// `line_item_unblended_cost`), with a `[sink]` of your own.
extension SourceKind {
    /// A provider CSV source: `makeFormat` reads the format's own keys (nil after reporting a problem).
    static func providerCSV<Format: ProviderCSVFormat>(
        type: String, summary: String, example: String, nativeColumns: [String], nativeMoney: [String],
        tableDefaults: TableDefaults,
        makeFormat: @escaping @Sendable (ConfigReader) -> Format?,
        listFiles: (@Sendable ([String], String) throws -> [InputFile])? = nil
    ) -> SourceKind {
        SourceKind(
            type: type, summary: summary, example: example,
            make: { r, context in
                let paths = r.stringList("paths", required: true)
                let batchRows = r.int("batch_rows", range: 1...1_000_000) ?? 16384
                let raw = r.bool("raw") ?? false
                let format = makeFormat(r)
                guard let paths, let format else { return nil }
                do throws(ExtractorError) {
                    if raw {
                        return try CSVExtractor(
                            .init(
                                sourceID: context.id, paths: paths, baseDirectory: context.settings.directory,
                                columns: nativeColumnSpecs(nativeColumns, money: nativeMoney), batchRows: batchRows))
                    }
                    if let listFiles {
                        return try ProviderCSVExtractor(
                            format: format, sourceID: context.id, paths: paths,
                            baseDirectory: context.settings.directory, batchRows: batchRows,
                            tableDefaults: tableDefaults, listFiles: listFiles)
                    }
                    return try ProviderCSVExtractor(
                        format: format, sourceID: context.id, paths: paths, baseDirectory: context.settings.directory,
                        batchRows: batchRows, tableDefaults: tableDefaults)
                } catch {
                    report(error, r)
                    return nil
                }
            })
    }

    /// The native columns as optional text columns, the money ones as exact decimals.
    static func nativeColumnSpecs(_ names: [String], money: [String]) -> [ColumnSpec] {
        var seen: Set<String> = []
        return names.compactMap { native in
            let name = snakeCase(native)
            guard seen.insert(name).inserted else { return nil }
            let isMoney = money.contains(native)
            return ColumnSpec(
                name: name, type: isMoney ? .money : .string, source: native, money: isMoney, optional: true)
        }
    }

    /// `BilledCost` → `billed_cost`, `lineItem/UnblendedCost` → `line_item_unblended_cost`,
    /// `resourceTags/user:team` → `resource_tags_user_team`: a ClickHouse identifier for a native column.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        var previous: Character?
        for c in name {
            if c.isLetter || c.isNumber {
                if c.isUppercase, let p = previous, p.isLowercase || p.isNumber { out.append("_") }
                out.append(contentsOf: c.lowercased())
            } else if out.last != "_" && !out.isEmpty {
                out.append("_")
            }
            previous = c
        }
        while out.hasSuffix("_") { out.removeLast() }
        if let first = out.first, first.isNumber { out = "_" + out }
        return out.isEmpty ? "_" : out
    }

    fileprivate static func report(_ error: ExtractorError, _ r: ConfigReader) {
        guard case .invalidConfiguration(let key, let message) = error else {
            r.issue("type", error.description)
            return
        }
        IssueLocator.report(key: key, message: message, in: r, keyMap: [:])
    }

    static let focus = providerCSV(
        type: "focus",
        summary: "FinOps FOCUS 1.0–1.2 cost and usage CSV from any provider, into spend",
        example: """
            [source]
            type = "focus"
            paths = ["exports/focus/*.csv.gz"]
            """,
        nativeColumns: FOCUSFormat.columns, nativeMoney: FOCUSFormat.moneyColumns,
        tableDefaults: SpendRow.tableDefaults, makeFormat: { _ in FOCUSFormat() })
}
