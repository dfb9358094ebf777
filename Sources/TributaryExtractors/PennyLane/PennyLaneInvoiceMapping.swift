import TributaryCore
import TributaryFormats

/// A PennyLane customer or supplier invoice (v1 or v2) as a row of `invoices` (notes A.2, A.3).
///
/// Strict where the notes confirm a field (ids, `currency`, the amounts, `updated_at`, the negative sign of
/// credit notes), lenient where they do not (status values, v1's field set, nullable dates): an unknown status
/// is kept as it is, a missing optional field is NULL.
///
/// Money: `currency_amount*` and `currency_tax` are the document's currency; `amount` and `tax` are euros.
/// Revenue before tax in euros is `amount - tax`. v1 has no euro VAT: it is `currency_tax` for a euro invoice,
/// zero when there is no VAT, and unknown (NULL) otherwise, since the exchange rate's direction is unconfirmed
/// and dividing would round.
enum PennyLaneInvoiceMapping {
    static func invoice(_ f: JSONFields, kind: String, version: PennyLaneAPIVersion) throws(ModelRowError)
        -> InvoiceRow
    {
        let id = try invoiceID(f, version: version)
        let currency = try FieldParser.currency(try f.requiredString("currency"), field: f.fieldName("currency"))
        let amountEUR = try f.requiredDecimal("amount")
        let amount = try f.requiredDecimal("currency_amount")
        let beforeTax = try f.requiredDecimal("currency_amount_before_tax")
        let tax = try f.requiredDecimal("currency_tax")
        let taxEUR: ExactDecimal? =
            switch version {
            case .v2: try f.requiredDecimal("tax")
            case .v1: try f.decimal("tax") ?? (currency == "EUR" || tax.isZero ? tax : nil)
            }
        let beforeTaxEUR = try taxEUR.map { t throws(ModelRowError) in try difference(amountEUR, t, f) }
        guard let rate = try f.decimal("exchange_rate") ?? (currency == "EUR" ? ExactDecimal(1) : nil) else {
            throw ModelRowError(field: f.fieldName("exchange_rate"), reason: "missing value for a \(currency) invoice")
        }
        let status = kind == "supplier" ? try f.firstText("payment_status", "status") : try f.text("status")
        let creditedID = try f.referenceID("credited_invoice")
        let statedCreditNote = status == "credit_note" || creditedID != nil
        if statedCreditNote, amount.units > 0 {
            throw ModelRowError(
                field: f.fieldName("currency_amount"),
                reason: "\(amount) on a credit note; PennyLane writes credit notes with negative amounts, so a "
                    + "positive one would count as revenue")
        }
        let remaining = try f.decimal(version == .v2 ? "remaining_amount_with_tax" : "remaining_amount")
        let counterparty = try self.counterparty(f, kind: kind, version: version)
        return InvoiceRow(
            kind: kind, id: id, invoiceNumber: try f.text("invoice_number"), label: try f.text("label"),
            date: try f.date("date"), deadline: try f.date("deadline"), status: status,
            paid: try paid(f, remaining: remaining, status: status),
            draft: try f.flag(version == .v2 ? "draft" : "is_draft") ?? (status == "draft"),
            creditNote: statedCreditNote || amount.units < 0, currency: currency, amount: amount,
            amountBeforeTax: beforeTax, tax: tax, amountEUR: amountEUR, taxEUR: taxEUR,
            amountBeforeTaxEUR: beforeTaxEUR,
            exchangeRate: rate, remainingAmount: remaining,
            remainingAmountWithoutTax: try f.decimal("remaining_amount_without_tax"),
            counterpartyID: counterparty.id, counterpartyName: counterparty.name, creditedInvoiceID: creditedID,
            externalReference: try f.text(version == .v2 ? "external_reference" : "external_id"),
            accountingStatus: try f.text("accounting_status"), createdAt: try f.optionalTimestamp("created_at"),
            updatedAt: try f.timestamp("updated_at"), archivedAt: try f.optionalTimestamp("archived_at"),
            apiVersion: version.rawValue)
    }

    /// v2: `id`. v1: `v2_id` when the record has it (Airbyte's v1 records do), so that a v1 and a v2 read of one
    /// invoice are one key; else the opaque v1 `id`.
    static func invoiceID(_ f: JSONFields, version: PennyLaneAPIVersion) throws(ModelRowError) -> String {
        if version == .v1, let v2 = try f.text("v2_id") { return v2 }
        return try f.id("id")
    }

    /// `a - b`, or a reason when it does not fit.
    static func difference(_ a: ExactDecimal, _ b: ExactDecimal, _ f: JSONFields) throws(ModelRowError)
        -> ExactDecimal
    {
        guard let d = a.subtracting(b) else {
            throw ModelRowError(field: f.fieldName("amount"), reason: "\(a) - \(b) does not fit a decimal")
        }
        return d
    }

    /// `paid` when the record says (customer invoices, v1); else, for v2 supplier invoices, nothing left to pay
    /// or a payment status that says paid.
    static func paid(_ f: JSONFields, remaining: ExactDecimal?, status: String?) throws(ModelRowError) -> Bool {
        if let paid = try f.flag("paid") { return paid }
        if let remaining { return remaining.isZero }
        return status == "fully_paid" || status == "paid_offline"
    }

    /// v2 references its customer or supplier (`{id, url}`); v1 embeds it, keyed by `source_id`, with its name.
    static func counterparty(_ f: JSONFields, kind: String, version: PennyLaneAPIVersion) throws(ModelRowError)
        -> (id: String?, name: String?)
    {
        guard version == .v1, let embedded = try f.object(kind) else { return (try f.referenceID(kind), nil) }
        let id = try embedded.firstText("source_id", "id")
        return (id, try embedded.text("name"))
    }
}
