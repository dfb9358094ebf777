import Foundation
import TributaryCore

/// One Azure cost details row → one `spend` row (billing-exports.md §5.4–5.5).
///
/// - `billed_cost` and `effective_cost` are both `CostInBillingCurrency`: an actual-cost export carries no
///   amortised figure (the amortised dataset is another export, best loaded by another pipeline into another table,
///   as the notes advise, since it holds the same charges allocated differently).
/// - `list_cost` is pay-as-you-go: EA's `PayGPrice` × `Quantity` (exact up to 12 decimals, rounded half to even
///   past them), MCA's `paygCostInBillingCurrency`; the billed cost when there is none or it is 0 (purchases).
/// - The charge period is the row's day, `[Date, Date + 1 day)`; the billing period starts at
///   `BillingPeriodStartDate`.
/// - `service_name` is the meter category, which is what Azure's cost analysis calls the service.
/// - `x_model` is the model of an Azure OpenAI usage row (`AzureOpenAIMeter`).
/// - Tags are the `Tags` JSON object, which EA files have been seen to write without its braces.
/// - `x_data_status` is `final` once an MCA row has its `invoiceId`; EA files carry no invoice, so EA rows stay
///   `estimated` (lesson L18: final only when the provider says so).
extension AzureCostFormat {
    /// `ChargeType` → FOCUS ChargeCategory; others are rejected rather than guessed at.
    static let chargeCategories: [String: String] = [
        "Usage": "Usage", "UnusedReservation": "Usage", "UnusedSavingsPlan": "Usage", "Purchase": "Purchase",
        "Refund": "Credit", "Credit": "Credit", "Tax": "Tax", "Adjustment": "Adjustment",
        "RoundingAdjustment": "Adjustment",
    ]

    static func map(_ f: CSVFields, _ c: AzureColumns) -> MappedRecord<SpendRow> {
        var read = SpendMoneyRead()
        do {
            return .rows([try row(f, c, read: &read)])
        } catch {
            return .reject(field: error.field, reason: error.reason, money: read.units, currency: read.currency)
        }
    }

    static func row(_ f: CSVFields, _ c: AzureColumns, read: inout SpendMoneyRead) throws(ModelRowError) -> SpendRow {
        read.currency = f.value(c.currency)?.uppercased() ?? ""
        let billed = try FieldParser.requiredDecimal(f.cell(c.cost), field: c.cost)
        (read.billed, read.effective) = (billed, billed)
        let quantity = try FieldParser.decimal(f.cell(c.quantity), field: c.quantity)
        let list = try listCost(f, c, quantity: quantity) ?? billed
        read.list = list
        let currency = try FieldParser.currency(f.value(c.currency), field: c.currency)
        let type = try required(f, c.chargeType)
        guard let category = chargeCategories[type] else {
            let known = chargeCategories.keys.sorted().joined(separator: ", ")
            throw ModelRowError(
                field: c.chargeType, reason: "'\(type)' is not a charge type this source knows (\(known))")
        }
        let account = try required(f, c.billingAccountID)
        let day = try date(f.cell(c.date), field: c.date)
        let period = try date(f.cell(c.billingPeriodStart), field: c.billingPeriodStart)
        let serviceName = try required(f, c.meterCategory)
        let isAI = AzureOpenAIMeter.isAzureOpenAI(
            category: serviceName, subCategory: f.value(c.meterSubCategory), product: f.value(c.productName))
        let unit = PricingUnit(f.value(c.unit), countsTokens: isAI)
        let consumed = unit?.consumed(quantity)
        return SpendRow(
            provider: "azure", billingAccountID: account, billingAccountName: f.value(c.billingAccountName),
            subAccountID: f.value(c.subscriptionID), subAccountName: f.value(c.subscriptionName),
            billingPeriodStart: Int32(FieldParser.day(of: period)), chargePeriodStart: day,
            chargePeriodEnd: day + 86400, chargeCategory: category,
            chargeClass: c.previousInvoiceID.flatMap { f.value($0) } == nil ? nil : "Correction",
            chargeDescription: f.value([c.meterName, c.productName]), serviceName: serviceName,
            serviceCategory: isAI ? "AI and Machine Learning" : serviceCategory(serviceName),
            skuID: f.value(c.meterID), resourceID: f.value(c.resourceID), regionID: f.value(c.region),
            pricingQuantity: quantity, consumedQuantity: consumed?.quantity ?? quantity,
            pricingUnit: unit?.focusName, consumedUnit: consumed?.unit, listCost: list, billedCost: billed,
            effectiveCost: billed, billingCurrency: currency, tags: try tags(f.cell(c.tags), field: c.tags),
            model: isAI && category == "Usage" ? AzureOpenAIMeter.model(meterName: f.value(c.meterName)) : nil,
            dataStatus: c.invoiceID.flatMap { f.value($0) } == nil ? "estimated" : "final")
    }

    static func required(_ f: CSVFields, _ name: String) throws(ModelRowError) -> String {
        guard let value = f.value(name) else { throw ModelRowError(field: name, reason: "missing value") }
        return value
    }

    /// Pay-as-you-go cost, or nil when the row has none (or 0, as purchases have).
    static func listCost(_ f: CSVFields, _ c: AzureColumns, quantity: ExactDecimal?) throws(ModelRowError)
        -> ExactDecimal?
    {
        if let column = c.paygCost, let cost = try FieldParser.decimal(f.cell(column), field: column), !cost.isZero {
            return cost
        }
        guard let column = c.paygPrice, let price = try FieldParser.decimal(f.cell(column), field: column),
            !price.isZero, let quantity
        else { return nil }
        guard let cost = price.multiplying(quantity, maxResultScale: Lineage.moneyScale) else {
            throw ModelRowError(field: column, reason: "\(price) × \(quantity) does not fit a decimal")
        }
        return cost
    }

    /// A day as Azure writes it: `MM/DD/YYYY`, or ISO `YYYY-MM-DD` (with or without a time).
    static func date(_ text: String?, field: String) throws(ModelRowError) -> Int64 {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw ModelRowError(field: field, reason: "missing value")
        }
        guard text.contains("/") else { return try FieldParser.timestamp(text, field: field) }
        return try FieldParser.timestamp(text, format: usDate, field: field)
    }

    /// `%m/%d/%Y`, a valid pattern (the initializer throws only for malformed ones).
    static let usDate: DateTimeFormat = {
        do { return try DateTimeFormat("%m/%d/%Y") } catch { preconditionFailure("\(error)") }
    }()

    /// The tags JSON object; EA exports have been seen to drop its braces (`"env": "prod","team": "search"`).
    static func tags(_ text: String?, field: String) throws(ModelRowError) -> [(key: String, value: String)] {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return [] }
        return try FieldParser.tags(json: text.hasPrefix("{") ? text : "{\(text)}", field: field)
    }

    /// The FOCUS ServiceCategory of a meter category.
    static func serviceCategory(_ meterCategory: String) -> String {
        switch meterCategory {
        case "Virtual Machines", "Virtual Machines Licenses", "Azure App Service", "Functions", "Container Instances",
            "Azure Kubernetes Service", "Cloud Services", "Batch":
            "Compute"
        case "Storage", "Backup", "Azure NetApp Files": "Storage"
        case "SQL Database", "Azure Cosmos DB", "Azure Database for PostgreSQL", "Azure Database for MySQL",
            "Redis Cache":
            "Databases"
        case "Bandwidth", "Virtual Network", "Load Balancer", "VPN Gateway", "Azure DNS", "Content Delivery Network",
            "Application Gateway", "Azure Front Door Service", "Network Watcher":
            "Networking"
        case "Cognitive Services", "Azure Machine Learning", "Machine Learning", "Foundry Models", "Azure AI services":
            "AI and Machine Learning"
        case "Log Analytics", "Azure Monitor", "Insight and Analytics": "Management and Governance"
        case "Key Vault", "Microsoft Defender for Cloud", "Sentinel", "Advanced Threat Protection": "Security"
        default: "Other"
        }
    }
}
