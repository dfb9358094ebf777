import TributaryCore

/// One row of one of Tributary's tables (`spend`, `llm_usage`), as a provider's format maps it: typed Swift
/// values that `ModelBatchBuilder` turns into columns.
///
/// A format builds the whole row first and appends it only when every value is good, so that a bad row becomes
/// one reject with its reason and never half a row.
public protocol ModelRow: Sendable {
    /// The table's columns, without the lineage columns the runner adds.
    static var schema: Schema { get }
    /// The money columns, in `Lineage.money` order.
    static var moneyColumns: [String] { get }
    /// Appends this row's value to each column builder, in `schema` order.
    func append(to columns: inout [ColumnBuilder]) throws(ModelRowError)
    /// The row's amounts, in `moneyColumns` order, at `Lineage.moneyScale` (0 for NULL).
    var moneyUnits: [Int128] { get }
    /// The ISO 4217 code of the row's money.
    var currency: String { get }
}

/// Why a mapped row cannot be stored: it becomes a reject naming the field.
public struct ModelRowError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

extension ModelRow {
    /// `value` at the money scale, or a `ModelRowError` naming `field` when it has more decimals than the table
    /// keeps (never rounded) or does not fit.
    public static func units(_ value: ExactDecimal, field: String) throws(ModelRowError) -> Int128 {
        guard let scaled = value.rescaledExactly(to: Lineage.moneyScale) else {
            throw ModelRowError(
                field: field,
                reason: "\(value) has more than \(Lineage.moneyScale) decimals or does not fit Decimal(38, 12)")
        }
        return scaled.units
    }
}

extension ColumnBuilder {
    /// Appends `value` or NULL.
    mutating func append(_ value: String?) {
        if let value { appendString(value) } else { appendNull() }
    }

    mutating func append(decimal value: ExactDecimal?, field: String) throws(ModelRowError) {
        guard let value else { return appendNull() }
        appendDecimalUnits(try SpendRow.units(value, field: field))
    }

    mutating func append(_ value: UInt64?) {
        if let value { appendUInt64(value) } else { appendNull() }
    }
}
