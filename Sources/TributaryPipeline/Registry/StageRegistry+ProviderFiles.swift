import Foundation
import TributaryCore
import TributaryExtractors

/// What a provider source whose files come as CSV or JSON Lines builds from its keys: the model extractor, and
/// the native columns `raw = true` loads instead (nil when the keys do not fix them; the maker said why).
struct ProviderFileSource: Sendable {
    /// The common keys, read.
    struct FileOptions: Sendable {
        var sourceID: String
        var paths: [String]
        var baseDirectory: String
        var batchRows: Int
        var shape: FileShape?
    }

    var make: @Sendable (_ files: FileOptions) throws(ExtractorError) -> CSVOrJSONLinesExtractor
    var nativeColumns: [String]?
    var nativeMoney: [String] = []
}

extension SourceKind {
    /// A provider source reading CSV and JSON Lines files (`CSVOrJSONLinesExtractor`), with the keys every
    /// provider file source takes (`paths`, `batch_rows`, `raw`; see `providerCSV`) and `format`: `"auto"` (the
    /// default: each file's content decides), `"csv"` or `"jsonl"`. With `raw = true` the native columns are
    /// read by name from a CSV header and by key path (`service.description`) from a JSON line, nested values
    /// kept as JSON text, so that both forms give the same columns.
    static func providerFiles(
        type: String, summary: String, example: String,
        source: @escaping @Sendable (ConfigReader, _ raw: Bool) -> ProviderFileSource?
    ) -> SourceKind {
        SourceKind(
            type: type, summary: summary, example: example,
            make: { r, context in
                let paths = r.stringList("paths", required: true)
                let batchRows = r.int("batch_rows", range: 1...1_000_000) ?? 16384
                let raw = r.bool("raw") ?? false
                let shape = choice(r, "format", ["csv": FileShape.csv, "jsonl": .jsonLines])
                let made = source(r, raw)
                guard let paths, let shape, let made else { return nil }
                let base = context.settings.directory
                do throws(ExtractorError) {
                    guard raw else {
                        return try made.make(
                            .init(
                                sourceID: context.id, paths: paths, baseDirectory: base, batchRows: batchRows,
                                shape: shape))
                    }
                    guard let native = made.nativeColumns else { return nil }
                    let columns = nativeColumnSpecs(native, money: made.nativeMoney)
                    let csv = try CSVExtractor(
                        .init(
                            sourceID: context.id, paths: paths, baseDirectory: base, columns: columns,
                            batchRows: batchRows))
                    let jsonLines = try JSONLinesExtractor(
                        .init(
                            sourceID: context.id, paths: paths, baseDirectory: base, columns: columns,
                            batchRows: batchRows))
                    return try CSVOrJSONLinesExtractor(
                        csv: csv, jsonLines: jsonLines, shape: shape, tableDefaults: nil)
                } catch {
                    reportProblem(error, r)
                    return nil
                }
            })
    }

    /// A value of a key that must be one of `choices` (`"auto"` for nil); reports anything else and returns nil.
    static func choice<T>(_ r: ConfigReader, _ key: String, _ choices: [String: T]) -> T?? {
        guard let text = r.string(key), text != "auto" else { return .some(nil) }
        if let value = choices[text] { return .some(value) }
        let known = ["auto"] + choices.keys.sorted()
        var message = "expected \(known.map { "\"\($0)\"" }.joined(separator: ", ")), not '\(text)'"
        if let near = NearestName.suggestion(for: text, among: known) { message += "; did you mean '\(near)'?" }
        r.issue(key, message, at: r.valueLocation(of: key))
        return nil
    }

    fileprivate static func reportProblem(_ error: ExtractorError, _ r: ConfigReader) {
        guard case .invalidConfiguration(let key, let message) = error else {
            r.issue("type", error.description)
            return
        }
        IssueLocator.report(key: key, message: message, in: r, keyMap: [:])
    }
}
