import TributaryCore
import TributaryFormats

/// Reads of PennyLane's value shapes: ids that are integers in v2 and strings in v1, references written
/// `{id, url}`, `YYYY-MM-DD` dates that may be null, booleans some examples write as text.
///
/// Failures are `ModelRowError`s whose field is the member's JSON path, like every `JSONFields` read.
extension JSONFields {
    /// An id, number or string, as text; `missing value` when absent, null or empty.
    func id(_ key: String) throws(ModelRowError) -> String {
        try requiredString(key)
    }

    /// The id of a reference (`customer: {id, url}`); a bare id is accepted too. Nil when absent or null.
    func referenceID(_ key: String) throws(ModelRowError) -> String? {
        guard let v = member(key) else { return nil }
        switch v {
        case .object:
            return try JSONFields(v, at: path.appending(key: key)).string("id")
        case .number(let n), .string(let n):
            return n.isEmpty ? nil : n
        default:
            throw ModelRowError(
                field: fieldName(key), reason: "expected a reference {id, url}, found \(v.kindDescription)")
        }
    }

    /// A text member, nil when absent, null or empty: PennyLane writes `""` and `null` alike for "none".
    func text(_ key: String) throws(ModelRowError) -> String? {
        guard let s = try string(key), !s.isEmpty else { return nil }
        return s
    }

    /// The first of `keys` with a text value: a field the two API generations name differently.
    func firstText(_ keys: String...) throws(ModelRowError) -> String? {
        for key in keys { if let t = try text(key) { return t } }
        return nil
    }

    /// The first of `keys` with a decimal value.
    func firstDecimal(_ keys: [String]) throws(ModelRowError) -> ExactDecimal? {
        for key in keys { if let d = try decimal(key) { return d } }
        return nil
    }

    /// A calendar date (`2024-03-04`; a date-time is cut to its UTC day), as days since 1970-01-01.
    func date(_ key: String) throws(ModelRowError) -> Int32? {
        guard let text = try text(key) else { return nil }
        let seconds = try FieldParser.timestamp(text, field: fieldName(key))
        return Int32(clamping: FieldParser.day(of: seconds))
    }

    func requiredDate(_ key: String) throws(ModelRowError) -> Int32 {
        guard let day = try date(key) else { throw ModelRowError(field: fieldName(key), reason: "missing value") }
        return day
    }

    /// An instant, nil when absent or null.
    func optionalTimestamp(_ key: String) throws(ModelRowError) -> Int64? {
        guard member(key) != nil else { return nil }
        return try timestamp(key)
    }

    /// A boolean; `"true"` and `"false"` are accepted too (filters write booleans as text). Nil when absent.
    func flag(_ key: String) throws(ModelRowError) -> Bool? {
        guard let v = member(key) else { return nil }
        switch v {
        case .bool(let b): return b
        case .string("true"): return true
        case .string("false"): return false
        default: throw ModelRowError(field: fieldName(key), reason: "expected true or false, found \(v.compactText)")
        }
    }

    /// An array of strings (`emails`), empty when absent; other elements are refused.
    func strings(_ key: String) throws(ModelRowError) -> [String] {
        try array(key).enumerated().map { (i, v) throws(ModelRowError) in
            guard let s = v.stringValue else {
                throw ModelRowError(
                    field: path.appending(key: key).appending(index: i).description,
                    reason: "expected a string, found \(v.kindDescription)")
            }
            return s
        }
    }

    /// The object member `key` as fields of their own (`billing_address`), nil when absent or null.
    func object(_ key: String) throws(ModelRowError) -> JSONFields? {
        guard let v = member(key) else { return nil }
        guard case .object = v else {
            throw ModelRowError(field: fieldName(key), reason: "expected an object, found \(v.kindDescription)")
        }
        return JSONFields(v, at: path.appending(key: key))
    }
}
