import Foundation
import TributaryFormats

/// Reads one of CUR 2.0's map columns (`product`, `resource_tags`) from its CSV cell.
///
/// How AWS serialises a map in CSV is not documented (billing-exports.md §10): exports seen in the wild carry a
/// JSON object (`{"user:team":"search"}`), while Athena and Hive print `{user:team=search, env=prod}`. Both are
/// read: a cell that parses as a JSON object is one, anything else in braces is read as `key=value` pairs split at
/// commas (a piece without `=` belongs to the previous value, which had a comma in it). Keys and values are kept
/// as written, in order; JSON nulls and empty values are dropped, as legacy CUR leaves an unused tag's cell empty.
enum CURMapCell {
    static func parse(_ text: String?, field: String) throws(ModelRowError) -> [(key: String, value: String)] {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return [] }
        guard text.hasPrefix("{"), text.hasSuffix("}") else {
            throw ModelRowError(field: field, reason: "'\(text)' is not a map (a JSON object or {key=value, …})")
        }
        if let json = try? JSONParser.parse(text), let object = json.objectValue {
            var pairs: [(key: String, value: String)] = []
            for (key, value) in object.members {
                switch value {
                case .string(let s) where !s.isEmpty: pairs.append((key, s))
                case .number(let n): pairs.append((key, n))
                case .bool(let b): pairs.append((key, b ? "true" : "false"))
                case .null, .string: continue
                default:
                    throw ModelRowError(field: field, reason: "key '\(key)' has \(value.kindDescription), not text")
                }
            }
            return pairs
        }
        return try hiveMap(String(text.dropFirst().dropLast()), field: field)
    }

    /// `user:team=search, env=prod` → `[("user:team", "search"), ("env", "prod")]`.
    private static func hiveMap(_ body: String, field: String) throws(ModelRowError) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        for piece in body.split(separator: ",", omittingEmptySubsequences: false) {
            if let eq = piece.firstIndex(of: "=") {
                let key = piece[..<eq].trimmingCharacters(in: .whitespaces)
                guard !key.isEmpty else { throw ModelRowError(field: field, reason: "a map entry has no key") }
                pairs.append((key, piece[piece.index(after: eq)...].trimmingCharacters(in: .whitespaces)))
            } else if let last = pairs.popLast() {
                pairs.append((last.key, last.value + "," + piece))
            } else if case let stray = piece.trimmingCharacters(in: .whitespaces), !stray.isEmpty {
                throw ModelRowError(field: field, reason: "'\(stray)' is not a key=value map entry")
            }
        }
        return pairs.filter { !$0.value.isEmpty }
    }
}
