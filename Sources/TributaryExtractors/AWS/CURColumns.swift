/// The names one CUR version gives the columns `aws_cur` reads, so that one mapping serves both versions.
///
/// Legacy CUR writes `<category>/<Name>` (`lineItem/UnblendedCost`), one column per product attribute and per
/// activated tag (`resourceTags/user:team`); CUR 2.0 writes snake_case (`line_item_unblended_cost`) and keeps
/// product attributes and tags in map columns (`product`, `resource_tags`). Where a value may sit in several
/// places (the region: `product/regionCode` in newer legacy reports, `product/region` in older ones, a key of
/// CUR 2.0's `product` map), the names are listed in the order they are tried.
struct CURColumns: Sendable {
    let version: AWSCURVersion
    let payerAccountID: String
    let payerAccountName: String?
    let invoiceID: String
    let billingPeriodStart: String
    let usageAccountID: String
    let usageAccountName: String?
    let lineItemType: String
    let usageStart: String
    let usageEnd: String
    let timeInterval: String
    let productCode: String
    let usageType: String
    let operation: String
    let resourceID: String
    let usageAmount: String
    let currency: String
    let unblendedCost: String
    let netUnblendedCost: String
    let description: String
    let publicOnDemandCost: String
    let pricingUnit: String
    let reservationEffectiveCost: String
    let unusedAmortizedUpfrontFee: String
    let unusedRecurringFee: String
    let savingsPlanEffectiveCost: String
    let totalCommitmentToDate: String
    let usedCommitment: String
    /// Columns holding the product name, SKU and region, in the order tried.
    let productName: [String]
    let sku: [String]
    let region: [String]
    /// CUR 2.0's map columns (nil in legacy CUR), and the keys of `product` that hold the name, SKU and region.
    let productMap: String?
    let productMapName: [String]
    let productMapSKU: [String]
    let productMapRegion: [String]
    let tagsMap: String?
    /// Legacy CUR's prefix of tag columns (nil in CUR 2.0).
    let tagPrefix: String?

    /// What a header must have: without these a line has no account, period, kind, time, service, cost or
    /// currency.
    var required: [String] {
        [payerAccountID, billingPeriodStart, lineItemType, usageStart, usageEnd, productCode, unblendedCost, currency]
    }

    /// The money columns, for `raw = true`.
    var money: [String] {
        [
            unblendedCost, netUnblendedCost, publicOnDemandCost, reservationEffectiveCost, unusedAmortizedUpfrontFee,
            unusedRecurringFee, savingsPlanEffectiveCost, totalCommitmentToDate, usedCommitment,
        ]
    }

    /// Every column read, for `raw = true`.
    var all: [String] {
        var names = [
            payerAccountID, payerAccountName, invoiceID, billingPeriodStart, usageAccountID, usageAccountName,
            lineItemType, usageStart, usageEnd, timeInterval, productCode, usageType, operation, resourceID,
            usageAmount, currency, unblendedCost, netUnblendedCost, description, publicOnDemandCost, pricingUnit,
            reservationEffectiveCost, unusedAmortizedUpfrontFee, unusedRecurringFee, savingsPlanEffectiveCost,
            totalCommitmentToDate, usedCommitment, productMap, tagsMap,
        ].compactMap { $0 }
        names += productName + sku + region
        return names
    }

    /// Category prefixes that only legacy CUR headers have.
    static let legacyPrefixes = ["lineItem/", "bill/", "identity/", "pricing/", "product/"]
    /// Category prefixes that only CUR 2.0 (and Athena-style) headers have.
    static let cur2Prefixes = ["line_item_", "bill_", "identity_"]

    static let legacy = CURColumns(
        version: .legacy, payerAccountID: "bill/PayerAccountId", payerAccountName: nil, invoiceID: "bill/InvoiceId",
        billingPeriodStart: "bill/BillingPeriodStartDate", usageAccountID: "lineItem/UsageAccountId",
        usageAccountName: nil, lineItemType: "lineItem/LineItemType", usageStart: "lineItem/UsageStartDate",
        usageEnd: "lineItem/UsageEndDate", timeInterval: "identity/TimeInterval",
        productCode: "lineItem/ProductCode", usageType: "lineItem/UsageType", operation: "lineItem/Operation",
        resourceID: "lineItem/ResourceId", usageAmount: "lineItem/UsageAmount", currency: "lineItem/CurrencyCode",
        unblendedCost: "lineItem/UnblendedCost", netUnblendedCost: "lineItem/NetUnblendedCost",
        description: "lineItem/LineItemDescription", publicOnDemandCost: "pricing/publicOnDemandCost",
        pricingUnit: "pricing/unit", reservationEffectiveCost: "reservation/EffectiveCost",
        unusedAmortizedUpfrontFee: "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod",
        unusedRecurringFee: "reservation/UnusedRecurringFee",
        savingsPlanEffectiveCost: "savingsPlan/SavingsPlanEffectiveCost",
        totalCommitmentToDate: "savingsPlan/TotalCommitmentToDate", usedCommitment: "savingsPlan/UsedCommitment",
        productName: ["product/ProductName"], sku: ["product/sku"], region: ["product/regionCode", "product/region"],
        productMap: nil, productMapName: [], productMapSKU: [], productMapRegion: [], tagsMap: nil,
        tagPrefix: "resourceTags/")

    static let cur2 = CURColumns(
        version: .cur2, payerAccountID: "bill_payer_account_id", payerAccountName: "bill_payer_account_name",
        invoiceID: "bill_invoice_id", billingPeriodStart: "bill_billing_period_start_date",
        usageAccountID: "line_item_usage_account_id", usageAccountName: "line_item_usage_account_name",
        lineItemType: "line_item_line_item_type", usageStart: "line_item_usage_start_date",
        usageEnd: "line_item_usage_end_date", timeInterval: "identity_time_interval",
        productCode: "line_item_product_code", usageType: "line_item_usage_type", operation: "line_item_operation",
        resourceID: "line_item_resource_id", usageAmount: "line_item_usage_amount",
        currency: "line_item_currency_code", unblendedCost: "line_item_unblended_cost",
        netUnblendedCost: "line_item_net_unblended_cost", description: "line_item_line_item_description",
        publicOnDemandCost: "pricing_public_on_demand_cost", pricingUnit: "pricing_unit",
        reservationEffectiveCost: "reservation_effective_cost",
        unusedAmortizedUpfrontFee: "reservation_unused_amortized_upfront_fee_for_billing_period",
        unusedRecurringFee: "reservation_unused_recurring_fee",
        savingsPlanEffectiveCost: "savings_plan_savings_plan_effective_cost",
        totalCommitmentToDate: "savings_plan_total_commitment_to_date",
        usedCommitment: "savings_plan_used_commitment", productName: ["product_product_name"],
        sku: ["product_sku"], region: ["product_region_code"], productMap: "product",
        productMapName: ["product_name"], productMapSKU: ["sku"], productMapRegion: ["region_code", "region"],
        tagsMap: "resource_tags", tagPrefix: nil)
}
