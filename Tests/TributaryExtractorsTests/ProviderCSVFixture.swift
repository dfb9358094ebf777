import Testing
import TributaryCore

@testable import TributaryExtractors

/// Inline files read by a provider CSV source (`aws_cur`, `azure_cost`), and helpers to look at the rows.
enum ProviderCSVFixture {
    static func read<Format: ProviderCSVFormat>(
        _ format: Format, _ files: [String: String], paths: [String] = ["export.csv"],
        listFiles: @escaping @Sendable ([String], String) throws -> [InputFile] = { patterns, base in
            try FileGlob.expand(patterns, baseDirectory: base)
        }
    ) async throws -> Extraction {
        let dir = try TemporaryDirectory()
        for (name, text) in files { try dir.write(name, text) }
        let extractor = try ProviderCSVExtractor(
            format: format, sourceID: "src", paths: paths, baseDirectory: dir.path,
            tableDefaults: SpendRow.tableDefaults, listFiles: listFiles)
        return try await extract(extractor)
    }

    /// Row `i` of all batches by column name.
    static func row(_ e: Extraction, _ i: Int) -> [String: Value] {
        var offset = i
        for batch in e.batches {
            if offset < batch.count { return Dictionary(uniqueKeysWithValues: batch.rowDescription(offset)) }
            offset -= batch.count
        }
        return [:]
    }

    static func day(_ y: Int64, _ m: Int64, _ d: Int64) -> Value {
        .date(Int32(CivilTime.days(year: y, month: m, day: d)))
    }

    static func time(_ text: String) -> Value {
        guard case .success(let s) = CivilTime.parseTimestamp(text) else { return .null }
        return .dateTime(s)
    }

    static func decimal(_ text: String) -> Value { ExactDecimal(text).map(Value.decimal) ?? .null }
}
