import TributaryCore

/// One billed line of the `spend` table: money as billed, FOCUS-aligned, the same columns whatever the provider
/// (../shared/formats/data-model.md). Every provider's mapping fills one of these per line it bills.
///
/// Money is exact (`ExactDecimal`, stored as `Decimal(38, 12)`); times are epoch seconds, UTC, periods half-open;
/// `billingPeriodStart` is the first day of the invoice month, days since 1970-01-01.
public struct SpendRow: ModelRow, Equatable {
    public var provider: String
    public var billingAccountID: String
    public var billingAccountName: String?
    /// OpenAI project, Anthropic workspace, AWS usage account, GCP project, Azure subscription.
    public var subAccountID: String?
    public var subAccountName: String?
    public var billingPeriodStart: Int32
    public var chargePeriodStart: Int64
    public var chargePeriodEnd: Int64
    /// `Usage`, `Purchase`, `Tax`, `Credit` or `Adjustment` (FOCUS ChargeCategory).
    public var chargeCategory: String
    /// `Correction` for a fix to an invoiced period.
    public var chargeClass: String?
    public var chargeDescription: String?
    public var serviceName: String
    /// FOCUS ServiceCategory: `AI and Machine Learning`, `Compute`, `Storage`, …
    public var serviceCategory: String
    public var skuID: String?
    public var resourceID: String?
    public var regionID: String?
    public var pricingQuantity: ExactDecimal?
    public var consumedQuantity: ExactDecimal?
    public var pricingUnit: String?
    public var consumedUnit: String?
    public var listCost: ExactDecimal
    public var billedCost: ExactDecimal
    /// After discounts and amortised commitments.
    public var effectiveCost: ExactDecimal
    /// ISO 4217, upper case.
    public var billingCurrency: String
    /// User tags unprefixed, provider tags prefixed (`aws:createdBy`), in the order read.
    public var tags: [(key: String, value: String)]
    /// The AI model when the line is model usage.
    public var model: String?
    /// `estimated` until the provider marks the period final, then `final`.
    public var dataStatus: String

    public init(
        provider: String, billingAccountID: String, billingAccountName: String? = nil, subAccountID: String? = nil,
        subAccountName: String? = nil, billingPeriodStart: Int32, chargePeriodStart: Int64, chargePeriodEnd: Int64,
        chargeCategory: String = "Usage", chargeClass: String? = nil, chargeDescription: String? = nil,
        serviceName: String, serviceCategory: String, skuID: String? = nil, resourceID: String? = nil,
        regionID: String? = nil, pricingQuantity: ExactDecimal? = nil, consumedQuantity: ExactDecimal? = nil,
        pricingUnit: String? = nil, consumedUnit: String? = nil, listCost: ExactDecimal, billedCost: ExactDecimal,
        effectiveCost: ExactDecimal, billingCurrency: String, tags: [(key: String, value: String)] = [],
        model: String? = nil, dataStatus: String = "estimated"
    ) {
        self.provider = provider
        self.billingAccountID = billingAccountID
        self.billingAccountName = billingAccountName
        self.subAccountID = subAccountID
        self.subAccountName = subAccountName
        self.billingPeriodStart = billingPeriodStart
        self.chargePeriodStart = chargePeriodStart
        self.chargePeriodEnd = chargePeriodEnd
        self.chargeCategory = chargeCategory
        self.chargeClass = chargeClass
        self.chargeDescription = chargeDescription
        self.serviceName = serviceName
        self.serviceCategory = serviceCategory
        self.skuID = skuID
        self.resourceID = resourceID
        self.regionID = regionID
        self.pricingQuantity = pricingQuantity
        self.consumedQuantity = consumedQuantity
        self.pricingUnit = pricingUnit
        self.consumedUnit = consumedUnit
        self.listCost = listCost
        self.billedCost = billedCost
        self.effectiveCost = effectiveCost
        self.billingCurrency = billingCurrency
        self.tags = tags
        self.model = model
        self.dataStatus = dataStatus
    }

    public static func == (a: SpendRow, b: SpendRow) -> Bool {
        a.provider == b.provider && a.billingAccountID == b.billingAccountID
            && a.billingAccountName == b.billingAccountName && a.subAccountID == b.subAccountID
            && a.subAccountName == b.subAccountName && a.billingPeriodStart == b.billingPeriodStart
            && a.chargePeriodStart == b.chargePeriodStart && a.chargePeriodEnd == b.chargePeriodEnd
            && a.chargeCategory == b.chargeCategory && a.chargeClass == b.chargeClass
            && a.chargeDescription == b.chargeDescription && a.serviceName == b.serviceName
            && a.serviceCategory == b.serviceCategory && a.skuID == b.skuID && a.resourceID == b.resourceID
            && a.regionID == b.regionID && a.pricingQuantity == b.pricingQuantity
            && a.consumedQuantity == b.consumedQuantity && a.pricingUnit == b.pricingUnit
            && a.consumedUnit == b.consumedUnit && a.listCost == b.listCost && a.billedCost == b.billedCost
            && a.effectiveCost == b.effectiveCost && a.billingCurrency == b.billingCurrency
            && a.tags.map(\.key) == b.tags.map(\.key) && a.tags.map(\.value) == b.tags.map(\.value)
            && a.model == b.model && a.dataStatus == b.dataStatus
    }

    public static let schema = Schema([
        Field("provider", .string, nullable: false),
        Field("billing_account_id", .string, nullable: false),
        Field("billing_account_name", .string),
        Field("sub_account_id", .string),
        Field("sub_account_name", .string),
        Field("billing_period_start", .date, nullable: false),
        Field("charge_period_start", .dateTime, nullable: false),
        Field("charge_period_end", .dateTime, nullable: false),
        Field("charge_category", .string, nullable: false),
        Field("charge_class", .string),
        Field("charge_description", .string),
        Field("service_name", .string, nullable: false),
        Field("service_category", .string, nullable: false),
        Field("sku_id", .string),
        Field("resource_id", .string),
        Field("region_id", .string),
        Field("pricing_quantity", .money),
        Field("consumed_quantity", .money),
        Field("pricing_unit", .string),
        Field("consumed_unit", .string),
        Field("list_cost", .money, nullable: false),
        Field("billed_cost", .money, nullable: false),
        Field("effective_cost", .money, nullable: false),
        Field("billing_currency", .string, nullable: false),
        Field("tags.key", .stringArray),
        Field("tags.value", .stringArray),
        Field("x_model", .string),
        Field("x_data_status", .string, nullable: false),
    ])

    public static let moneyColumns = ["billed_cost", "effective_cost", "list_cost"]

    /// The `spend` table: partitioned by source and billing month so that a restated month replaces exactly its
    /// own partition.
    public static let tableDefaults = TableDefaults(
        table: "spend", orderBy: ["provider", "billing_account_id", "charge_period_start", "service_name"],
        partitionBy: "(x_source, toYYYYMM(billing_period_start))", strategy: "replace_partition",
        lowCardinality: ["provider", "charge_category", "service_category", "billing_currency", "x_data_status"],
        timeColumn: "billing_period_start")

    /// The FOCUS ChargeCategory values.
    public static let chargeCategories: Set<String> = ["Usage", "Purchase", "Tax", "Credit", "Adjustment"]

    public var moneyUnits: [Int128] {
        [billedCost, effectiveCost, listCost].map { $0.rescaledExactly(to: Lineage.moneyScale)?.units ?? 0 }
    }

    public var currency: String { billingCurrency }

    public func append(to c: inout [ColumnBuilder]) throws(ModelRowError) {
        guard Self.chargeCategories.contains(chargeCategory) else {
            throw ModelRowError(
                field: "charge_category",
                reason: "'\(chargeCategory)' is not a FOCUS charge category (Usage, Purchase, Tax, Credit, Adjustment)")
        }
        guard CurrencyCode.all.contains(billingCurrency) else {
            throw ModelRowError(field: "billing_currency", reason: "'\(billingCurrency)' is not an ISO 4217 currency")
        }
        // Checked before anything is appended, so that a failure leaves every builder as it was.
        let list = try Self.units(listCost, field: "list_cost")
        let billed = try Self.units(billedCost, field: "billed_cost")
        let effective = try Self.units(effectiveCost, field: "effective_cost")
        let pricing = try pricingQuantity.map { q throws(ModelRowError) in try Self.units(q, field: "pricing_quantity") }
        let consumed = try consumedQuantity.map { q throws(ModelRowError) in
            try Self.units(q, field: "consumed_quantity")
        }
        c[0].appendString(provider)
        c[1].appendString(billingAccountID)
        c[2].append(billingAccountName)
        c[3].append(subAccountID)
        c[4].append(subAccountName)
        c[5].appendDate(billingPeriodStart)
        c[6].appendDateTime(chargePeriodStart)
        c[7].appendDateTime(chargePeriodEnd)
        c[8].appendString(chargeCategory)
        c[9].append(chargeClass)
        c[10].append(chargeDescription)
        c[11].appendString(serviceName)
        c[12].appendString(serviceCategory)
        c[13].append(skuID)
        c[14].append(resourceID)
        c[15].append(regionID)
        if let pricing { c[16].appendDecimalUnits(pricing) } else { c[16].appendNull() }
        if let consumed { c[17].appendDecimalUnits(consumed) } else { c[17].appendNull() }
        c[18].append(pricingUnit)
        c[19].append(consumedUnit)
        c[20].appendDecimalUnits(list)
        c[21].appendDecimalUnits(billed)
        c[22].appendDecimalUnits(effective)
        c[23].appendString(billingCurrency)
        c[24].appendStrings(tags.map(\.key))
        c[25].appendStrings(tags.map(\.value))
        c[26].append(model)
        c[27].appendString(dataStatus)
    }
}
