import TributaryCore

/// The per-period ratio a ratio detector judges: value × `per` / denominator (cost per 1K tokens, cached share), or
/// the value itself when the series has no denominators (an offline series of ratios).
enum RatioValues {
    /// Ratios at `scale` decimals, rounded half to even; nil where the denominator is zero or the point is missing.
    static func of(_ series: Series, per: ExactDecimal, scale: Int, includeOneOff: Bool) -> [ExactDecimal?] {
        series.values.indices.map { i -> ExactDecimal? in
            if series.flags(at: i).contains(.missing) { return nil }
            let v = series.judgedValue(at: i, includeOneOff: includeOneOff)
            guard !series.denominators.isEmpty else { return v }
            let d = series.denominators[i]
            guard !d.isZero, let scaled = v.multiplying(per, maxResultScale: ExactDecimal.maxScale) else { return nil }
            return scaled.dividing(by: d, resultScale: scale)
        }
    }

    /// Σ (actual − expected) × denominator / `per` over the event's points: what a changed ratio did to the
    /// numerator (money for a unit cost, tokens for a cache share). Nil without denominators.
    static func impact(
        of e: ScanEvent, ratios: [ExactDecimal?], expected: [ExactDecimal?], series: Series, per: ExactDecimal
    ) -> (impact: ExactDecimal, quantity: ExactDecimal)? {
        guard !series.denominators.isEmpty else { return nil }
        var total = ExactDecimal.zero
        var quantity = ExactDecimal.zero
        for i in e.onset...e.lastSeen {
            guard let r = ratios[i], let x = expected[i] else { continue }
            let d = series.denominators[i]
            quantity = quantity.adding(d) ?? quantity
            guard let diff = r.subtracting(x), let moved = diff.multiplying(d, maxResultScale: 12),
                let part = moved.dividing(by: per, resultScale: 12)
            else { continue }
            total = total.adding(part) ?? total
        }
        return (total, quantity)
    }
}
