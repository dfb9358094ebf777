/// The dimension values that name one series: `provider = openai, model = gpt-4.1`, in the order the pipeline
/// lists its dimensions, so that the same series always renders, hashes and sorts the same way.
public struct SeriesKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// One dimension and its value.
    public struct Part: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var parts: [Part]

    public init(_ parts: [Part] = []) { self.parts = parts }

    /// A key from `(name, value)` pairs, in order.
    public init(_ pairs: KeyValuePairs<String, String>) {
        self.parts = pairs.map { Part($0.key, $0.value) }
    }

    /// The whole of a series without dimensions.
    public static let total = SeriesKey()

    public var isTotal: Bool { parts.isEmpty }

    /// The value of dimension `name`, if the key has it.
    public subscript(_ name: String) -> String? { parts.first { $0.name == name }?.value }

    /// The key restricted to `names`, in this key's order: the parent of a series at a coarser level.
    public func restricted(to names: [String]) -> SeriesKey {
        SeriesKey(parts.filter { names.contains($0.name) })
    }

    /// Whether every part of `other` is also a part of this key (this series rolls up into `other`).
    public func belongs(to other: SeriesKey) -> Bool {
        other.parts.allSatisfy { part in parts.contains(part) }
    }

    /// Dimensions whose values read on their own (`openai`, `gpt-4.1`); the others are named (`project web-search`),
    /// since a bare project or account id says nothing.
    static let bareDimensions: Set<String> = [
        "provider", "service", "model", "source", "vendor", "x_model", "service_name", "billing_currency", "currency",
        "x_source",
    ]

    /// What the data model's id columns are called in a sentence.
    static let displayNames: [String: String] = [
        "sub_account_id": "sub-account", "sub_account_name": "sub-account", "billing_account_id": "account",
        "billing_account_name": "account", "api_key_id": "API key", "user_id": "user", "service_category": "category",
        "region_id": "region", "resource_id": "resource", "sku_id": "SKU",
    ]

    /// How a dimension is called in a sentence: `sub_account_id` is a sub-account, `x_model` a model.
    public static func label(_ name: String) -> String {
        if name == "x_model" { return "model" }
        return displayNames[name] ?? name.replacingUnderscores()
    }

    /// `openai · gpt-4.1 · sub-account web-search`, or `total` for a series without dimensions; an empty value
    /// (a NULL dimension) reads `(none)`.
    public var description: String {
        guard !parts.isEmpty else { return "total" }
        return parts.map { part in
            let value = part.value.isEmpty ? "(none)" : part.value
            if Self.bareDimensions.contains(part.name) { return value }
            return "\(Self.label(part.name)) \(value)"
        }.joined(separator: " · ")
    }

    public static func < (a: SeriesKey, b: SeriesKey) -> Bool {
        for (x, y) in zip(a.parts, b.parts) {
            if x.name != y.name { return x.name < y.name }
            if x.value != y.value { return x.value < y.value }
        }
        return a.parts.count < b.parts.count
    }
}

extension String {
    /// `api_key` reads as `api key` in sentences.
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
