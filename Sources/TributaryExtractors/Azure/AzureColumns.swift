/// The names an Azure cost details dataset gives the columns `azure_cost` reads: EA (2024-08-01, PascalCase:
/// `CostInBillingCurrency`) or MCA (2023-12-01-preview, mostly camelCase: `costInBillingCurrency`, yet
/// `SubscriptionId`, `ResourceId` and `ProductName` as EA spells them) (billing-exports.md §5.2–5.4).
struct AzureColumns: Sendable {
    let agreement: AzureAgreement
    let billingAccountID: String
    let billingAccountName: String
    let subscriptionID: String
    let subscriptionName: String
    let date: String
    let billingPeriodStart: String
    let cost: String
    let currency: String
    let chargeType: String
    let meterCategory: String
    let meterSubCategory: String
    let meterName: String
    let meterID: String
    let productName: String
    let resourceID: String
    /// Region columns in the order tried.
    let region: [String]
    let quantity: String
    let unit: String
    /// EA: the pay-as-you-go unit price (list cost = price × quantity); MCA: the pay-as-you-go cost itself.
    let paygPrice: String?
    let paygCost: String?
    let tags: String
    /// MCA only: the invoice (set once the period is invoiced) and, on refunds, the invoice being corrected.
    let invoiceID: String?
    let previousInvoiceID: String?

    /// Without these a row has no account, day, period, cost, currency, kind or service.
    var required: [String] { [billingAccountID, date, billingPeriodStart, cost, currency, chargeType, meterCategory] }

    /// The money columns, for `raw = true`.
    var money: [String] { [cost] + [paygCost].compactMap { $0 } }

    /// Every column read, for `raw = true`.
    var all: [String] {
        [
            billingAccountID, billingAccountName, subscriptionID, subscriptionName, date, billingPeriodStart, cost,
            currency, chargeType, meterCategory, meterSubCategory, meterName, meterID, productName, resourceID,
        ] + region + [quantity, unit, paygPrice, paygCost, tags, invoiceID, previousInvoiceID].compactMap { $0 }
    }

    static let ea = AzureColumns(
        agreement: .ea, billingAccountID: "BillingAccountId", billingAccountName: "BillingAccountName",
        subscriptionID: "SubscriptionId", subscriptionName: "SubscriptionName", date: "Date",
        billingPeriodStart: "BillingPeriodStartDate", cost: "CostInBillingCurrency", currency: "BillingCurrencyCode",
        chargeType: "ChargeType", meterCategory: "MeterCategory", meterSubCategory: "MeterSubCategory",
        meterName: "MeterName", meterID: "MeterId", productName: "ProductName", resourceID: "ResourceId",
        region: ["ResourceLocationNormalized", "ResourceLocation"], quantity: "Quantity", unit: "UnitOfMeasure",
        paygPrice: "PayGPrice", paygCost: nil, tags: "Tags", invoiceID: nil, previousInvoiceID: nil)

    static let mca = AzureColumns(
        agreement: .mca, billingAccountID: "billingAccountId", billingAccountName: "billingAccountName",
        subscriptionID: "SubscriptionId", subscriptionName: "subscriptionName", date: "date",
        billingPeriodStart: "billingPeriodStartDate", cost: "costInBillingCurrency", currency: "billingCurrency",
        chargeType: "chargeType", meterCategory: "meterCategory", meterSubCategory: "meterSubCategory",
        meterName: "meterName", meterID: "meterId", productName: "ProductName", resourceID: "ResourceId",
        region: ["resourceLocation", "location"], quantity: "quantity", unit: "unitOfMeasure", paygPrice: nil,
        paygCost: "paygCostInBillingCurrency", tags: "tags", invoiceID: "invoiceId",
        previousInvoiceID: "previousInvoiceId")
}
