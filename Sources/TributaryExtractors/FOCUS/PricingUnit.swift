import TributaryCore

/// A provider's unit as `spend` spells it (FOCUS's unit format: `Hours`, `GB-Months`, `1000 Tokens`), and how many
/// tokens one unit is when the unit counts tokens.
///
/// Token usage is billed per thousand or per million tokens, and the divisor varies by meter even within one
/// provider and region (billing-exports.md §3.4, §5.5): an amount is never a raw token count. `consumed_quantity`
/// therefore holds tokens (amount × multiplier, unit `Tokens`), while `pricing_quantity` keeps the amount in the
/// unit it was priced in. Units this table does not know are kept as written.
struct PricingUnit: Sendable, Equatable {
    /// The unit in FOCUS spelling.
    var focusName: String
    /// Tokens per unit, when the unit counts tokens.
    var tokens: Int64?

    /// `unit` as written by AWS (`Hrs`, `GB-Mo`, `1K tokens`) or Azure (`1 Hour`, `1 GB/Month`, `1K`, `1M`);
    /// `countsTokens` says a bare `1K`/`1M` counts tokens (an Azure OpenAI meter), not requests. Nil for no unit.
    init?(_ unit: String?, countsTokens: Bool = false) {
        guard let unit, !unit.isEmpty else { return nil }
        let key = unit.lowercased()
        if let tokens = Self.tokenUnits[key] ?? (countsTokens ? Self.bareMultiples[key] : nil) {
            self.init(focusName: tokens == 1 ? "Tokens" : "\(tokens) Tokens", tokens: tokens)
        } else {
            self.init(focusName: Self.spellings[key] ?? unit, tokens: nil)
        }
    }

    init(focusName: String, tokens: Int64?) {
        self.focusName = focusName
        self.tokens = tokens
    }

    /// The consumed quantity and unit for `amount` of this unit: tokens for a token unit, else as priced.
    func consumed(_ amount: ExactDecimal?) -> (quantity: ExactDecimal?, unit: String) {
        guard let tokens, let amount else { return (amount, focusName) }
        return (amount.multiplying(ExactDecimal(tokens), maxResultScale: Lineage.moneyScale), "Tokens")
    }

    private static let tokenUnits: [String: Int64] = [
        "tokens": 1, "1k tokens": 1000, "1m tokens": 1_000_000, "1000 tokens": 1000, "1000000 tokens": 1_000_000,
    ]
    private static let bareMultiples: [String: Int64] = ["1k": 1000, "1m": 1_000_000, "1": 1]
    private static let spellings: [String: String] = [
        "hrs": "Hours", "hours": "Hours", "hour": "Hours", "1 hour": "Hours", "10 hours": "10 Hours",
        "100 hours": "100 Hours", "gb-mo": "GB-Months", "gb-month": "GB-Months", "1 gb/month": "GB-Months",
        "gb-hours": "GB-Hours", "gb": "GB", "1 gb": "GB", "requests": "Requests",
        "1/month": "Months", "1 /month": "Months",
    ]
}
