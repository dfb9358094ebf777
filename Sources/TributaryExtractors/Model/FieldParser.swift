import Foundation
import TributaryCore
import TributaryFormats

/// Reads one provider field into a typed value, or fails with a `ModelRowError` that names the field as the
/// input does and says what was wrong with it: the reason a reject carries.
///
/// Every format maps through these, so that "not a number" reads the same whichever provider wrote it.
public enum FieldParser {
    /// An exact decimal (plain or E-notation, as FOCUS allows); nil for a missing or empty field.
    public static func decimal(_ text: String?, field: String) throws(ModelRowError) -> ExactDecimal? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let value = ExactDecimal(text) else {
            throw ModelRowError(field: field, reason: "'\(text)' is not a decimal number")
        }
        return value
    }

    /// A decimal the format requires.
    public static func requiredDecimal(_ text: String?, field: String) throws(ModelRowError) -> ExactDecimal {
        guard let value = try decimal(text, field: field) else {
            throw ModelRowError(field: field, reason: "missing value")
        }
        return value
    }

    /// A whole non-negative count (tokens, requests); "1.0" is accepted, "1.5" and "-1" are not.
    public static func count(_ text: String?, field: String) throws(ModelRowError) -> UInt64? {
        guard let value = try decimal(text, field: field) else { return nil }
        guard value.units >= 0, let whole = value.rescaledExactly(to: 0), let n = UInt64(exactly: whole.units) else {
            throw ModelRowError(field: field, reason: "'\(value)' is not a whole non-negative count")
        }
        return n
    }

    /// An instant: ISO 8601 / RFC 3339 (`2025-03-04T00:00:00Z`, offsets, `2025-03-04 00:00:00` as UTC), or a
    /// date alone (midnight UTC).
    public static func timestamp(_ text: String?, field: String) throws(ModelRowError) -> Int64 {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw ModelRowError(field: field, reason: "missing value")
        }
        switch CivilTime.parseTimestamp(text) {
        case .success(let seconds): return seconds
        case .failure(.outOfRange): throw ModelRowError(field: field, reason: "'\(text)' is not a real date")
        case .failure: throw ModelRowError(field: field, reason: "'\(text)' is not an ISO 8601 date or time")
        }
    }

    /// An instant written by `format` (`%m/%d/%Y` for Azure's US dates).
    public static func timestamp(_ text: String?, format: DateTimeFormat, field: String) throws(ModelRowError)
        -> Int64
    {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw ModelRowError(field: field, reason: "missing value")
        }
        switch format.parse(text) {
        case .success(let seconds): return seconds
        case .failure: throw ModelRowError(field: field, reason: "'\(text)' does not match \(format.pattern)")
        }
    }

    /// Epoch seconds as a JSON number or numeric text (`1735689600`).
    public static func epochSeconds(_ text: String?, field: String) throws(ModelRowError) -> Int64 {
        guard let text, let n = Int64(text.trimmingCharacters(in: .whitespaces)) else {
            throw ModelRowError(field: field, reason: "'\(text ?? "")' is not a Unix time in seconds")
        }
        return n
    }

    /// Days since 1970-01-01 of the instant `seconds` (UTC).
    public static func day(of seconds: Int64) -> Int64 { seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400 }

    /// The first day of the month of the instant `seconds`, as a `Date` column stores it.
    public static func monthStart(of seconds: Int64) -> Int32 {
        let c = CivilTime.civil(days: day(of: seconds))
        return Int32(CivilTime.days(year: c.year, month: c.month, day: 1))
    }

    /// The first day of the invoice month `YYYYMM` (GCP `invoice.month`) or `YYYY-MM`.
    public static func invoiceMonth(_ text: String?, field: String) throws(ModelRowError) -> Int32 {
        let digits = (text ?? "").filter(\.isNumber)
        guard digits.count == 6, let year = Int64(digits.prefix(4)), let month = Int64(digits.suffix(2)),
            (1...12).contains(month)
        else {
            throw ModelRowError(field: field, reason: "'\(text ?? "")' is not a month (YYYYMM)")
        }
        return Int32(CivilTime.days(year: year, month: month, day: 1))
    }

    /// An ISO 4217 currency, upper-cased.
    public static func currency(_ text: String?, field: String) throws(ModelRowError) -> String {
        guard let text, !text.isEmpty else { throw ModelRowError(field: field, reason: "missing value") }
        guard let code = CurrencyCode.normalized(text) else {
            throw ModelRowError(field: field, reason: "unknown currency '\(text)' (not an ISO 4217 code)")
        }
        return code
    }

    /// A JSON object of tags (`{"team": "search", "env": "prod"}`, FOCUS and Azure): keys in the order written,
    /// values as text (numbers exact, booleans `true`/`false`, null dropped). Empty text is no tags.
    public static func tags(json text: String?, field: String) throws(ModelRowError) -> [(key: String, value: String)] {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return [] }
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(text.utf8))
        } catch {
            throw ModelRowError(field: field, reason: "not a JSON object of tags: \(error.message)")
        }
        guard let object = value.objectValue else {
            throw ModelRowError(field: field, reason: "expected a JSON object of tags, found \(value.kindDescription)")
        }
        var out: [(key: String, value: String)] = []
        for (key, v) in object.members {
            switch v {
            case .string(let s): out.append((key, s))
            case .number(let n): out.append((key, n))
            case .bool(let b): out.append((key, b ? "true" : "false"))
            case .null: continue
            default:
                throw ModelRowError(field: field, reason: "tag '\(key)' has a \(v.kindDescription) value, not text")
            }
        }
        return out
    }
}
