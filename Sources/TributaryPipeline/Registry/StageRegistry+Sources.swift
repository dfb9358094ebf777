import Foundation
import TributaryCore
import TributaryExtractors

extension SourceKind {
    static let csv = SourceKind(
        type: "csv",
        summary: "RFC 4180 CSV files (globs, .gz, BOM, CRLF, any one-byte delimiter) with a declared schema",
        example: """
            [source]
            type = "csv"
            paths = ["exports/*.csv", "exports/*.csv.gz"]
            delimiter = ","
            columns = [
                { name = "day", type = "date", nullable = false },
                { name = "cost", source = "Cost (USD)", type = "decimal(38,12)", money = true },
            ]
            """,
        make: { r, context in
            let paths = r.stringList("paths", required: true)
            let columns = readColumns(r)
            let delimiter = r.string("delimiter") ?? ","
            let header = r.bool("header") ?? true
            let batchRows = r.int("batch_rows", range: 1...1_000_000) ?? 16384
            let nullValues = r.stringList("null_values") ?? [""]
            let maxRecord = r.int("max_record_bytes", range: 1024...(1 << 30)) ?? 64 << 20
            guard let paths, let columns else { return nil }
            let configuration = CSVExtractor.Configuration(
                sourceID: context.id, paths: paths, baseDirectory: context.settings.directory, delimiter: delimiter,
                header: header, columns: columns, batchRows: batchRows, nullValues: nullValues,
                maxRecordBytes: maxRecord)
            do throws(ExtractorError) {
                return try CSVExtractor(configuration)
            } catch {
                report(error, r)
                return nil
            }
        })

    static let jsonl = SourceKind(
        type: "jsonl",
        summary: "JSON Lines files (globs, .gz); columns picked by key path, numbers kept exact",
        example: """
            [source]
            type = "jsonl"
            paths = ["logs/*.jsonl"]
            columns = [
                { name = "request_id", type = "string", nullable = false },
                { name = "input_tokens", source = "usage.prompt_tokens", type = "int64" },
                { name = "spend", type = "decimal(38,12)", money = true },
            ]
            """,
        make: { r, context in
            let paths = r.stringList("paths", required: true)
            let columns = readColumns(r)
            let batchRows = r.int("batch_rows", range: 1...1_000_000) ?? 16384
            let maxLine = r.int("max_line_bytes", range: 1024...(1 << 30)) ?? 64 << 20
            guard let paths, let columns else { return nil }
            let configuration = JSONLinesExtractor.Configuration(
                sourceID: context.id, paths: paths, baseDirectory: context.settings.directory, columns: columns,
                batchRows: batchRows, maxLineBytes: maxLine)
            do throws(ExtractorError) {
                return try JSONLinesExtractor(configuration)
            } catch {
                report(error, r)
                return nil
            }
        })

    /// A configuration problem the extractor found, placed at its key in the file.
    fileprivate static func report(_ error: ExtractorError, _ r: ConfigReader) {
        guard case .invalidConfiguration(let key, let message) = error else {
            r.issue("type", error.description)
            return
        }
        IssueLocator.report(key: key, message: message, in: r, keyMap: [:])
    }

    /// `columns = [{ name, type, nullable, source, format, money }, …]`, every entry checked.
    fileprivate static func readColumns(_ r: ConfigReader) -> [ColumnSpec]? {
        guard let entries = r.tables("columns", required: true) else { return nil }
        if entries.isEmpty { r.issue("columns", "declare at least one column") }
        var specs: [ColumnSpec] = []
        var names: Set<String> = []
        var ok = true
        for c in entries {
            let name = c.string("name", required: true)
            let typeText = c.string("type", required: true)
            let nullable = c.bool("nullable") ?? true
            let source = c.string("source")
            let format = c.string("format")
            let money = c.bool("money") ?? false
            c.reportUnknownKeys()
            guard let name, let typeText else {
                ok = false
                continue
            }
            guard let type = DataType(parsing: typeText) else {
                c.issue(
                    "type", "unknown type '\(typeText)' (types: \(DataType.spellings.joined(separator: ", ")))",
                    at: c.valueLocation(of: "type"))
                ok = false
                continue
            }
            if money, case .decimal = type {
            } else if money {
                c.issue("money", "a money column must be a decimal, not \(type)", at: c.valueLocation(of: "money"))
                ok = false
            }
            if !names.insert(name).inserted {
                c.issue("name", "column '\(name)' is declared twice", at: c.valueLocation(of: "name"))
                ok = false
            }
            specs.append(
                ColumnSpec(name: name, type: type, nullable: nullable, source: source, format: format, money: money))
        }
        return ok ? specs : nil
    }
}
