import Testing
import TributaryCore

@testable import TributaryExtractors

struct AzureCostExtractorTests {
    typealias F = ProviderCSVFixture

    static let eaHeader =
        "SubscriptionId,SubscriptionName,ResourceGroup,ResourceLocation,Date,ProductName,MeterCategory,"
        + "MeterSubCategory,MeterId,MeterName,UnitOfMeasure,Quantity,EffectivePrice,CostInBillingCurrency,ResourceId,"
        + "Tags,ChargeType,PricingModel,BillingAccountId,BillingAccountName,BillingCurrencyCode,BillingPeriodStartDate,"
        + "PayGPrice,ResourceLocationNormalized"

    /// The notes' synthetic EA row (billing-exports.md §5.6), tags without their braces as EA wrote them.
    static let eaAIRow =
        "6f1c0d2e-1111-4a4a-9b9b-222233334444,kestrel-prod,rg-ai,EastUS,09/14/2025,Azure OpenAI,Cognitive Services,"
        + "Azure OpenAI,m-1,gpt-4o-mini-0718-Inp-glbl Tokens,1K,52340,0.00015,7.851,/subscriptions/6f1c/accounts/aoai,"
        + "\"\"\"team\"\": \"\"search\"\",\"\"env\"\": \"\"prod\"\"\",Usage,On Demand,8608480,Kestrel EA,USD,"
        + "09/01/2025,0.00016,eastus"

    static func ea(_ rows: [String]) -> String { ([eaHeader] + rows).joined(separator: "\n") + "\n" }

    static let mcaHeader =
        "invoiceId,previousInvoiceId,billingAccountId,billingAccountName,billingPeriodStartDate,date,meterId,"
        + "meterName,meterCategory,meterSubCategory,ProductName,SubscriptionId,subscriptionName,ResourceId,"
        + "resourceLocation,quantity,unitOfMeasure,chargeType,billingCurrency,costInBillingCurrency,"
        + "paygCostInBillingCurrency,tags"

    static func mca(_ rows: [String]) -> String { ([mcaHeader] + rows).joined(separator: "\n") + "\n" }

    @Test func mapsAnEAAzureOpenAIRowFieldByField() async throws {
        let e = try await F.read(AzureCostFormat(), ["export.csv": Self.ea([Self.eaAIRow])])
        #expect(e.error == nil)
        #expect(e.rejects.isEmpty)
        let expected: [String: Value] = [
            "provider": .string("azure"), "billing_account_id": .string("8608480"),
            "billing_account_name": .string("Kestrel EA"),
            "sub_account_id": .string("6f1c0d2e-1111-4a4a-9b9b-222233334444"),
            "sub_account_name": .string("kestrel-prod"), "billing_period_start": F.day(2025, 9, 1),
            "charge_period_start": F.time("2025-09-14T00:00:00Z"), "charge_period_end": F.time("2025-09-15T00:00:00Z"),
            "charge_category": .string("Usage"), "charge_class": .null,
            "charge_description": .string("gpt-4o-mini-0718-Inp-glbl Tokens"),
            "service_name": .string("Cognitive Services"), "service_category": .string("AI and Machine Learning"),
            "sku_id": .string("m-1"), "resource_id": .string("/subscriptions/6f1c/accounts/aoai"),
            "region_id": .string("eastus"), "pricing_quantity": F.decimal("52340"),
            "consumed_quantity": F.decimal("52340000"), "pricing_unit": .string("1000 Tokens"),
            "consumed_unit": .string("Tokens"), "list_cost": F.decimal("8.3744"), "billed_cost": F.decimal("7.851"),
            "effective_cost": F.decimal("7.851"), "billing_currency": .string("USD"),
            "tags.key": .stringArray(["team", "env"]), "tags.value": .stringArray(["search", "prod"]),
            "x_model": .string("gpt-4o-mini"), "x_data_status": .string("estimated"),
        ]
        #expect(F.row(e, 0) == expected)
    }

    @Test func mapsAnMCARowWithISODatesAnInvoiceAndACorrection() async throws {
        let row =
            "G012345678,G011111111,acct:1_2019-05-31,Kestrel Ltd,2025-03-01,2025-03-05,m-2,D4s v5,Virtual Machines,"
            + "Dv5 Series,Virtual Machines Dv5,sub-1,kestrel-dev,/subscriptions/sub-1/vm,eastus,24,1 Hour,Refund,eur,"
            + "-4.608,-4.80,\"{\"\"env\"\":\"\"dev\"\"}\""
        let e = try await F.read(AzureCostFormat(), ["export.csv": Self.mca([row])])
        #expect(e.rejects.isEmpty, "\(e.rejects)")
        let expected: [String: Value] = [
            "provider": .string("azure"), "billing_account_id": .string("acct:1_2019-05-31"),
            "billing_account_name": .string("Kestrel Ltd"), "sub_account_id": .string("sub-1"),
            "sub_account_name": .string("kestrel-dev"), "billing_period_start": F.day(2025, 3, 1),
            "charge_period_start": F.time("2025-03-05T00:00:00Z"), "charge_period_end": F.time("2025-03-06T00:00:00Z"),
            "charge_category": .string("Credit"), "charge_class": .string("Correction"),
            "charge_description": .string("D4s v5"), "service_name": .string("Virtual Machines"),
            "service_category": .string("Compute"), "sku_id": .string("m-2"),
            "resource_id": .string("/subscriptions/sub-1/vm"), "region_id": .string("eastus"),
            "pricing_quantity": F.decimal("24"), "consumed_quantity": F.decimal("24"), "pricing_unit": .string("Hours"),
            "consumed_unit": .string("Hours"), "list_cost": F.decimal("-4.80"), "billed_cost": F.decimal("-4.608"),
            "effective_cost": F.decimal("-4.608"), "billing_currency": .string("EUR"),
            "tags.key": .stringArray(["env"]), "tags.value": .stringArray(["dev"]), "x_model": .null,
            "x_data_status": .string("final"),
        ]
        #expect(F.row(e, 0) == expected)
    }

    @Test(arguments: [
        ("gpt-4o-mini-0718-Inp-glbl Tokens", "gpt-4o-mini"), ("gpt-4o-mini-0718-Outp-glbl Tokens", "gpt-4o-mini"),
        ("gpt 4o 0513 Input global Tokens", "gpt-4o"), ("gpt 4o 1120 cached Inp glbl", "gpt-4o"),
        ("gpt-35-turbo-4k-Input-regional", "gpt-35-turbo"), ("gpt-4-8K-Batch-Inp-glbl Tokens", "gpt-4"),
        ("gpt 4.5 0227 cached Inp DZone", "gpt-4.5"), ("R1 Inp glbl Tokens", "r1"),
        ("gpt-4o-transcribe-aud-inp-glbl Tokens", "gpt-4o-transcribe"), ("Provisioned Managed Global", "unknown"),
        ("Standard", "unknown"),
    ])
    func azureOpenAIModelFromTheMeterName(_ c: (String, String)) {
        #expect(AzureOpenAIMeter.model(meterName: c.0) == c.1)
    }

    @Test(arguments: [
        ("\"\"\"env\"\": \"\"prod\"\"\"", ["env"], ["prod"]),
        ("\"{\"\"env\"\": \"\"prod\"\", \"\"cost-center\"\": 42}\"", ["env", "cost-center"], ["prod", "42"]),
        ("", [], []),
    ])
    func tagsWithOrWithoutTheirBraces(_ c: (String, [String], [String])) async throws {
        let row = Self.eaAIRow.replacingOccurrences(
            of: "\"\"\"team\"\": \"\"search\"\",\"\"env\"\": \"\"prod\"\"\"", with: c.0)
        let e = try await F.read(AzureCostFormat(), ["export.csv": Self.ea([row])])
        #expect(e.rejects.isEmpty, "\(e.rejects)")
        #expect(F.row(e, 0)["tags.key"] == .stringArray(c.1))
        #expect(F.row(e, 0)["tags.value"] == .stringArray(c.2))
    }

    @Test func isoDatesInAnEAFileAreReadToo() async throws {
        let row = Self.eaAIRow.replacingOccurrences(of: "09/14/2025", with: "2025-09-14")
            .replacingOccurrences(of: "09/01/2025", with: "2025-09-01T00:00:00Z")
        let e = try await F.read(AzureCostFormat(), ["export.csv": Self.ea([row])])
        #expect(F.row(e, 0)["charge_period_start"] == F.time("2025-09-14T00:00:00Z"))
        #expect(F.row(e, 0)["billing_period_start"] == F.day(2025, 9, 1))
    }

    // MARK: Bad input

    @Test func aMissingRequiredColumnIsRefusedNamingItAndTheFormat() async throws {
        let header = Self.eaHeader.replacingOccurrences(of: "BillingCurrencyCode,", with: "")
        let e = try await F.read(AzureCostFormat(), ["export.csv": header + "\n"])
        let error = try #require(e.error as? ExtractorError)
        #expect(error.location == SourceLocation(file: "export.csv", line: 1))
        #expect(error.message == "not a Microsoft Azure EA cost details file: the header lacks 'BillingCurrencyCode'")
    }

    @Test func anMCAFileReadAsEASaysWhatItLooksLike() async throws {
        let e = try await F.read(AzureCostFormat(agreement: .ea), ["export.csv": Self.mca([])])
        let error = try #require(e.error as? ExtractorError)
        #expect(
            error.message.hasPrefix(
                "not a Microsoft Azure EA cost details file: this looks like an MCA cost details file, not EA "
                    + "(read it with agreement = \"mca\""))
    }

    @Test func aHeaderOfNeitherAgreementNamesWhatEachLacks() async throws {
        let e = try await F.read(AzureCostFormat(), ["export.csv": "Date,Cost\n01/01/2025,1\n"])
        let error = try #require(e.error as? ExtractorError)
        #expect(
            error.message
                == "not a Microsoft Azure cost details file: the header is neither EA cost details (it lacks "
                + "'BillingAccountId', 'BillingPeriodStartDate', 'CostInBillingCurrency', 'BillingCurrencyCode', "
                + "'ChargeType', 'MeterCategory') nor MCA cost details (it lacks 'billingAccountId', 'date', "
                + "'billingPeriodStartDate', 'costInBillingCurrency', 'billingCurrency', 'chargeType', 'meterCategory')"
        )
    }

    @Test func anAWSFileIsPointedToTheAWSSource() async throws {
        let e = try await F.read(AzureCostFormat(), ["export.csv": "lineItem/UnblendedCost\n1\n"])
        let error = try #require(e.error as? ExtractorError)
        #expect(error.message.contains("this looks like an AWS Cost and Usage Report; read it with type = \"aws_cur\""))
    }

    @Test func aNonNumericCostIsARejectWithFileLineAndColumn() async throws {
        let bad = Self.eaAIRow.replacingOccurrences(of: ",7.851,", with: ",7.85 USD,")
        let e = try await F.read(AzureCostFormat(), ["export.csv": Self.ea([Self.eaAIRow, bad])])
        #expect(e.rows == 1)
        let reject = try #require(e.rejects.first)
        #expect(reject.file == "export.csv" && reject.line == 3)
        #expect(reject.field == "CostInBillingCurrency")
        #expect(reject.reason == "'7.85 USD' is not a decimal number")
    }

    @Test func anUnknownCurrencyIsARejectCarryingTheMoneyRead() async throws {
        let bad = Self.eaAIRow.replacingOccurrences(of: ",USD,", with: ",XYZ,")
        let e = try await F.read(AzureCostFormat(), ["export.csv": Self.ea([bad])])
        let reject = try #require(e.rejects.first)
        #expect(reject.field == "BillingCurrencyCode")
        #expect(reject.reason == "unknown currency 'XYZ' (not an ISO 4217 code)")
        let billed = try #require(ExactDecimal("7.851")?.rescaledExactly(to: Lineage.moneyScale)?.units)
        let list = try #require(ExactDecimal("8.3744")?.rescaledExactly(to: Lineage.moneyScale)?.units)
        #expect(reject.money == [billed, billed, list])
        #expect(reject.currency == "XYZ")
    }

    @Test func aDateInAnotherFormIsARejectNamingTheColumn() async throws {
        let bad = Self.eaAIRow.replacingOccurrences(of: "09/14/2025", with: "14.09.2025")
        let e = try await F.read(AzureCostFormat(), ["export.csv": Self.ea([bad])])
        let reject = try #require(e.rejects.first)
        #expect(reject.field == "Date")
        #expect(reject.reason == "'14.09.2025' is not an ISO 8601 date or time")
    }

    @Test func anUnknownChargeTypeIsAReject() async throws {
        let bad = Self.eaAIRow.replacingOccurrences(of: ",Usage,", with: ",Rebate,")
        let e = try await F.read(AzureCostFormat(), ["export.csv": Self.ea([bad])])
        let reject = try #require(e.rejects.first)
        #expect(reject.field == "ChargeType")
        #expect(reject.reason.hasPrefix("'Rebate' is not a charge type this source knows (Adjustment, Credit, "))
    }
}
