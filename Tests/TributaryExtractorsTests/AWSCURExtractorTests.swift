import Testing
import TributaryCore

@testable import TributaryExtractors

struct AWSCURExtractorTests {
    typealias F = ProviderCSVFixture

    static let cur2Header =
        "bill_payer_account_id,bill_payer_account_name,bill_invoice_id,bill_billing_period_start_date,"
        + "line_item_usage_account_id,line_item_usage_account_name,line_item_line_item_type,"
        + "line_item_usage_start_date,line_item_usage_end_date,line_item_product_code,line_item_usage_type,"
        + "line_item_resource_id,line_item_usage_amount,line_item_currency_code,line_item_unblended_cost,"
        + "line_item_net_unblended_cost,line_item_line_item_description,pricing_public_on_demand_cost,pricing_unit,"
        + "reservation_effective_cost,product,resource_tags"

    static func cur2(_ rows: [String]) -> String { ([cur2Header] + rows).joined(separator: "\n") + "\n" }

    static let bedrockRow =
        "111122223333,Payer Co,,2025-09-01T00:00:00.000Z,444455556666,prod,Usage,2025-09-14T00:00:00.000Z,"
        + "2025-09-15T00:00:00.000Z,mpcode123,USE1-MP:USE1_InputTokenCount-Units,,1.234,USD,3.702,,Claude input,"
        + "3.702,1M tokens,,\"{\"\"product_name\"\":\"\"Claude Sonnet 4.6 (Amazon Bedrock Edition)\"\",\"\"region\"\":"
        + "\"\"us-east-1\"\"}\",\"{\"\"user:team\"\":\"\"payments\"\",\"\"aws:createdBy\"\":\"\"role/ci\"\"}\""

    @Test func mapsACUR2BedrockMarketplaceLineFieldByField() async throws {
        let e = try await F.read(AWSCURFormat(), ["export.csv": Self.cur2([Self.bedrockRow])])
        #expect(e.error == nil)
        #expect(e.rejects.isEmpty)
        let expected: [String: Value] = [
            "provider": .string("aws"), "billing_account_id": .string("111122223333"),
            "billing_account_name": .string("Payer Co"), "sub_account_id": .string("444455556666"),
            "sub_account_name": .string("prod"), "billing_period_start": F.day(2025, 9, 1),
            "charge_period_start": F.time("2025-09-14T00:00:00Z"), "charge_period_end": F.time("2025-09-15T00:00:00Z"),
            "charge_category": .string("Usage"), "charge_class": .null, "charge_description": .string("Claude input"),
            "service_name": .string("Claude Sonnet 4.6 (Amazon Bedrock Edition)"),
            "service_category": .string("AI and Machine Learning"), "sku_id": .null, "resource_id": .null,
            "region_id": .string("us-east-1"), "pricing_quantity": F.decimal("1.234"),
            "consumed_quantity": F.decimal("1234000"), "pricing_unit": .string("1000000 Tokens"),
            "consumed_unit": .string("Tokens"), "list_cost": F.decimal("3.702"), "billed_cost": F.decimal("3.702"),
            "effective_cost": F.decimal("3.702"), "billing_currency": .string("USD"),
            "tags.key": .stringArray(["team", "aws:createdBy"]), "tags.value": .stringArray(["payments", "role/ci"]),
            "x_model": .string("Claude Sonnet 4.6"), "x_data_status": .string("estimated"),
        ]
        #expect(F.row(e, 0) == expected)
        #expect(e.lines == [2])
        #expect(e.batches.first?.lineage.currency == ["USD"])
    }

    @Test func mapsALegacyLineFieldByField() async throws {
        let text = """
            identity/TimeInterval,bill/InvoiceId,bill/PayerAccountId,bill/BillingPeriodStartDate,\
            lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,\
            lineItem/ProductCode,lineItem/UsageType,lineItem/ResourceId,lineItem/UsageAmount,lineItem/CurrencyCode,\
            lineItem/UnblendedCost,lineItem/LineItemDescription,product/ProductName,product/region,product/sku,\
            pricing/unit,pricing/publicOnDemandCost,resourceTags/user:team,resourceTags/user:env,\
            resourceTags/aws:createdBy
            2025-02-03T00:00:00Z/2025-02-04T00:00:00Z,2153000333,333333333333,2025-02-01T00:00:00Z,555555555555,\
            Usage,2025-02-03T00:00:00Z,2025-02-04T00:00:00Z,AmazonEC2,EUC1-BoxUsage:t3.medium,i-0b1c,24.0,usd,\
            0.9984000000,$0.0416 per Hrs,Amazon Elastic Compute Cloud,eu-central-1,SKU1,Hrs,1.10,labs,,ci-user

            """
        let e = try await F.read(AWSCURFormat(), ["export.csv": text])
        #expect(e.error == nil)
        #expect(e.rejects.isEmpty)
        let expected: [String: Value] = [
            "provider": .string("aws"), "billing_account_id": .string("333333333333"), "billing_account_name": .null,
            "sub_account_id": .string("555555555555"), "sub_account_name": .null,
            "billing_period_start": F.day(2025, 2, 1), "charge_period_start": F.time("2025-02-03T00:00:00Z"),
            "charge_period_end": F.time("2025-02-04T00:00:00Z"), "charge_category": .string("Usage"),
            "charge_class": .null, "charge_description": .string("$0.0416 per Hrs"),
            "service_name": .string("Amazon Elastic Compute Cloud"), "service_category": .string("Compute"),
            "sku_id": .string("SKU1"), "resource_id": .string("i-0b1c"), "region_id": .string("eu-central-1"),
            "pricing_quantity": F.decimal("24"), "consumed_quantity": F.decimal("24"), "pricing_unit": .string("Hours"),
            "consumed_unit": .string("Hours"), "list_cost": F.decimal("1.10"), "billed_cost": F.decimal("0.9984"),
            "effective_cost": F.decimal("0.9984"), "billing_currency": .string("USD"),
            "tags.key": .stringArray(["team", "aws:createdBy"]), "tags.value": .stringArray(["labs", "ci-user"]),
            "x_model": .null, "x_data_status": .string("final"),
        ]
        #expect(F.row(e, 0) == expected)
    }

    /// Amortised cost per line item type: commitments are counted once, in the usage they cover.
    @Test(arguments: [
        // type, unblended, net, reservation effective, SP effective, unused upfront, unused recurring, SP total,
        // SP used → (category, effective)
        ("Usage", "1.00", "", "", "", "", "", "", "", "Usage", "1.00"),
        ("Usage", "1.00", "0.90", "", "", "", "", "", "", "Usage", "0.90"),
        ("DiscountedUsage", "0", "", "0.121", "", "", "", "", "", "Usage", "0.121"),
        ("SavingsPlanCoveredUsage", "0.192", "", "", "0.13", "", "", "", "", "Usage", "0.13"),
        ("SavingsPlanNegation", "-0.192", "", "", "", "", "", "", "", "Usage", "0"),
        ("RIFee", "87.60", "", "", "", "10.00", "2.50", "", "", "Purchase", "12.50"),
        ("RIFee", "87.60", "", "", "", "", "", "", "", "Purchase", "0"),
        ("SavingsPlanRecurringFee", "100", "", "", "", "", "", "100", "92.5", "Purchase", "7.5"),
        ("SavingsPlanUpfrontFee", "1200", "", "", "", "", "", "", "", "Purchase", "0"),
        ("Fee", "29.00", "", "", "", "", "", "", "", "Purchase", "29.00"),
        ("Tax", "1.60", "", "", "", "", "", "", "", "Tax", "1.60"),
        ("Credit", "-50", "", "", "", "", "", "", "", "Credit", "-50"),
        ("Refund", "-3.10", "", "", "", "", "", "", "", "Credit", "-3.10"),
        ("EdpDiscount", "-0.05", "", "", "", "", "", "", "", "Credit", "-0.05"),
    ])
    func effectiveCostAndCategoryPerLineItemType(
        _ c: (String, String, String, String, String, String, String, String, String, String, String)
    ) async throws {
        let header =
            "bill/PayerAccountId,bill/BillingPeriodStartDate,lineItem/LineItemType,lineItem/UsageStartDate,"
            + "lineItem/UsageEndDate,lineItem/ProductCode,lineItem/UnblendedCost,lineItem/NetUnblendedCost,"
            + "lineItem/CurrencyCode,reservation/EffectiveCost,savingsPlan/SavingsPlanEffectiveCost,"
            + "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod,reservation/UnusedRecurringFee,"
            + "savingsPlan/TotalCommitmentToDate,savingsPlan/UsedCommitment\n"
        let row =
            "1,2025-01-01T00:00:00Z,\(c.0),2025-01-01T00:00:00Z,2025-01-01T01:00:00Z,AmazonEC2,\(c.1),\(c.2),USD,"
            + "\(c.3),\(c.4),\(c.5),\(c.6),\(c.7),\(c.8)\n"
        let e = try await F.read(AWSCURFormat(), ["export.csv": header + row])
        #expect(e.rejects.isEmpty, "\(e.rejects)")
        let r = F.row(e, 0)
        #expect(r["charge_category"] == .string(c.9))
        #expect(r["effective_cost"] == F.decimal(c.10))
        #expect(r["billed_cost"] == F.decimal(c.1))
        #expect(r["list_cost"] == F.decimal(c.1))
    }

    @Test func readsCostsInENotationAndHiveStyleMaps() async throws {
        let row =
            "1,,,2025-01-01T00:00:00.000Z,2,,Usage,2025-01-01T00:00:00.000Z,2025-01-02T00:00:00.000Z,AmazonS3,"
            + "Requests-Tier2,kestrel-data,97.5,USD,3.9E-5,,GET requests,3.9E-5,Requests,,"
            + "\"{product_name=Amazon Simple Storage Service, region_code=us-east-1, sku=ABC}\","
            + "\"{user:team=data, user:note=a, b}\""
        let e = try await F.read(AWSCURFormat(), ["export.csv": Self.cur2([row])])
        #expect(e.rejects.isEmpty, "\(e.rejects)")
        let r = F.row(e, 0)
        #expect(r["billed_cost"] == F.decimal("0.000039"))
        #expect(r["service_name"] == .string("Amazon Simple Storage Service"))
        #expect(r["service_category"] == .string("Storage"))
        #expect(r["sku_id"] == .string("ABC"))
        #expect(r["region_id"] == .string("us-east-1"))
        #expect(r["tags.key"] == .stringArray(["team", "note"]))
        #expect(r["tags.value"] == .stringArray(["data", "a, b"]))
    }

    @Test(arguments: [
        ("AmazonBedrock", "Amazon Bedrock", "USE1-Claude3Haiku-input-tokens", "Claude3Haiku"),
        ("AmazonBedrock", "Amazon Bedrock", "USW2-Llama4-Maverick-17B-input-tokens-batch", "Llama4-Maverick-17B"),
        ("AmazonBedrock", "Amazon Bedrock", "USE1-zai.glm-4.7-output-tokens-batch", "zai.glm-4.7"),
        ("AmazonBedrock", "Amazon Bedrock", "USE1-NovaMicro-mantle-input-tokens-standard", "NovaMicro"),
        ("AmazonBedrock", "Amazon Bedrock", "USE1-Claude3Sonnet-cache-read-input-tokens", "Claude3Sonnet"),
        (
            "mp1", "Claude Sonnet 4.6 (Amazon Bedrock Edition)", "USE1-MP:USE1_OutputTokenCount-Units",
            "Claude Sonnet 4.6"
        ),
        ("AmazonBedrock", "Amazon Bedrock", "USE1-ProvisionedThroughput", nil),
        ("AmazonEC2", "Amazon Elastic Compute Cloud", "BoxUsage:m5.xlarge", nil),
    ])
    func bedrockModelFromUsageTypeOrProductName(_ c: (String, String, String, String?)) {
        #expect(BedrockModel.model(productCode: c.0, productName: c.1, usageType: c.2) == c.3)
    }

    @Test func aTaxLineOfABedrockProductNamesNoModel() async throws {
        let row =
            "1,,,2025-09-01T00:00:00.000Z,2,,Tax,2025-09-01T00:00:00.000Z,2025-10-01T00:00:00.000Z,mp1,,,,USD,0.30,"
            + ",Tax,,,,\"{\"\"product_name\"\":\"\"Claude Sonnet 4.6 (Amazon Bedrock Edition)\"\"}\",{}"
        let e = try await F.read(AWSCURFormat(), ["export.csv": Self.cur2([row])])
        let r = F.row(e, 0)
        #expect(r["charge_category"] == .string("Tax"))
        #expect(r["x_model"] == .null)
        #expect(r["service_category"] == .string("AI and Machine Learning"))
    }

    // MARK: Bad input

    @Test func aMissingRequiredColumnIsRefusedBeforeAnyRowNamingItAndTheFormat() async throws {
        let header = Self.cur2Header.replacingOccurrences(of: "line_item_unblended_cost,", with: "")
        let e = try await F.read(AWSCURFormat(), ["export.csv": header + "\n1,2,3\n"])
        let error = try #require(e.error as? ExtractorError)
        #expect(e.rows == 0 && e.rejects.isEmpty)
        #expect(error.location == SourceLocation(file: "export.csv", line: 1))
        #expect(error.message == "not a CUR 2.0 file: the header lacks 'line_item_unblended_cost'")
    }

    @Test func aCUR2FileReadAsLegacySaysWhatItLooksLike() async throws {
        let e = try await F.read(
            AWSCURFormat(version: .legacy), ["export.csv": Self.cur2([Self.bedrockRow])])
        let error = try #require(e.error as? ExtractorError)
        #expect(
            error.message.hasPrefix(
                "not a legacy CUR file: this looks like a CUR 2.0 file, not legacy CUR (read it with version = \"2.0\"")
        )
        #expect(error.message.contains("the header lacks 'bill/PayerAccountId', 'bill/BillingPeriodStartDate'"))
    }

    @Test func aLegacyFileReadAsCUR2SaysWhatItLooksLike() async throws {
        let text = "bill/PayerAccountId,lineItem/UnblendedCost\n1,2\n"
        let e = try await F.read(AWSCURFormat(version: .cur2), ["export.csv": text])
        let error = try #require(e.error as? ExtractorError)
        #expect(error.message.hasPrefix("not a CUR 2.0 file: this looks like a legacy CUR file, not CUR 2.0"))
    }

    @Test func aHeaderOfNeitherVersionNamesWhatEachLacks() async throws {
        let e = try await F.read(AWSCURFormat(), ["export.csv": "day,cost,currency\n2025-01-01,1,USD\n"])
        let error = try #require(e.error as? ExtractorError)
        #expect(
            error.message
                == "not a CUR file: the header is neither legacy CUR (it lacks 'bill/PayerAccountId', "
                + "'bill/BillingPeriodStartDate', 'lineItem/LineItemType', 'lineItem/UsageStartDate', "
                + "'lineItem/UsageEndDate', 'lineItem/ProductCode', 'lineItem/UnblendedCost', 'lineItem/CurrencyCode') "
                + "nor CUR 2.0 (it lacks 'bill_payer_account_id', 'bill_billing_period_start_date', "
                + "'line_item_line_item_type', 'line_item_usage_start_date', 'line_item_usage_end_date', "
                + "'line_item_product_code', 'line_item_unblended_cost', 'line_item_currency_code')")
    }

    @Test func aFOCUSFileIsPointedToTheFocusSource() async throws {
        let e = try await F.read(AWSCURFormat(), ["export.csv": "BilledCost,ChargePeriodStart\n1,2025-01-01\n"])
        let error = try #require(e.error as? ExtractorError)
        #expect(error.message.contains("this looks like a FOCUS file; read it with type = \"focus\""))
    }

    @Test func aNonNumericCostIsARejectWithFileLineAndColumn() async throws {
        let bad = Self.bedrockRow.replacingOccurrences(of: ",USD,3.702,", with: ",USD,n/a,")
        let e = try await F.read(AWSCURFormat(), ["export.csv": Self.cur2([Self.bedrockRow, bad, Self.bedrockRow])])
        #expect(e.rows == 2)
        let reject = try #require(e.rejects.first)
        #expect(e.rejects.count == 1)
        #expect(reject.file == "export.csv" && reject.line == 3)
        #expect(reject.field == "line_item_unblended_cost")
        #expect(reject.reason == "'n/a' is not a decimal number")
        #expect(reject.money == [0, 0, 0])
    }

    @Test func anUnknownCurrencyIsARejectCarryingTheMoneyRead() async throws {
        let bad = Self.bedrockRow.replacingOccurrences(of: ",USD,", with: ",US$,")
        let e = try await F.read(AWSCURFormat(), ["export.csv": Self.cur2([bad])])
        let reject = try #require(e.rejects.first)
        #expect(e.rows == 0)
        #expect(reject.line == 2 && reject.field == "line_item_currency_code")
        #expect(reject.reason == "unknown currency 'US$' (not an ISO 4217 code)")
        let units = try #require(ExactDecimal("3.702")?.rescaledExactly(to: Lineage.moneyScale)?.units)
        #expect(reject.money == [units, units, units])
        #expect(reject.currency == "US$")
    }

    @Test func anUnknownLineItemTypeIsARejectNamingTheKnownOnes() async throws {
        let bad = Self.bedrockRow.replacingOccurrences(of: ",Usage,", with: ",MysteryCharge,")
        let e = try await F.read(AWSCURFormat(), ["export.csv": Self.cur2([bad])])
        let reject = try #require(e.rejects.first)
        #expect(reject.field == "line_item_line_item_type")
        #expect(reject.reason.hasPrefix("'MysteryCharge' is not a line item type this source knows (BundledDiscount, "))
    }

    @Test func aMalformedMapCellIsAReject() async throws {
        let bad = Self.bedrockRow.replacingOccurrences(
            of: "\"{\"\"user:team\"\":\"\"payments\"\",\"\"aws:createdBy\"\":\"\"role/ci\"\"}\"", with: "team:payments")
        let e = try await F.read(AWSCURFormat(), ["export.csv": Self.cur2([bad])])
        let reject = try #require(e.rejects.first)
        #expect(reject.field == "resource_tags")
        #expect(reject.reason == "'team:payments' is not a map (a JSON object or {key=value, …})")
    }
}
