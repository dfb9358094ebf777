import TributaryCore

/// A detector's settings as text, `key → value`: what `--option key=value` gives on the command line and what the
/// pipeline compiler gives from a `[[detect]]` table (numbers as their text, booleans as `true`/`false`, tables of
/// budgets as `budget[provider=openai]` keys).
///
/// Each `Configuration.init(options:)` reads the keys it knows through an `OptionReader` and refuses the rest, so
/// that a misspelt threshold is an error instead of a silently ignored default.
public struct DetectorOptions: Sendable, Equatable {
    public var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }

    /// Parses `key=value` words; the key ends at the first `=` outside brackets, so `budget[provider=openai]=500` works.
    public init(words: [String]) throws(DetectorOptionError) {
        var values: [String: String] = [:]
        for word in words {
            var depth = 0
            var split: String.Index?
            for i in word.indices {
                let c = word[i]
                if c == "[" {
                    depth += 1
                } else if c == "]" {
                    depth -= 1
                } else if c == "=", depth == 0 {
                    split = i
                    break
                }
            }
            guard let split, split > word.startIndex else { throw .malformed(word) }
            let key = word[..<split].trimmingSpaces
            let value = word[word.index(after: split)...].trimmingSpaces
            values[key] = value
        }
        self.values = values
    }
}

/// Reads typed settings out of `DetectorOptions` for one detector, remembering which keys were read.
public struct OptionReader {
    public let detector: String
    private let options: DetectorOptions
    private var known: [String] = []

    public init(_ options: DetectorOptions, detector: String) {
        self.options = options
        self.detector = detector
    }

    private mutating func text(_ key: String) -> String? {
        known.append(key)
        return options.values[key]
    }

    public mutating func int(_ key: String, minimum: Int = 0) throws(DetectorOptionError) -> Int? {
        guard let t = text(key) else { return nil }
        if t == "auto" { return nil }
        guard let v = Int(t), v >= minimum else {
            throw .badValue(detector: detector, key: key, value: t, expected: "a whole number ≥ \(minimum) or auto")
        }
        return v
    }

    /// A whole number or `auto` (nil) into `target`, which keeps its default when the key is absent.
    public mutating func autoInt(_ key: String, minimum: Int = 0, into target: inout Int?) throws(DetectorOptionError) {
        guard options.values[key] != nil else {
            known.append(key)
            return
        }
        target = try int(key, minimum: minimum)
    }

    public mutating func double(_ key: String) throws(DetectorOptionError) -> Double? {
        guard let t = text(key) else { return nil }
        guard let v = Double(t), v.isFinite, v > 0 else {
            throw .badValue(detector: detector, key: key, value: t, expected: "a positive number")
        }
        return v
    }

    public mutating func decimal(_ key: String) throws(DetectorOptionError) -> ExactDecimal? {
        guard let t = text(key) else { return nil }
        guard let v = ExactDecimal(t), v.units >= 0 else {
            throw .badValue(detector: detector, key: key, value: t, expected: "a decimal number ≥ 0")
        }
        return v
    }

    public mutating func bool(_ key: String) throws(DetectorOptionError) -> Bool? {
        guard let t = text(key) else { return nil }
        switch t {
        case "true": return true
        case "false": return false
        default: throw .badValue(detector: detector, key: key, value: t, expected: "true or false")
        }
    }

    public mutating func string(_ key: String) -> String? { text(key) }

    /// A value that must be one of `choices`.
    public mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type)
        throws(DetectorOptionError) -> T? where T.RawValue == String
    {
        guard let t = text(key) else { return nil }
        guard let v = T(rawValue: t) else {
            let list = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw .badValue(detector: detector, key: key, value: t, expected: "one of \(list)")
        }
        return v
    }

    /// The keys present that start with `prefix` (for `budget[…]` tables), marked as read.
    public mutating func keys(withPrefix prefix: String) -> [String] {
        let found = options.values.keys.filter { $0.hasPrefix(prefix) }.sorted()
        known.append(contentsOf: found)
        known.append(prefix + "…]")
        return found
    }

    public func value(_ key: String) -> String? { options.values[key] }

    /// Refuses any key that was not read, listing the known ones.
    public func finish() throws(DetectorOptionError) {
        let read = Set(known)
        if let unknown = options.values.keys.sorted().first(where: { !read.contains($0) }) {
            throw .unknownKey(detector: detector, key: unknown, known: Array(Set(known)).sorted())
        }
    }
}

extension Substring {
    var trimmingSpaces: String {
        var s = self[...]
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
