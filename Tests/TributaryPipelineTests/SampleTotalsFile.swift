import Foundation
import Testing

/// `SampleData/expected/totals.csv`, the totals the sample generators computed while writing the files
/// (scripts/sampledata/generate.py), independently of Tributary, and what a table holds, in one form to compare:
/// one line `provider month rows amount` per provider and month, months as `YYYYMM`, amounts without trailing
/// zeros (servers print decimals with different ones).
enum SampleTotalsFile {
    /// The expected lines of `table` for `providers`, sorted.
    static func lines(table: String, providers: Set<String>) throws -> [String] {
        let url = packageRoot.appendingPathComponent("SampleData/expected/totals.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        var out: [String] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, f[0] == table, providers.contains(f[1]) else { continue }
            out.append(
                [f[1], f[2].replacingOccurrences(of: "-", with: ""), f[4], trimmed(f[5])].joined(separator: " "))
        }
        return out.sorted()
    }

    /// The lines a query returning `provider, YYYYMM, rows, toString(amount)` as TSV gives, sorted.
    static func landed(_ sql: String) async throws -> [String] {
        let text = try await TestClickHouse.query(sql + " FORMAT TSV")
        return text.split(separator: "\n").map { line in
            var f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if let last = f.last { f[f.count - 1] = trimmed(last) }
            return f.joined(separator: " ")
        }.sorted()
    }

    /// `12.500000` → `12.5`, `3.000` → `3`.
    static func trimmed(_ amount: String) -> String {
        guard amount.contains(".") else { return amount }
        var s = Substring(amount)
        while s.hasSuffix("0") { s = s.dropLast() }
        if s.hasSuffix(".") { s = s.dropLast() }
        return String(s)
    }
}
