import TributaryClickHouse

/// The finance dashboard's views over the `pennylane` tables, created after a successful load of their tables.
///
/// - `finance_revenue_monthly`: revenue before tax in euros per month (by document date), invoices minus credit
///   notes (which are negative), with the counts and the amount credited.
/// - `finance_revenue_by_service_monthly`: the same per service (the line's label) from `invoice_lines`.
/// - `finance_revenue_year`: revenue year to date as of the year's latest invoiced month, and the run-rate
///   projection for the year: year to date × 12 ÷ months from January to that month.
/// - `finance_top_services`: each service's revenue in a year and its share of the year's revenue, in percent.
/// - `finance_active_customers_monthly`: customers invoiced in each month (credit notes do not count).
/// - `finance_receivables`: what customers still owe (VAT included), per document currency.
///
/// Every view reads with `FINAL` (the latest version of each invoice wins) and keeps only customer documents that
/// are neither drafts nor deleted (tombstones). Lines are kept only from their invoice's latest read
/// (`x_invoice_updated_at`), which drops lines an update removed and every line of a deleted invoice, whose
/// marker row is that latest read. Money is summed in euros (`amount_before_tax_eur`) or per currency, never
/// across currencies. Written for 18.16: no window functions, and no `GROUP BY` on a Nullable decimal (it
/// crashes); grouping keys go through `assumeNotNull` behind an `isNotNull` filter.
enum FinanceViews {
    /// The views whose tables include `table`.
    static func views(forTable table: String) -> [ClickHouseViews.Definition] {
        switch table {
        case "invoices": [revenueMonthly, revenueYear, activeCustomers, receivables]
        case "invoice_lines": [revenueByService, topServices]
        default: []
        }
    }

    /// Customer invoices and credit notes that count: the latest version, not deleted, not a draft, dated.
    static let liveInvoices = "kind = 'customer' AND x_deleted = 0 AND draft = 0 AND isNotNull(date)"

    /// Lines of counted customer invoices, from each invoice's latest read.
    static let liveLines = """
        kind = 'customer' AND x_deleted = 0 AND x_invoice_draft = 0 AND isNotNull(x_invoice_date)
              AND (kind, invoice_id, x_invoice_updated_at) IN
                  (SELECT kind, invoice_id, max(x_invoice_updated_at) FROM {db}.invoice_lines FINAL
                   GROUP BY kind, invoice_id)
        """

    static let revenueMonthly = ClickHouseViews.Definition(
        name: "finance_revenue_monthly", tables: ["invoices"],
        select: """
            SELECT toStartOfMonth(assumeNotNull(date)) AS month,
                   sum(assumeNotNull(amount_before_tax_eur)) AS revenue_before_tax,
                   countIf(x_credit_note = 0) AS invoices, countIf(x_credit_note = 1) AS credit_notes,
                   sumIf(assumeNotNull(amount_before_tax_eur), x_credit_note = 1) AS credited_before_tax,
                   countIf(isNull(amount_before_tax_eur)) AS documents_without_eur_amount
            FROM {db}.invoices FINAL
            WHERE \(liveInvoices)
            GROUP BY month
            ORDER BY month
            """)

    static let revenueYear = ClickHouseViews.Definition(
        name: "finance_revenue_year", tables: ["invoices"],
        select: """
            SELECT year, as_of_month, months, revenue_ytd, revenue_ytd * 12 / months AS run_rate_projection
            FROM
            (
                SELECT toYear(assumeNotNull(date)) AS year, max(toStartOfMonth(assumeNotNull(date))) AS as_of_month,
                       toMonth(max(assumeNotNull(date))) AS months,
                       sum(assumeNotNull(amount_before_tax_eur)) AS revenue_ytd
                FROM {db}.invoices FINAL
                WHERE \(liveInvoices)
                GROUP BY year
            )
            ORDER BY year
            """)

    static let activeCustomers = ClickHouseViews.Definition(
        name: "finance_active_customers_monthly", tables: ["invoices"],
        select: """
            SELECT toStartOfMonth(assumeNotNull(date)) AS month,
                   uniqExact(assumeNotNull(counterparty_id)) AS active_customers, count() AS invoices
            FROM {db}.invoices FINAL
            WHERE \(liveInvoices) AND x_credit_note = 0 AND isNotNull(counterparty_id)
            GROUP BY month
            ORDER BY month
            """)

    static let receivables = ClickHouseViews.Definition(
        name: "finance_receivables", tables: ["invoices"],
        select: """
            SELECT currency, count() AS open_invoices, sum(assumeNotNull(remaining_amount)) AS outstanding,
                   minIf(assumeNotNull(deadline), isNotNull(deadline)) AS oldest_deadline
            FROM {db}.invoices FINAL
            WHERE kind = 'customer' AND x_deleted = 0 AND draft = 0 AND assumeNotNull(remaining_amount) > 0
            GROUP BY currency
            ORDER BY currency
            """)

    static let revenueByService = ClickHouseViews.Definition(
        name: "finance_revenue_by_service_monthly", tables: ["invoice_lines"],
        select: """
            SELECT toStartOfMonth(assumeNotNull(x_invoice_date)) AS month, ifNull(label, '') AS service,
                   sum(assumeNotNull(amount_before_tax_eur)) AS revenue_before_tax, count() AS lines
            FROM {db}.invoice_lines FINAL
            WHERE \(liveLines)
            GROUP BY month, service
            ORDER BY month, service
            """)

    static let topServices = ClickHouseViews.Definition(
        name: "finance_top_services", tables: ["invoice_lines"],
        select: """
            SELECT year, service, revenue_before_tax,
                   if(year_revenue = 0, toDecimal128(0, 12),
                      revenue_before_tax * 100 / if(year_revenue = 0, toDecimal128(1, 12), year_revenue)) AS share_percent
            FROM
            (
                SELECT toYear(assumeNotNull(x_invoice_date)) AS year, ifNull(label, '') AS service,
                       sum(assumeNotNull(amount_before_tax_eur)) AS revenue_before_tax
                FROM {db}.invoice_lines FINAL
                WHERE \(liveLines)
                GROUP BY year, service
            )
            ANY LEFT JOIN
            (
                SELECT toYear(assumeNotNull(x_invoice_date)) AS year,
                       sum(assumeNotNull(amount_before_tax_eur)) AS year_revenue
                FROM {db}.invoice_lines FINAL
                WHERE \(liveLines)
                GROUP BY year
            ) USING (year)
            ORDER BY year, revenue_before_tax DESC, service
            """)
}
