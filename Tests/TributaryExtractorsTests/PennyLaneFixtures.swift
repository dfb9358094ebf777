import Foundation
import TributaryCore
import TributaryExtractors
import TributaryFormats

/// PennyLane responses from the notes' fixtures (pennylane-drive.md A.6), trimmed to the fields the mapping
/// reads plus a few it must ignore, and helpers to read them through the `pennylane` source.
enum PennyLaneFixtures {
    /// A.6.3: a credit note and the invoice it partly cancels (v2, default sort `-id`), page 1 of 2.
    static let v2Page1 = """
        {"has_more": true, "next_cursor": "eyJpZCI6MTAwMDEwMn0=", "items": [
          {"id": 1000103, "label": "Avoir Boulangerie Martin - frais de déplacement", "invoice_number": "AV-2024-0007",
           "currency": "EUR", "amount": "-48.0", "currency_amount": "-48.0", "currency_amount_before_tax": "-40.0",
           "exchange_rate": "1.0", "date": "2024-03-20", "deadline": "2024-03-20", "currency_tax": "-8.0",
           "tax": "-8.0", "language": "fr_FR", "paid": false, "status": "credit_note",
           "discount": {"type": "absolute", "value": "0"}, "ledger_entry": {"id": 88120},
           "remaining_amount_with_tax": "0.0", "remaining_amount_without_tax": "0.0", "draft": false,
           "customer": {"id": 2057, "url": "https://app.pennylane.com/api/external/v2/customers/2057"},
           "credited_invoice": {"id": 1000102, "url": "https://app.pennylane.com/api/external/v2/customer_invoices/1000102"},
           "external_reference": "0f3b6c1e-8d5a-4e2b-9c7d-6a5b4c3d2e1f", "archived_at": null,
           "created_at": "2024-03-20T16:02:41.733905Z", "updated_at": "2024-03-20T16:02:55.918027Z"},
          {"id": 1000102, "label": "Facture Boulangerie Martin - Dépannage", "invoice_number": "F-2024-0102",
           "currency": "EUR", "amount": "282.0", "currency_amount": "282.0", "currency_amount_before_tax": "235.0",
           "exchange_rate": "1.0", "date": "2024-03-11", "deadline": "2024-03-26", "currency_tax": "47.0",
           "tax": "47.0", "paid": false, "status": "partially_cancelled",
           "remaining_amount_with_tax": "234.0", "remaining_amount_without_tax": "195.0", "draft": false,
           "customer": {"id": 2057, "url": "https://app.pennylane.com/api/external/v2/customers/2057"},
           "credited_invoice": null, "external_reference": "a4e1c2b3-5d6f-4a7b-8c9d-0e1f2a3b4c5d",
           "archived_at": null, "created_at": "2024-03-11T09:30:00.120044Z", "updated_at": "2024-03-20T16:02:55.918027Z"}
        ]}
        """

    /// A.6.4: page 2, the last.
    static let v2Page2 = """
        {"has_more": false, "next_cursor": null, "items": [
          {"id": 1000101, "label": "Facture Atelier Dupont SARL - Formation Excel", "invoice_number": "F-2024-0101",
           "currency": "EUR", "amount": "1080.0", "currency_amount": "1080.0", "currency_amount_before_tax": "900.0",
           "exchange_rate": "1.0", "date": "2024-03-04", "deadline": "2024-04-03", "currency_tax": "180.0",
           "tax": "180.0", "paid": true, "status": "paid", "remaining_amount_with_tax": "0.0",
           "remaining_amount_without_tax": "0.0", "draft": false,
           "customer": {"id": 2042, "url": "https://app.pennylane.com/api/external/v2/customers/2042"},
           "credited_invoice": null, "external_reference": "3c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f", "archived_at": null,
           "created_at": "2024-03-04T14:12:09.004211Z", "updated_at": "2024-03-18T08:41:12.204518Z"}
        ]}
        """

    /// A.6.5: the lines of invoice 1000102, as `GET /customer_invoices/1000102/invoice_lines` returns them.
    static let v2Lines1000102 = """
        {"has_more": false, "next_cursor": null, "items": [
          {"id": 5550103, "label": "Frais de déplacement", "unit": "forfait", "quantity": "1.0", "amount": "48.0",
           "currency_amount": "48.0", "description": "", "product": null, "vat_rate": "FR_200",
           "currency_amount_before_tax": "40.0", "currency_tax": "8.0", "tax": "8.0", "raw_currency_unit_price": "40.0",
           "created_at": "2024-03-11T09:30:00.120044Z", "updated_at": "2024-03-11T09:30:00.120044Z"},
          {"id": 5550102, "label": "Dépannage informatique", "unit": "heure", "quantity": "3.0", "amount": "234.0",
           "currency_amount": "234.0", "description": "Intervention sur site",
           "product": {"id": 418, "url": "https://app.pennylane.com/api/external/v2/products/418"},
           "vat_rate": "FR_200", "currency_amount_before_tax": "195.0", "currency_tax": "39.0", "tax": "39.0",
           "raw_currency_unit_price": "65.0",
           "created_at": "2024-03-11T09:30:00.120044Z", "updated_at": "2024-03-11T09:30:00.120044Z"}
        ]}
        """

    /// Page 1 with `include=invoice_lines`: 1000102's lines inline, 1000103's truncated (`has_more`).
    static var v2Page1WithLines: String {
        let lines = v2Lines1000102.replacingOccurrences(of: "\"next_cursor\": null, ", with: "")
        let included = """
            , "included": {"invoice_lines": {"1000102": \(lines),
              "1000103": {"has_more": true, "items": [
                {"id": 5550110, "label": "Frais de déplacement", "quantity": "-1.0", "amount": "-48.0",
                 "currency_amount": "-48.0", "currency_amount_before_tax": "-40.0", "currency_tax": "-8.0", "tax": "-8.0",
                 "vat_rate": "FR_200", "updated_at": "2024-03-20T16:02:41.733905Z"}]}}}}
            """
        return String(v2Page1.dropLast()) + included
    }

    /// A.6.1, trimmed: v1 page 1 of 2 (ids are opaque strings, records carry `v2_id`, customers are embedded).
    static let v1Page1 = """
        {"total_pages": 2, "current_page": 1, "total_invoices": 2, "invoices": [
          {"id": "QZKX7T2MWA", "v2_id": 1000101, "label": "Facture Atelier Dupont SARL - Formation Excel",
           "invoice_number": "F-2024-0101", "is_draft": false, "is_estimate": false, "currency": "EUR",
           "amount": "1080.0", "currency_amount": "1080.0", "currency_amount_before_tax": "900.0", "exchange_rate": 1.0,
           "date": "2024-03-04", "deadline": "2024-04-03", "currency_tax": "180.0", "paid": true, "status": "paid",
           "remaining_amount": "0.0", "updated_at": "2024-03-18T08:41:12.204518Z",
           "customer": {"name": "Atelier Dupont SARL", "customer_type": "company", "source_id": "CUST-0042"},
           "line_items": [
             {"id": 5550101, "label": "Formation Excel - niveau avancé", "unit": "jour", "quantity": "2.0",
              "amount": "1080.0", "currency_amount": "1080.0", "description": "Tableaux croisés dynamiques, Power Query",
              "product_id": "PROD-FORM-EXCEL", "vat_rate": "FR_200", "currency_price_before_tax": "900.0",
              "currency_tax": "180.0", "raw_currency_unit_price": "450.0"}]}
        ]}
        """

    /// A.6.2, trimmed: v1 page 2, the export invoice in USD (`amount` in EUR = 1080 / 1.085).
    static let v1Page2 = """
        {"total_pages": 2, "current_page": 2, "total_invoices": 2, "invoices": [
          {"id": "H6PL2ND9QX", "v2_id": 1000104, "label": "Invoice Acme Corp - Excel training",
           "invoice_number": "F-2024-0104", "is_draft": false, "currency": "USD", "amount": "995.39",
           "currency_amount": "1080.0", "currency_amount_before_tax": "1080.0", "exchange_rate": 1.085,
           "date": "2024-03-15", "deadline": "2024-04-14", "currency_tax": "0.0", "paid": false, "status": "upcoming",
           "remaining_amount": "1080.0", "updated_at": "2024-03-15T10:00:03.551200Z",
           "customer": {"name": "Acme Corp", "customer_type": "company", "source_id": "CUST-0063"},
           "line_items": [
             {"id": 5550106, "label": "Formation Excel (anglais)", "unit": "jour", "quantity": "2.0", "amount": "995.39",
              "currency_amount": "1080.0", "product_id": "PROD-FORM-EXCEL", "vat_rate": "extracom",
              "currency_price_before_tax": "1080.0", "currency_tax": "0.0", "raw_currency_unit_price": "540.0"}]}
        ]}
        """

    /// A.6.6 page 2: an update and the deletion of a draft.
    static let changelogPage2 = """
        {"items": [
          {"id": 1000102, "operation": "update", "processed_at": "2024-03-20T16:02:56.301Z",
           "updated_at": "2024-03-20T16:02:55.918Z", "created_at": "2024-03-11T09:30:00.120Z"},
          {"id": 999987, "operation": "delete", "processed_at": "2024-03-21T07:15:00.050Z",
           "updated_at": "2024-03-21T07:14:59.870Z", "created_at": "2024-03-19T10:00:00.000Z"}
         ], "has_more": false, "next_cursor": null}
        """

    static let customers = """
        {"has_more": false, "next_cursor": null, "items": [
          {"id": 2042, "name": "Atelier Dupont SARL", "customer_type": "company", "reg_no": "812345678",
           "vat_number": "FR45812345678", "emails": ["compta@atelier-dupont.fr"], "payment_conditions": "30_days",
           "billing_address": {"address": "12 rue des Lilas", "postal_code": "69003", "city": "Lyon",
                               "country_alpha2": "FR"},
           "ledger_account": {"id": 4110042}, "external_reference": "CUST-0042",
           "created_at": "2023-08-30T10:08:08.146343Z", "updated_at": "2024-01-05T09:00:00.000000Z"},
          {"id": 2057, "name": null, "first_name": "Luc", "last_name": "Martin", "customer_type": "individual",
           "emails": [], "payment_conditions": "7_days",
           "billing_address": {"address": "3 place du Marché", "postal_code": "33000", "city": "Bordeaux",
                               "country_alpha2": "FR"},
           "ledger_account": null, "external_reference": "CUST-0057",
           "created_at": "2023-09-01T10:00:00.000000Z", "updated_at": "2023-09-01T10:00:00.000000Z"}
        ]}
        """

    static let suppliers = """
        {"has_more": false, "next_cursor": null, "items": [
          {"id": 3002, "name": "OVH SAS", "establishment_no": "42476141900045", "vat_number": "FR22424761419",
           "emails": ["factures@ovh.example.fr"], "iban": "FR76…",
           "postal_address": {"address": "2 rue Kellermann", "postal_code": "59100", "city": "Roubaix",
                              "country_alpha2": "FR"},
           "supplier_payment_method": "automatic_debiting", "external_reference": "SUP-3002",
           "created_at": "2023-08-22T14:00:00.000000Z", "updated_at": "2023-08-22T14:00:00.000000Z"}
        ]}
        """

    static let transactions = """
        {"has_more": false, "next_cursor": null, "items": [
          {"id": 900001, "label": "VIR SEPA ATELIER DUPONT SARL F-2024-0101", "date": "2024-03-15",
           "outstanding_balance": "9080.0", "created_at": "2024-03-15T11:02:07.000000Z",
           "updated_at": "2024-03-18T08:41:10.000000Z", "archived_at": null, "currency": "EUR",
           "currency_amount": "1080.0", "amount": "1080.0", "currency_fee": null, "fee": null, "journal_id": 31,
           "bank_account": {"id": 7001, "url": "https://app.pennylane.com/api/external/v2/bank_accounts/7001"},
           "categories": [{"id": 5001, "label": "Ventes", "weight": "1.0"}]},
          {"id": 900002, "label": "PRLV SEPA OVH SAS", "date": "2024-03-16", "outstanding_balance": "9032.01",
           "created_at": "2024-03-16T06:00:00.000000Z", "updated_at": "2024-03-16T06:00:00.000000Z",
           "currency": "EUR", "currency_amount": "-47.99", "amount": "-47.99", "currency_fee": "0.0", "fee": "0.0",
           "journal_id": 31, "bank_account": {"id": 7001}, "categories": []}
        ]}
        """
}

/// Reads `pages` (file name → JSON) through a saved-pages `pennylane` source of `entity`.
func extractPennyLane(_ entity: PennyLaneEntity, _ pages: [(String, String)]) async throws -> Extraction {
    let dir = try TemporaryDirectory()
    for (name, text) in pages { try dir.write("saved/\(name)", text) }
    let extractor = try PennyLaneSource.extractor(
        entity: entity, input: .saved(paths: ["saved"], baseDirectory: dir.path), sourceID: "pennylane")
    return try await extract(extractor)
}

extension Extraction {
    /// Row `i` as column → text (NULL as `NULL`, decimals without trailing zeros), for field-by-field
    /// expectations.
    func row(_ i: Int) -> [String: String] {
        var offset = i
        for batch in batches {
            if offset < batch.count {
                var out: [String: String] = [:]
                for (c, field) in batch.schema.fields.enumerated() {
                    let value = batch.columns[c].value(at: offset)
                    if case .decimal(let d) = value {
                        out[field.name] = (d.rescaledExactly(to: max(0, d.significantScale)) ?? d).description
                    } else {
                        out[field.name] = value.description
                    }
                }
                return out
            }
            offset -= batch.count
        }
        return [:]
    }

    /// The decimal column `name` of every row, exactly.
    func decimals(_ name: String) -> [ExactDecimal?] {
        values(name).map { if case .decimal(let d) = $0 { d } else { nil } }
    }
}

/// `text` as an exact decimal, for expectations.
func dec(_ text: String) -> ExactDecimal? { ExactDecimal(text) }
