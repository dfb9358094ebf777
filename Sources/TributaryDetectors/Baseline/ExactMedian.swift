import TributaryCore

/// The exact median of decimals: the middle value, or the mean of the two middle values (one more decimal, so no
/// rounding). For reported numbers; the hot paths use `SortedWindow` on scaled integers instead.
enum ExactMedian {
    static func of(_ values: [ExactDecimal]) -> ExactDecimal? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let n = sorted.count
        if n % 2 == 1 { return sorted[n / 2] }
        guard let sum = sorted[n / 2 - 1].adding(sorted[n / 2]) else { return sorted[n / 2] }
        return sum.dividing(by: ExactDecimal(2), resultScale: min(ExactDecimal.maxScale, sum.scale + 1))
    }
}
