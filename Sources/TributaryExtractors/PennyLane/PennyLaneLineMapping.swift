import TributaryCore
import TributaryFormats

/// An invoice line (v2 `invoice_lines` items, v1 `line_items`) as a row of `invoice_lines`, with what it
/// takes from its invoice (notes A.2, A.3).
///
/// The names differ between generations (v1 `currency_price_before_tax` is v2 `currency_amount_before_tax`,
/// v1 `product_id` is v2 `product {id}`; notes C.6); each generation's name is tried first, then the other's.
/// v1 lines have no euro VAT and no times: the euro VAT follows the invoice rule (`PennyLaneInvoiceMapping`),
/// the times are the invoice's.
enum PennyLaneLineMapping {
    /// What a line takes from its invoice: read with the invoice mapping, so that an invoice the `invoices`
    /// table would refuse gives no lines either.
    static func invoice(_ f: JSONFields, kind: String, version: PennyLaneAPIVersion) throws(ModelRowError)
        -> InvoiceLineRow.Invoice
    {
        let row = try PennyLaneInvoiceMapping.invoice(f, kind: kind, version: version)
        return InvoiceLineRow.Invoice(
            kind: kind, id: row.id, number: row.invoiceNumber, date: row.date, draft: row.draft,
            creditNote: row.creditNote, currency: row.currency, updatedAt: row.updatedAt)
    }

    static func line(_ f: JSONFields, invoice: InvoiceLineRow.Invoice, version: PennyLaneAPIVersion)
        throws(ModelRowError) -> InvoiceLineRow
    {
        let names =
            version == .v2
            ? ["currency_amount_before_tax", "currency_price_before_tax"]
            : ["currency_price_before_tax", "currency_amount_before_tax"]
        guard let beforeTax = try f.firstDecimal(names) else {
            throw ModelRowError(field: f.fieldName(names[0]), reason: "missing value")
        }
        let tax = try f.requiredDecimal("currency_tax")
        let amountEUR = try f.requiredDecimal("amount")
        let taxEUR: ExactDecimal? =
            switch version {
            case .v2: try f.requiredDecimal("tax")
            case .v1: try f.decimal("tax") ?? (invoice.currency == "EUR" || tax.isZero ? tax : nil)
            }
        var productID = try f.referenceID("product")
        if productID == nil { productID = try f.text("product_id") }
        let updated = try f.optionalTimestamp("updated_at") ?? invoice.updatedAt
        return InvoiceLineRow(
            invoice: invoice, id: try f.id("id"), label: try f.text("label"), details: try f.text("description"),
            productID: productID, quantity: try f.decimal("quantity"),
            unit: try f.text("unit"), unitPrice: try f.decimal("raw_currency_unit_price"), amountBeforeTax: beforeTax,
            vatRate: try f.text("vat_rate"), tax: tax, amount: try f.requiredDecimal("currency_amount"),
            amountEUR: amountEUR,
            taxEUR: taxEUR,
            amountBeforeTaxEUR: try taxEUR.map { t throws(ModelRowError) in
                try PennyLaneInvoiceMapping.difference(amountEUR, t, f)
            },
            createdAt: try f.optionalTimestamp("created_at"), updatedAt: max(updated, invoice.updatedAt),
            apiVersion: version.rawValue)
    }
}
