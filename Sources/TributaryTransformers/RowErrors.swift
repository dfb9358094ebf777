import TributaryCore

/// Rows that failed while evaluating, each with the first reason found.
///
/// Failures are rare (a division by zero, an unparseable date), so a dictionary costs nothing on the common
/// path, where it stays empty.
struct RowErrors: Sendable {
    private(set) var reasons: [Int: String] = [:]

    var isEmpty: Bool { reasons.isEmpty }
    var count: Int { reasons.count }

    func contains(_ row: Int) -> Bool { reasons[row] != nil }

    /// Keeps the first reason per row: the error the evaluation met first is the one the user sees.
    mutating func record(_ row: Int, _ reason: String) {
        if reasons[row] == nil { reasons[row] = reason }
    }

    /// Takes over another evaluation's errors for the rows where its result was actually used (a branch of `if`,
    /// the right side of `AND` …), so that `if(qty = 0, 0, cost / qty)` rejects nothing.
    mutating func absorb(_ other: RowErrors, where keep: (Int) -> Bool) {
        for (row, reason) in other.reasons where keep(row) { record(row, reason) }
    }

    /// Rows in ascending order.
    var rows: [Int] { reasons.keys.sorted() }

    func issues(field: String?) -> [RowIssue] {
        rows.map { RowIssue(row: $0, field: field, reason: reasons[$0] ?? "") }
    }
}
