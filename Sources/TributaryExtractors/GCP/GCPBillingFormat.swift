import TributaryCore
import TributaryFormats

/// The Google Cloud standard usage cost export (`gcp_billing_export_v1_<account>`) as BigQuery extracts it to
/// JSON Lines: one object per export row, into `spend` (../shared/formats/billing-exports.md §4).
///
/// Each row is one billed line (`billed_cost` = `cost`), and each of its `credits[]` another, of category
/// `Credit` with the credit's (negative) amount, so that a month's net is `sum(billed_cost)` as Google reconciles
/// it: `cost + SUM(credits.amount)` over every `cost_type`. `invoice.month` is the billing period (late usage
/// lands on the next invoice month), `project` the sub account, `labels[]` the tags. The export appends and never
/// updates: a correction is a row of its own (`cost_type = adjustment` with `adjustment_info`), which is
/// `ChargeClass = Correction` when it fixes usage of an earlier, already invoiced month. The export has no
/// invoice id, so every row is `estimated`.
///
/// The CSV form (`GCPBillingCSVFormat`) reads each record into the same object and maps it here.
public struct GCPBillingFormat: ProviderJSONFormat {
    public typealias Row = SpendRow
    public var name: String { "GCP billing export" }

    public init() {}

    public func map(_ record: JSONValue, at path: JSONPath, file: String) throws(ExtractorError) -> MappedRecord<
        SpendRow
    > {
        guard let object = record.objectValue else {
            throw .unexpectedJSON(
                file: file, path: path.description, expected: "an object (one row of the billing export)",
                found: record.kindDescription)
        }
        // A line with neither is not a row of this export at all: stop rather than reject every line.
        guard object["cost"] != nil || object["usage_start_time"] != nil else {
            throw .unexpectedJSON(
                file: file, path: path.description,
                expected: "a row of the GCP billing export (billing_account_id, cost, usage_start_time, …)",
                found: Self.describe(object))
        }
        return Self.map(JSONFields(record, at: path))
    }

    /// What an object that is not an export row looks like, for the message that stops the run.
    static func describe(_ object: JSONObject) -> String {
        if object["BilledCost"] != nil {
            return "a FOCUS row (BilledCost); read FOCUS files with type = \"focus\""
        }
        let keys = object.keys.prefix(8).joined(separator: ", ")
        return object.isEmpty ? "an empty object" : "an object with keys \(keys)\(object.count > 8 ? ", …" : "")"
    }

    /// The money a record had when its mapping failed, so that the books count what was read as rejected.
    struct ReadMoney {
        var billed = ExactDecimal.zero
        var list = ExactDecimal.zero
        var currency = ""

        var units: [Int128] {
            [billed, billed, list].map { $0.rescaledExactly(to: Lineage.moneyScale)?.units ?? 0 }
        }
    }

    /// The rows of one export row, or a reject naming the member at fault by its path.
    static func map(_ f: JSONFields) -> MappedRecord<SpendRow> {
        var read = ReadMoney()
        do throws(ModelRowError) {
            return .rows(try rows(f, read: &read))
        } catch {
            return .reject(field: error.field, reason: error.reason, money: read.units, currency: read.currency)
        }
    }

    static func rows(_ f: JSONFields, read: inout ReadMoney) throws(ModelRowError) -> [SpendRow] {
        // Money first, so that a row refused for anything else still carries its amounts to the books.
        let currencyText = try f.string("currency")
        read.currency = currencyText?.trimmingCharacters(in: .whitespaces).uppercased() ?? ""
        let cost = try f.requiredDecimal("cost")
        let list = try f.decimal("cost_at_list") ?? cost
        read.billed = cost
        read.list = list
        var credits: [Credit] = []
        for c in try f.elementFields("credits") {
            let amount = try c.requiredDecimal("amount")
            read.billed = read.billed.adding(amount) ?? read.billed
            credits.append(
                Credit(
                    amount: amount, name: try text(c, "name"), fullName: try text(c, "full_name"),
                    type: try text(c, "type")))
        }
        let currency = try FieldParser.currency(currencyText, field: f.fieldPath("currency"))

        let service = try f.nestedFields("service")
        let sku = try f.nestedFields("sku")
        let project = try f.nestedFields("project")
        let location = try f.nestedFields("location")
        let usage = try f.nestedFields("usage")
        let invoice = try f.nestedFields("invoice")
        let adjustment = try f.nestedFields("adjustment_info")
        let serviceName = try service.requiredString("description")
        let start = try timestamp(f, "usage_start_time")
        let end = try timestamp(f, "usage_end_time")
        let billingPeriod = try FieldParser.invoiceMonth(
            try invoice.requiredString("month"), field: invoice.fieldPath("month"))
        let costType = try f.requiredString("cost_type")
        guard let category = chargeCategories[costType.lowercased()] else {
            throw ModelRowError(
                field: f.fieldPath("cost_type"),
                reason: "'\(costType)' is not a cost type of the export (regular, tax, adjustment, rounding_error)")
        }
        let adjustmentDescription = try text(adjustment, "description")
        let adjustmentID = try text(adjustment, "id")
        let adjustmentType = try text(adjustment, "type")
        let isAdjustment = adjustmentID != nil || adjustmentType != nil
        // FOCUS: a correction of a period already invoiced; one within the invoice month is not a Correction.
        let chargeClass = isAdjustment && FieldParser.monthStart(of: start) < billingPeriod ? "Correction" : nil
        let skuDescription = try text(sku, "description")
        let serviceID = try text(service, "id")
        let region = try text(location, "region")
        let place = try text(location, "location")
        let base = SpendRow(
            provider: "gcp", billingAccountID: try f.requiredString("billing_account_id"),
            subAccountID: try text(project, "id"), subAccountName: try text(project, "name"),
            billingPeriodStart: billingPeriod, chargePeriodStart: start, chargePeriodEnd: end,
            chargeCategory: category, chargeClass: chargeClass,
            chargeDescription: adjustmentDescription ?? skuDescription, serviceName: serviceName,
            serviceCategory: serviceCategories[serviceName] ?? "Other", skuID: try text(sku, "id"),
            resourceID: try text(f.nestedFields("resource"), "name"),
            regionID: region ?? place,
            pricingQuantity: try usage.decimal("amount_in_pricing_units"),
            consumedQuantity: try usage.decimal("amount"), pricingUnit: try text(usage, "pricing_unit"),
            consumedUnit: try text(usage, "unit"), listCost: list, billedCost: cost, effectiveCost: cost,
            billingCurrency: currency, tags: try tags(f),
            model: model(serviceID: serviceID, service: serviceName, sku: skuDescription))
        var rows = [base]
        for credit in credits {
            var row = base
            row.chargeCategory = "Credit"
            row.chargeDescription = credit.name ?? credit.fullName ?? credit.type ?? "Credit"
            // The usage line counts the quantity; its credit only the money.
            row.pricingQuantity = nil
            row.consumedQuantity = nil
            row.pricingUnit = nil
            row.consumedUnit = nil
            row.listCost = .zero
            row.billedCost = credit.amount
            row.effectiveCost = credit.amount
            rows.append(row)
        }
        return rows
    }

    /// One element of `credits[]`.
    struct Credit {
        var amount: ExactDecimal
        var name: String?
        var fullName: String?
        var type: String?
    }

    /// An optional text member; an empty string (a flattening query's rendering of NULL, or a tax row's empty
    /// project) is no value.
    static func text(_ f: JSONFields, _ key: String) throws(ModelRowError) -> String? {
        guard let s = try f.string(key), !s.isEmpty else { return nil }
        return s
    }

    /// A TIMESTAMP as the extract renders it (`2025-01-14 10:00:00 UTC`), or RFC 3339.
    static func timestamp(_ f: JSONFields, _ key: String) throws(ModelRowError) -> Int64 {
        var text = try f.string(key) ?? ""
        if text.hasSuffix(" UTC") { text.removeLast(4) }
        return try FieldParser.timestamp(text, field: f.fieldPath(key))
    }
}
