import Foundation
import TributaryCore

extension MappedRecord where Row == SpendRow {
    /// A cost record with one amount, which is its billed, effective and list cost alike (the admin cost reports
    /// know no discounts): the amount and the currency are read first, so that a record refused after them still
    /// carries its money into the run's books, as read and in its currency as written.
    ///
    ///     let amount = f.nested("amount")
    ///     return .cost(
    ///         amount: { () throws(ModelRowError) in try amount.requiredDecimal("value") },
    ///         amountField: amount.fieldPath("value"), currency: json["amount"]?["currency"]?.stringValue,
    ///         currencyField: amount.fieldPath("currency")) { amount, currency throws(ModelRowError) in … }
    static func cost(
        amount readAmount: () throws(ModelRowError) -> ExactDecimal, amountField: String, currency text: String?,
        currencyField: String, build: (ExactDecimal, String) throws(ModelRowError) -> SpendRow
    ) -> MappedRecord<SpendRow> {
        let amount: ExactDecimal
        let units: Int128
        do {
            amount = try readAmount()
            units = try SpendRow.units(amount, field: amountField)
        } catch {
            return .reject(field: error.field, reason: error.reason)
        }
        let money = SpendRow.moneyColumns.map { _ in units }
        let currency: String
        do {
            currency = try FieldParser.currency(text, field: currencyField)
        } catch {
            return .reject(
                field: error.field, reason: error.reason, money: money,
                currency: (text ?? "").trimmingCharacters(in: .whitespaces).uppercased())
        }
        do {
            return .rows([try build(amount, currency)])
        } catch {
            return .reject(field: error.field, reason: error.reason, money: money, currency: currency)
        }
    }
}
