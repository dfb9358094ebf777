import TributaryCore
import TributaryFormats

/// A PennyLane v2 bank transaction (`GET /transactions`, notes A.3) as a row of `bank_transactions`.
///
/// `currency_amount` is in the account's currency, `amount` in euros; both are kept with their sign as sent,
/// since the notes do not confirm how debits are signed. Category labels are kept, their weights are not.
enum PennyLaneTransactionMapping {
    static func transaction(_ f: JSONFields, version: PennyLaneAPIVersion) throws(ModelRowError)
        -> BankTransactionRow
    {
        let currency = try FieldParser.currency(try f.requiredString("currency"), field: f.fieldName("currency"))
        var categories: [String] = []
        for (i, v) in try f.array("categories").enumerated() {
            let category = JSONFields(v, at: f.path.appending(key: "categories").appending(index: i))
            if let label = try category.text("label") { categories.append(label) }
        }
        var journal = try f.text("journal_id")
        if journal == nil { journal = try f.referenceID("journal") }
        return BankTransactionRow(
            id: try f.id("id"), account: try f.referenceID("bank_account"), date: try f.requiredDate("date"),
            label: try f.text("label"), amount: try f.requiredDecimal("currency_amount"), currency: currency,
            amountEUR: try f.requiredDecimal("amount"), fee: try f.decimal("currency_fee"),
            feeEUR: try f.decimal("fee"),
            outstandingBalance: try f.decimal("outstanding_balance"),
            journalID: journal, categories: categories,
            createdAt: try f.optionalTimestamp("created_at"), updatedAt: try f.timestamp("updated_at"),
            archivedAt: try f.optionalTimestamp("archived_at"), apiVersion: version.rawValue)
    }
}
