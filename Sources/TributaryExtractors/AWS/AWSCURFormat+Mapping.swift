import TributaryCore

/// One CUR line item → one `spend` row (billing-exports.md §3.1, §3.3, §3.4).
///
/// - `billed_cost` is the unblended cost: what the usage account was charged, the chargeback default.
/// - `effective_cost` is the amortised figure: `reservation/EffectiveCost` for RI-covered usage,
///   `savingsPlan/SavingsPlanEffectiveCost` for Savings Plan-covered usage; the fees those commitments are paid
///   by (`RIFee`, `SavingsPlanRecurringFee`, `SavingsPlanUpfrontFee`) and the `SavingsPlanNegation` offsets are 0,
///   except for the unused part of a commitment (`UnusedAmortizedUpfrontFeeForBillingPeriod` +
///   `UnusedRecurringFee`, `TotalCommitmentToDate` − `UsedCommitment`), which nobody else's line carries. Every
///   other line is its net unblended cost (after negotiated discounts) when the report has one, else unblended.
///   Summing effective cost thus never counts a commitment twice.
/// - `list_cost` is the public on-demand cost, or the billed cost when the report has none.
/// - `x_model` is the Bedrock model of a usage line (`BedrockModel`); a Bedrock product's tax or credit line is
///   no model's usage.
/// - `x_data_status` is `final` once `bill/InvoiceId` is set, `estimated` before.
extension AWSCURFormat {
    /// `lineItem/LineItemType` → FOCUS ChargeCategory. AWS's full list of types is not published
    /// (billing-exports.md §10); a type outside this table is rejected rather than filed under a guess.
    static let chargeCategories: [String: String] = [
        "Usage": "Usage", "DiscountedUsage": "Usage", "SavingsPlanCoveredUsage": "Usage",
        "SavingsPlanNegation": "Usage", "Fee": "Purchase", "RIFee": "Purchase", "SavingsPlanUpfrontFee": "Purchase",
        "SavingsPlanRecurringFee": "Purchase", "Tax": "Tax", "Credit": "Credit", "Refund": "Credit",
        "Discount": "Credit", "EdpDiscount": "Credit", "PrivateRateDiscount": "Credit", "BundledDiscount": "Credit",
        "SppDiscount": "Credit", "DistributorDiscount": "Credit",
    ]

    static func map(_ f: CSVFields, _ c: CURColumns, tagColumns: [String]) -> MappedRecord<SpendRow> {
        var read = SpendMoneyRead()
        do {
            return .rows([try row(f, c, tagColumns: tagColumns, read: &read)])
        } catch {
            return .reject(field: error.field, reason: error.reason, money: read.units, currency: read.currency)
        }
    }

    /// The row, noting in `read` the money and currency read so far, so that a reject after them counts them.
    static func row(_ f: CSVFields, _ c: CURColumns, tagColumns: [String], read: inout SpendMoneyRead)
        throws(ModelRowError) -> SpendRow
    {
        read.currency = f.value(c.currency)?.uppercased() ?? ""
        let billed = try FieldParser.requiredDecimal(f.cell(c.unblendedCost), field: c.unblendedCost)
        read.billed = billed
        let type = try required(f, c.lineItemType)
        guard let category = chargeCategories[type] else {
            throw ModelRowError(
                field: c.lineItemType,
                reason: "'\(type)' is not a line item type this source knows (\(knownTypes))")
        }
        let effective = try effectiveCost(type, billed: billed, f, c)
        read.effective = effective
        let list = try FieldParser.decimal(f.cell(c.publicOnDemandCost), field: c.publicOnDemandCost) ?? billed
        read.list = list
        let currency = try FieldParser.currency(f.value(c.currency), field: c.currency)
        let payer = try required(f, c.payerAccountID)
        let period = try FieldParser.timestamp(f.cell(c.billingPeriodStart), field: c.billingPeriodStart)
        let (start, end) = try chargePeriod(f, c)
        let product = try CURMapCell.parse(c.productMap.flatMap { f.cell($0) }, field: c.productMap ?? "product")
        let productCode = try required(f, c.productCode)
        let productName = f.value(c.productName) ?? mapValue(product, c.productMapName)
        let amount = try FieldParser.decimal(f.cell(c.usageAmount), field: c.usageAmount)
        let unit = PricingUnit(f.value(c.pricingUnit))
        let consumed = unit?.consumed(amount)
        return SpendRow(
            provider: "aws", billingAccountID: payer, billingAccountName: c.payerAccountName.flatMap { f.value($0) },
            subAccountID: f.value(c.usageAccountID), subAccountName: c.usageAccountName.flatMap { f.value($0) },
            billingPeriodStart: Int32(FieldParser.day(of: period)), chargePeriodStart: start, chargePeriodEnd: end,
            chargeCategory: category, chargeDescription: f.value(c.description),
            serviceName: productName ?? productCode,
            serviceCategory: AWSServiceCategory.of(productCode: productCode, productName: productName),
            skuID: f.value(c.sku) ?? mapValue(product, c.productMapSKU), resourceID: f.value(c.resourceID),
            regionID: f.value(c.region) ?? mapValue(product, c.productMapRegion), pricingQuantity: amount,
            consumedQuantity: consumed?.quantity ?? amount, pricingUnit: unit?.focusName, consumedUnit: consumed?.unit,
            listCost: list, billedCost: billed, effectiveCost: effective, billingCurrency: currency,
            tags: try tags(f, c, tagColumns: tagColumns),
            model: category == "Usage"
                ? BedrockModel.model(
                    productCode: productCode, productName: productName, usageType: f.value(c.usageType))
                : nil,
            dataStatus: f.value(c.invoiceID) == nil ? "estimated" : "final")
    }

    /// The amortised cost of one line (see the type's comment).
    static func effectiveCost(_ type: String, billed: ExactDecimal, _ f: CSVFields, _ c: CURColumns)
        throws(ModelRowError) -> ExactDecimal
    {
        func decimal(_ name: String) throws(ModelRowError) -> ExactDecimal? {
            try FieldParser.decimal(f.cell(name), field: name)
        }
        switch type {
        case "DiscountedUsage":
            if let amortised = try decimal(c.reservationEffectiveCost) { return amortised }
            return try decimal(c.netUnblendedCost) ?? billed
        case "SavingsPlanCoveredUsage":
            if let amortised = try decimal(c.savingsPlanEffectiveCost) { return amortised }
            return try decimal(c.netUnblendedCost) ?? billed
        case "SavingsPlanNegation", "SavingsPlanUpfrontFee":
            return .zero
        case "RIFee":
            let upfront = try decimal(c.unusedAmortizedUpfrontFee) ?? .zero
            let recurring = try decimal(c.unusedRecurringFee) ?? .zero
            return try sum(upfront, recurring, field: c.unusedRecurringFee)
        case "SavingsPlanRecurringFee":
            guard let total = try decimal(c.totalCommitmentToDate), let used = try decimal(c.usedCommitment) else {
                return .zero
            }
            guard let unused = total.subtracting(used) else {
                throw ModelRowError(field: c.usedCommitment, reason: "the unused commitment does not fit a decimal")
            }
            return unused
        default:
            return try decimal(c.netUnblendedCost) ?? billed
        }
    }

    /// Usage start and end; the line's `identity/TimeInterval` (`start/end`) when a report leaves them empty.
    static func chargePeriod(_ f: CSVFields, _ c: CURColumns) throws(ModelRowError) -> (Int64, Int64) {
        if f.value(c.usageStart) == nil, let interval = f.value(c.timeInterval) {
            let parts = interval.split(separator: "/").map(String.init)
            guard parts.count == 2 else {
                throw ModelRowError(field: c.timeInterval, reason: "'\(interval)' is not a start/end interval")
            }
            return (
                try FieldParser.timestamp(parts[0], field: c.timeInterval),
                try FieldParser.timestamp(parts[1], field: c.timeInterval)
            )
        }
        return (
            try FieldParser.timestamp(f.cell(c.usageStart), field: c.usageStart),
            try FieldParser.timestamp(f.cell(c.usageEnd), field: c.usageEnd)
        )
    }

    /// User tags without their `user:` prefix, AWS's with theirs (`aws:createdBy`), empty ones left out: from
    /// legacy CUR's `resourceTags/…` columns or CUR 2.0's `resource_tags` map.
    static func tags(_ f: CSVFields, _ c: CURColumns, tagColumns: [String]) throws(ModelRowError)
        -> [(key: String, value: String)]
    {
        var raw: [(key: String, value: String)] = []
        if let prefix = c.tagPrefix {
            for column in tagColumns {
                if let value = f.value(column) { raw.append((String(column.dropFirst(prefix.count)), value)) }
            }
        }
        if let map = c.tagsMap { raw += try CURMapCell.parse(f.cell(map), field: map) }
        return raw.map { tag in (tag.key.hasPrefix("user:") ? String(tag.key.dropFirst(5)) : tag.key, tag.value) }
    }

    static func required(_ f: CSVFields, _ name: String) throws(ModelRowError) -> String {
        guard let value = f.value(name) else { throw ModelRowError(field: name, reason: "missing value") }
        return value
    }

    static func mapValue(_ map: [(key: String, value: String)], _ keys: [String]) -> String? {
        for key in keys { if let hit = map.first(where: { $0.key == key }) { return hit.value } }
        return nil
    }

    static func sum(_ a: ExactDecimal, _ b: ExactDecimal, field: String) throws(ModelRowError) -> ExactDecimal {
        guard let total = a.adding(b) else {
            throw ModelRowError(field: field, reason: "the sum does not fit a decimal")
        }
        return total
    }

    static var knownTypes: String { chargeCategories.keys.sorted().joined(separator: ", ") }
}

/// The money one record had yielded when it failed, so that its reject carries what was read (a record whose
/// cost cannot be read carries nothing).
struct SpendMoneyRead {
    var billed: ExactDecimal?
    var effective: ExactDecimal?
    var list: ExactDecimal?
    var currency = ""

    /// In `SpendRow.moneyColumns` order, at the ledger's scale.
    var units: [Int128] {
        [billed, effective, list].map { $0?.rescaledExactly(to: Lineage.moneyScale)?.units ?? 0 }
    }
}
