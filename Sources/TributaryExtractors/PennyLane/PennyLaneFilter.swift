import TributaryFormats

/// PennyLane's `filter` parameter: a JSON array of `{"field", "operator", "value"}` objects, all ANDed (notes
/// A.2, A.3), values as strings.
///
/// The user's filter and the conditions a run adds (a backfill window's dates) are joined into one array, since
/// the API takes one `filter`; the cursor encodes only the position, so the same text goes with every page.
enum PennyLaneFilter {
    /// The conditions of `text`, or nil when it is not such an array.
    static func conditions(_ text: String) -> [JSONValue]? {
        guard let value = try? JSONParser.parse(text), let items = value.arrayValue,
            items.allSatisfy({ $0["field"]?.stringValue != nil && $0["operator"]?.stringValue != nil })
        else { return nil }
        return items
    }

    /// One condition: `{"field":"date","operator":"gteq","value":"2025-01-01"}`.
    static func condition(_ field: String, _ op: String, _ value: String) -> JSONValue {
        .object(JSONObject([("field", .string(field)), ("operator", .string(op)), ("value", .string(value))]))
    }

    /// The `filter` to send: the user's conditions and `extra`; nil when there are none.
    static func joined(_ userFilter: String?, _ extra: [JSONValue]) -> String? {
        let all = (userFilter.flatMap(conditions) ?? []) + extra
        return all.isEmpty ? nil : JSONValue.array(all).compactText
    }
}
