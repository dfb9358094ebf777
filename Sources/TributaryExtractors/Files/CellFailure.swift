import TributaryCore

/// Why a cell did not decode. Plain data on the hot path; the sentence is written only for a reject.
enum CellFailure: Sendable, Equatable {
    case missing
    /// 0-based offset of the first bad byte in the cell.
    case invalidUTF8(at: Int)
    case notInteger
    case integerOutOfRange
    case notDecimal
    case tooManyDecimals(found: Int)
    case decimalOutOfRange
    case notFloat
    case notBool
    case notDate
    case notDateTime
    case invalidDate
    case notStringArray

    /// The reject reason for `cell` in a column of `type` (with `format` for dates).
    func reason(cell: UnsafeRawBufferPointer, type: DataType, format: String?) -> String {
        let text = Self.quoted(cell)
        switch self {
        case .missing:
            return "missing value"
        case .invalidUTF8(let offset):
            return "invalid UTF-8 at byte \(offset + 1)"
        case .notInteger:
            return "\(text) is not an integer"
        case .integerOutOfRange:
            return "\(text) is out of range for \(type)"
        case .notDecimal:
            return "\(text) is not a decimal"
        case .tooManyDecimals(let found):
            guard case .decimal(_, let scale) = type else { return "\(text) has too many decimals" }
            return "\(text) has \(found) decimals; \(type) keeps \(scale), and money is never rounded"
        case .decimalOutOfRange:
            return "\(text) does not fit \(type)"
        case .notFloat:
            return "\(text) is not a number"
        case .notBool:
            return "\(text) is not a boolean (true/false, 1/0, yes/no)"
        case .notDate:
            return "\(text) is not a date (expected \(format ?? "YYYY-MM-DD"))"
        case .notDateTime:
            return "\(text) is not a timestamp (expected \(format ?? "ISO 8601, such as 2025-03-04T05:06:07Z"))"
        case .invalidDate:
            return "\(text) is not a valid date or time"
        case .notStringArray:
            return "\(text) is not a JSON array of strings"
        }
    }

    /// `'text'`, shortened past 80 characters, invalid UTF-8 replaced.
    static func quoted(_ cell: UnsafeRawBufferPointer) -> String {
        let text = String(decoding: cell, as: UTF8.self)
        return text.count > 80 ? "'\(text.prefix(80))…'" : "'\(text)'"
    }
}
