import TributaryClickHouse

/// The views dashboards start from, per table of the data model: created in the sink's database after a
/// successful load of that table (and refreshed when their definition changes with a new build).
///
/// - `spend_daily`: billed, effective and list cost per day, provider, service, account, sub-account, model and
///   currency.
/// - `spend_month_to_date`: per provider and currency, the month to date as of the latest day loaded, against
///   the same days of the month before and the whole month before.
/// - `llm_cost_by_model`: per month, provider, model and usage source (`x_source`: a provider's usage API and a
///   gateway's logs see the same requests, so their tokens are not added up), the tokens used, the estimated cost
///   (`price`) and the billed cost (`spend` lines with `x_model`), and the difference: where the bill and the
///   catalog disagree.
///
/// Sums are per currency or in USD (`llm_usage` is in USD); no view adds amounts of different currencies.
/// (18.16 crashes on `GROUP BY` a Nullable decimal; these views group by keys only.)
enum DashboardViews {
    static func views(forTable table: String) -> [ClickHouseViews.Definition] {
        switch table {
        case "spend": [spendDaily, monthToDate, costByModel]
        case "llm_usage": [costByModel]
        case "drive_files": [DocumentViews.activityWeekly, DocumentViews.storageByDrive, DocumentViews.largestFiles]
        case "drive_changes": [DocumentViews.activityWeekly]
        case "invoices", "invoice_lines": FinanceViews.views(forTable: table)
        default: []
        }
    }

    static let spendDaily = ClickHouseViews.Definition(
        name: "spend_daily", tables: ["spend"],
        select: """
            SELECT toDate(charge_period_start) AS day, provider, service_name, service_category, billing_account_id,
                   sub_account_id, x_model AS model, billing_currency,
                   sum(billed_cost) AS billed_cost, sum(effective_cost) AS effective_cost, sum(list_cost) AS list_cost,
                   count() AS lines
            FROM {db}.spend
            GROUP BY day, provider, service_name, service_category, billing_account_id, sub_account_id, model,
                     billing_currency
            """)

    static let monthToDate = ClickHouseViews.Definition(
        name: "spend_month_to_date", tables: ["spend"],
        select: """
            WITH (SELECT max(toDate(charge_period_start)) FROM {db}.spend) AS as_of
            SELECT provider, billing_currency, as_of, toStartOfMonth(as_of) AS month,
                   sumIf(billed_cost, toDate(charge_period_start) >= toStartOfMonth(as_of)
                       AND toDate(charge_period_start) <= as_of) AS month_to_date,
                   sumIf(billed_cost, toDate(charge_period_start) >= addMonths(toStartOfMonth(as_of), -1)
                       AND toDate(charge_period_start) <= addMonths(as_of, -1)) AS last_month_to_date,
                   sumIf(billed_cost, toDate(charge_period_start) >= addMonths(toStartOfMonth(as_of), -1)
                       AND toDate(charge_period_start) < toStartOfMonth(as_of)) AS last_month
            FROM {db}.spend
            GROUP BY provider, billing_currency
            """)

    static let costByModel = ClickHouseViews.Definition(
        name: "llm_cost_by_model", tables: ["spend", "llm_usage"],
        select: """
            SELECT month, provider, model, usage_source, input_tokens, output_tokens, cached_input_tokens,
                   cache_write_tokens, requests, estimated_cost, billed_cost,
                   billed_cost - estimated_cost AS billed_minus_estimated
            FROM
            (
                SELECT toStartOfMonth(period_start) AS month, provider, model, x_source AS usage_source,
                       sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
                       sum(cached_input_tokens) AS cached_input_tokens, sum(cache_write_tokens) AS cache_write_tokens,
                       sum(requests) AS requests, sum(assumeNotNull(estimated_cost)) AS estimated_cost
                FROM {db}.llm_usage FINAL
                GROUP BY month, provider, model, usage_source
            )
            ANY LEFT JOIN
            (
                SELECT toStartOfMonth(charge_period_start) AS month, provider, assumeNotNull(x_model) AS model,
                       sum(billed_cost) AS billed_cost
                FROM {db}.spend
                WHERE x_model IS NOT NULL AND billing_currency = 'USD'
                GROUP BY month, provider, model
            ) USING (month, provider, model)
            """)
}
