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
    static let bareDimensions: Set<String> = ["provider", "service", "model", "source", "vendor"]

    /// `openai · gpt-4.1 · project web-search`, or `total` for a series without dimensions.
    public var description: String {
        guard !parts.isEmpty else { return "total" }
        return parts.map { part in
            let name = part.name.replacingUnderscores()
            return Self.bareDimensions.contains(part.name) ? part.value : "\(name) \(part.value)"
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
