import TributaryCore

/// The `focus` source: FinOps FOCUS 1.0, 1.1 and 1.2 cost-and-usage CSV from any provider, into `spend`.
///
/// FOCUS is what `spend` is modelled on, so the columns map one to one (`BilledCost` → `billed_cost`, …). The
/// version is told by the header (1.1 added `ServiceSubcategory`, 1.2 `InvoiceId` and `BillingAccountType`);
/// every version's mandatory columns must be there, the others are read when present. `Tags` is a JSON object.
/// A row with an `InvoiceId` (1.2) is `final`, others `estimated`. `provider` is the FOCUS `ProviderName`
/// lower-cased, with the big clouds named as their own sources name them (`AWS` → `aws`, `Microsoft` → `azure`,
/// `Google Cloud` → `gcp`), so that a FOCUS file and a native export of one provider land under one name.
public struct FOCUSFormat: ProviderCSVFormat {
    public typealias Row = SpendRow
    public var name: String { "FOCUS" }

    public init() {}

    /// Mandatory in every version 1.0–1.2, and what `spend` needs.
    public static let required = [
        "BillingAccountId", "BillingCurrency", "BillingPeriodStart", "ChargePeriodStart", "ChargePeriodEnd",
        "ChargeCategory", "ServiceName", "ServiceCategory", "BilledCost", "EffectiveCost", "ListCost",
    ]

    /// Every column this source reads, for `raw = true` too.
    public static let columns =
        required + [
            "BillingAccountName", "BillingPeriodEnd", "ChargeClass", "ChargeDescription", "ChargeFrequency",
            "ProviderName", "ServiceProviderName", "PublisherName", "InvoiceIssuerName", "SubAccountId",
            "SubAccountName", "SkuId", "SkuMeter", "ResourceId", "ResourceName", "RegionId", "PricingQuantity",
            "PricingUnit", "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "InvoiceId", "ServiceSubcategory",
            "Tags",
        ]
    public static let moneyColumns = ["BilledCost", "EffectiveCost", "ListCost", "ContractedCost"]

    static let providerNames: [String: String] = [
        "aws": "aws", "amazon web services": "aws", "microsoft": "azure", "azure": "azure", "microsoft azure": "azure",
        "google cloud": "gcp", "google": "gcp", "gcp": "gcp", "openai": "openai", "anthropic": "anthropic",
    ]

    /// The version the header is written in.
    public static func version(of header: [String]) -> String {
        let names = Set(header)
        if names.contains("InvoiceId") || names.contains("BillingAccountType") || names.contains("PricingCurrency") {
            return "1.2"
        }
        if names.contains("ServiceSubcategory") || names.contains("SkuMeter") || names.contains("CapacityReservationId")
        {
            return "1.1"
        }
        return "1.0"
    }

    public func prepare(header: [String], file: String) throws(ExtractorError) -> CSVRecordMapper<SpendRow> {
        var hint: String?
        if header.contains(where: { $0.hasPrefix("lineItem/") || $0.hasPrefix("line_item_") }) {
            hint = "this looks like an AWS Cost and Usage Report; read it with type = \"aws_cur\""
        } else if header.contains("CostInBillingCurrency") || header.contains("costInBillingCurrency") {
            hint = "this looks like an Azure cost details export; read it with type = \"azure_cost\""
        }
        try HeaderCheck.require(Self.required, in: header, file: file, format: "FOCUS", hint: hint)
        return CSVRecordMapper { fields in .catching { () throws(ModelRowError) in [try Self.map(fields)] } }
    }

    static func map(_ f: CSVFields) throws(ModelRowError) -> SpendRow {
        let providerName = f.value(["ServiceProviderName", "ProviderName", "PublisherName"]) ?? "unknown"
        let provider = providerNames[providerName.lowercased()] ?? providerName.lowercased()
        guard let account = f.value("BillingAccountId") else {
            throw ModelRowError(field: "BillingAccountId", reason: "missing value")
        }
        guard let category = f.value("ChargeCategory") else {
            throw ModelRowError(field: "ChargeCategory", reason: "missing value")
        }
        guard SpendRow.chargeCategories.contains(category) else {
            throw ModelRowError(
                field: "ChargeCategory",
                reason: "'\(category)' is not a FOCUS charge category (Usage, Purchase, Tax, Credit, Adjustment)")
        }
        guard let service = f.value("ServiceName") else { throw ModelRowError(field: "ServiceName", reason: "missing value") }
        let billingPeriod = try FieldParser.timestamp(f.cell("BillingPeriodStart"), field: "BillingPeriodStart")
        return SpendRow(
            provider: provider, billingAccountID: account, billingAccountName: f.value("BillingAccountName"),
            subAccountID: f.value("SubAccountId"), subAccountName: f.value("SubAccountName"),
            billingPeriodStart: Int32(FieldParser.day(of: billingPeriod)),
            chargePeriodStart: try FieldParser.timestamp(f.cell("ChargePeriodStart"), field: "ChargePeriodStart"),
            chargePeriodEnd: try FieldParser.timestamp(f.cell("ChargePeriodEnd"), field: "ChargePeriodEnd"),
            chargeCategory: category, chargeClass: f.value("ChargeClass"),
            chargeDescription: f.value("ChargeDescription"), serviceName: service,
            serviceCategory: f.value("ServiceCategory") ?? "Other", skuID: f.value("SkuId"),
            resourceID: f.value("ResourceId"), regionID: f.value("RegionId"),
            pricingQuantity: try FieldParser.decimal(f.cell("PricingQuantity"), field: "PricingQuantity"),
            consumedQuantity: try FieldParser.decimal(f.cell("ConsumedQuantity"), field: "ConsumedQuantity"),
            pricingUnit: f.value("PricingUnit"), consumedUnit: f.value("ConsumedUnit"),
            listCost: try FieldParser.requiredDecimal(f.cell("ListCost"), field: "ListCost"),
            billedCost: try FieldParser.requiredDecimal(f.cell("BilledCost"), field: "BilledCost"),
            effectiveCost: try FieldParser.requiredDecimal(f.cell("EffectiveCost"), field: "EffectiveCost"),
            billingCurrency: try FieldParser.currency(f.cell("BillingCurrency"), field: "BillingCurrency"),
            tags: try FieldParser.tags(json: f.cell("Tags"), field: "Tags"),
            dataStatus: f.value("InvoiceId") == nil ? "estimated" : "final")
    }
}

/// The `focus` source.
public typealias FOCUSExtractor = ProviderCSVExtractor<FOCUSFormat>
