import TributaryCore

/// Model prices, in USD per token, exact: what the `price` transform estimates the cost of usage with.
///
/// A catalog is read from a file (our CSV, or LiteLLM's `model_prices_and_context_window.json`) and named by a
/// version stamped on every row it prices (`x_price_version`), since prices change and a computed cost is only
/// as good as the prices it used (lesson L20).
public struct PriceCatalog: Sendable, Equatable {
    /// One model's prices per token; nil where the catalog has none.
    public struct ModelPrice: Sendable, Equatable {
        public var input: ExactDecimal
        public var output: ExactDecimal
        public var cachedInput: ExactDecimal?
        public var cacheWrite: ExactDecimal?
        public var batchInput: ExactDecimal?
        public var batchOutput: ExactDecimal?

        public init(
            input: ExactDecimal, output: ExactDecimal, cachedInput: ExactDecimal? = nil,
            cacheWrite: ExactDecimal? = nil, batchInput: ExactDecimal? = nil, batchOutput: ExactDecimal? = nil
        ) {
            self.input = input
            self.output = output
            self.cachedInput = cachedInput
            self.cacheWrite = cacheWrite
            self.batchInput = batchInput
            self.batchOutput = batchOutput
        }
    }

    /// What `x_price_version` says: the file and a hash of its content, or the version the pipeline names.
    public var version: String
    /// By model id as the catalog writes it (`gpt-4.1`, `anthropic/claude-…`), lower-cased.
    public var models: [String: ModelPrice]

    public init(version: String, models: [String: ModelPrice]) {
        self.version = version
        self.models = Dictionary(models.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// The prices of `model` as a provider names it: the id itself, then with the provider's prefix
    /// (`openai/gpt-4.1`), then without a trailing date (`claude-sonnet-4-20250514` → `claude-sonnet-4`,
    /// `gpt-4.1-2025-04-14` → `gpt-4.1`), then without a `provider/` prefix the id carries itself.
    public func price(model: String, provider: String?) -> ModelPrice? {
        let id = model.lowercased()
        var candidates = [id]
        if let provider { candidates.append("\(provider.lowercased())/\(id)") }
        let undated = Self.withoutDate(id)
        if undated != id {
            candidates.append(undated)
            if let provider { candidates.append("\(provider.lowercased())/\(undated)") }
        }
        if let slash = id.firstIndex(of: "/") { candidates.append(String(id[id.index(after: slash)...])) }
        for c in candidates { if let p = models[c] { return p } }
        return nil
    }

    /// `name-2025-04-14` and `name-20250514` lose their date; anything else is unchanged.
    static func withoutDate(_ id: String) -> String {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        func isDigits(_ s: String, _ n: Int) -> Bool { s.count == n && s.allSatisfy(\.isNumber) }
        if parts.count > 3, isDigits(parts[parts.count - 3], 4), isDigits(parts[parts.count - 2], 2),
            isDigits(parts[parts.count - 1], 2)
        {
            return parts.dropLast(3).joined(separator: "-")
        }
        if parts.count > 1, let last = parts.last, isDigits(last, 8), last.hasPrefix("20") {
            return parts.dropLast().joined(separator: "-")
        }
        return id
    }
}
