import TributaryCore

/// Appends for the optional values the finance and document rows carry (a draft invoice has no date, a bank
/// line no archive time), so that each row's `append(to:)` reads as one line per column.
extension ColumnBuilder {
    /// A `Date` (days since 1970-01-01) or NULL.
    mutating func appendNullable(date days: Int32?) {
        if let days { appendDate(days) } else { appendNull() }
    }

    /// A `DateTime` (epoch seconds, UTC) or NULL.
    mutating func appendNullable(dateTime seconds: Int64?) {
        if let seconds { appendDateTime(seconds) } else { appendNull() }
    }

    /// Decimal units already checked at the column's scale, or NULL.
    mutating func appendNullable(units: Int128?) {
        if let units { appendDecimalUnits(units) } else { appendNull() }
    }
}
