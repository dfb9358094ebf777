import Foundation
import TributaryCore

/// Rows and billed cost of one provider, billing month and currency in `spend`.
struct SampleSpendTotal: Equatable, CustomStringConvertible {
    var provider: String
    /// `YYYY-MM`.
    var month: String
    var currency: String
    var rows: Int
    var amount: ExactDecimal

    var description: String { "\(provider) \(month) \(currency): \(rows) rows, \(amount)" }
}

/// The totals a provider's sample must load (SampleData/expected/totals.csv, computed by the sample generators
/// independently of Tributary), and the totals a `spend` table holds.
enum SampleSpendTotals {
    static func expected(provider: String) throws -> [SampleSpendTotal] {
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent("SampleData/expected/totals.csv"), encoding: .utf8)
        return try text.split(separator: "\n").dropFirst().compactMap { line -> SampleSpendTotal? in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, f[0] == "spend", f[1] == provider else { return nil }
            guard let rows = Int(f[4]), let amount = ExactDecimal(f[5]) else {
                throw TestSetupError("totals.csv: bad line '\(line)'")
            }
            return SampleSpendTotal(provider: f[1], month: f[2], currency: f[3], rows: rows, amount: amount)
        }
    }

    /// Per provider, billing month and currency, sorted, from `database.spend` (optionally one source's rows).
    static func loaded(database: String, source: String? = nil) async throws -> [SampleSpendTotal] {
        let filter = source.map { " WHERE x_source = '\($0)'" } ?? ""
        let text = try await TestClickHouse.query(
            """
            SELECT provider, toYYYYMM(billing_period_start) AS m, billing_currency, count(), toString(sum(billed_cost))
            FROM \(database).spend\(filter) GROUP BY provider, m, billing_currency
            ORDER BY provider, m, billing_currency FORMAT TSV
            """)
        return try text.split(separator: "\n").map { line in
            let f = line.split(separator: "\t").map(String.init)
            guard f.count == 5, f[1].count == 6, let rows = Int(f[3]), let amount = ExactDecimal(f[4]) else {
                throw TestSetupError("unexpected totals line '\(line)'")
            }
            return SampleSpendTotal(
                provider: f[0], month: "\(f[1].prefix(4))-\(f[1].suffix(2))", currency: f[2], rows: rows,
                amount: amount)
        }
    }

    /// A copy of `from` (a file or folder of the package) at `to`, creating the folders on the way.
    static func copy(_ from: String, to: URL) throws {
        try FileManager.default.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(from), to: to)
    }
}
