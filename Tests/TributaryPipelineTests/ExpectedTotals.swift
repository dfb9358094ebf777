import Foundation
import Testing
import TributaryCore

/// `SampleData/expected/totals.csv`: what each provider's sample must load, per table, month and currency, as the
/// sample generator computed it while writing the files (independently of Tributary).
struct ExpectedTotals: Equatable, CustomStringConvertible {
    struct Line: Equatable, CustomStringConvertible {
        var month: String
        var rows: Int
        var amount: ExactDecimal
        var description: String { "\(month) \(rows) \(amount)" }
    }

    var lines: [Line]
    var description: String { lines.map(\.description).joined(separator: "; ") }

    /// The lines of `table` and `provider`, by month.
    static func load(table: String, provider: String) throws -> ExpectedTotals {
        let url = packageRoot.appendingPathComponent("SampleData/expected/totals.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines: [Line] = []
        for record in text.split(separator: "\n").dropFirst() {
            let f = record.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, f[0] == table, f[1] == provider else { continue }
            let rows = try #require(Int(f[4]))
            let amount = try #require(ExactDecimal(f[5]))
            lines.append(Line(month: f[2], rows: rows, amount: amount))
        }
        return ExpectedTotals(lines: lines.sorted { $0.month < $1.month })
    }

    /// What landed: `query` must select `month (YYYY-MM), count, amount` as TSV.
    static func landed(_ query: String) async throws -> ExpectedTotals {
        let text = try await TestClickHouse.query(query)
        var lines: [Line] = []
        for record in text.split(separator: "\n") {
            let f = record.split(separator: "\t").map(String.init)
            guard f.count == 3, let rows = Int(f[1]), let amount = ExactDecimal(f[2]) else {
                Issue.record("unexpected line '\(record)' from ClickHouse")
                continue
            }
            lines.append(Line(month: f[0], rows: rows, amount: amount))
        }
        return ExpectedTotals(lines: lines)
    }

    /// `spend` of `provider` per billing month, rows and billed cost.
    static func spend(_ database: String, provider: String) async throws -> ExpectedTotals {
        try await landed(
            """
            SELECT formatDateTime(billing_period_start, '%Y-%m') AS m, count(), toString(sum(billed_cost))
            FROM \(database).spend WHERE provider = '\(provider)' GROUP BY m ORDER BY m FORMAT TSV
            """)
    }

    /// `llm_usage` of `provider` per month as a reader sees it (FINAL: the table collapses re-read buckets by row
    /// id), rows and total tokens.
    static func usage(_ database: String, provider: String) async throws -> ExpectedTotals {
        try await landed(
            """
            SELECT formatDateTime(period_start, '%Y-%m') AS m, count(),
                   toString(sum(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens))
            FROM \(database).llm_usage FINAL WHERE provider = '\(provider)' GROUP BY m ORDER BY m FORMAT TSV
            """)
    }
}
