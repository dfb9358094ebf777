import Foundation
import Testing
import TributaryCore
import TributaryFormats

@testable import TributaryExtractors

/// The `focus` source: FOCUS columns to `spend`, field by field; the versions; the bad inputs.
struct FOCUSExtractorTests {
    static let header = """
        BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,\
        ChargeCategory,ChargeClass,ChargeDescription,ChargePeriodStart,ChargePeriodEnd,ConsumedQuantity,ConsumedUnit,\
        ContractedCost,EffectiveCost,InvoiceId,ListCost,PricingQuantity,PricingUnit,ProviderName,PublisherName,\
        RegionId,ResourceId,ServiceCategory,ServiceName,ServiceSubcategory,SkuId,SubAccountId,SubAccountName,Tags
        """
    static let usage = """
        13.869702,5f8e2b7c,Kestrel Analytics,USD,2025-02-01T00:00:00Z,2025-03-01T00:00:00Z,Usage,,\
        Atlas AWS Instance M30 (analytics-1),2025-02-01T00:00:00Z,2025-02-02T00:00:00Z,25.684633,Hours,13.869702,\
        13.869702,INV-2025-02,14.5,25.684633,Hours,MongoDB,MongoDB,us-east-1,64a1/analytics-1,Databases,\
        MongoDB Atlas,Other (Databases),ATLAS_AWS_INSTANCE_M30,64a1,kestrel-analytics,\
        "{""cluster"":""analytics-1"",""env"":""prod"",""size"":30}"
        """
    static let credit = """
        -1.5E2,5f8e2b7c,Kestrel Analytics,usd,2025-02-01T00:00:00Z,2025-03-01T00:00:00Z,Credit,Correction,\
        Promotional credit,2025-01-01T00:00:00Z,2025-02-01T00:00:00Z,,,0,-150.00,,0,,,AWS,AWS,,,Databases,\
        MongoDB Atlas,,,,,
        """

    static func extract(_ files: [String: String]) async throws -> Extraction {
        let dir = try TemporaryDirectory()
        for (name, text) in files { try dir.write(name, text) }
        return try await TributaryExtractorsTests.extract(
            FOCUSExtractor(
                format: FOCUSFormat(), sourceID: "focus", paths: ["*.csv"], baseDirectory: dir.path,
                tableDefaults: SpendRow.tableDefaults))
    }

    static func row(_ result: Extraction, _ i: Int) -> [String: String] {
        var out: [String: String] = [:]
        for field in SpendRow.schema.fields { out[field.name] = result.values(field.name)[i].description }
        return out
    }

    @Test func columnsMapOneToOne() async throws {
        let result = try await Self.extract(["f.csv": [Self.header, Self.usage, Self.credit].joined(separator: "\n")])
        #expect(result.error == nil)
        #expect(result.rejects.isEmpty)
        #expect(
            Self.row(result, 0) == [
                "provider": "mongodb", "billing_account_id": "5f8e2b7c", "billing_account_name": "Kestrel Analytics",
                "sub_account_id": "64a1", "sub_account_name": "kestrel-analytics", "billing_period_start": "2025-02-01",
                "charge_period_start": "2025-02-01 00:00:00", "charge_period_end": "2025-02-02 00:00:00",
                "charge_category": "Usage", "charge_class": "NULL",
                "charge_description": "Atlas AWS Instance M30 (analytics-1)", "service_name": "MongoDB Atlas",
                "service_category": "Databases", "sku_id": "ATLAS_AWS_INSTANCE_M30", "resource_id": "64a1/analytics-1",
                "region_id": "us-east-1", "pricing_quantity": "25.684633000000", "consumed_quantity": "25.684633000000",
                "pricing_unit": "Hours", "consumed_unit": "Hours", "list_cost": "14.500000000000",
                "billed_cost": "13.869702000000",
                "effective_cost": "13.869702000000", "billing_currency": "USD", "tags.key": "[cluster,env,size]",
                "tags.value": "[analytics-1,prod,30]", "x_model": "NULL", "x_data_status": "final",
            ])
        // Money at the table's scale; E-notation read exactly, the currency upper-cased, ProviderName AWS named
        // as the aws source names it.
        let credit = Self.row(result, 1)
        #expect(credit["billed_cost"] == "-150.000000000000")
        #expect(credit["effective_cost"] == "-150.000000000000")
        #expect(credit["billing_currency"] == "USD")
        #expect(credit["provider"] == "aws")
        #expect(credit["charge_category"] == "Credit")
        #expect(credit["charge_class"] == "Correction")
        #expect(credit["x_data_status"] == "estimated")
        #expect(credit["tags.key"] == "[]")
    }

    @Test(arguments: [
        (["BillingAccountId", "BilledCost", "ChargeCategory"], "1.0"),
        (["BillingAccountId", "BilledCost", "ServiceSubcategory"], "1.1"),
        (["BillingAccountId", "SkuMeter"], "1.1"),
        (["BillingAccountId", "ServiceSubcategory", "InvoiceId"], "1.2"),
        (["BillingAccountId", "BillingAccountType"], "1.2"),
    ])
    func theHeaderTellsTheVersion(header: [String], version: String) {
        #expect(FOCUSFormat.version(of: header) == version)
    }

    @Test func theMandatoryColumnsAloneAreEnough() async throws {
        let header = FOCUSFormat.required.joined(separator: ",")
        let record = "1,USD,2025-01-01T00:00:00Z,2025-01-02T00:00:00Z,2025-01-03T00:00:00Z,Usage,Atlas,Databases,2,2,3"
        let result = try await Self.extract(["min.csv": header + "\n" + record + "\n"])
        #expect(result.error == nil)
        let row = Self.row(result, 0)
        #expect(row["provider"] == "unknown")
        #expect(row["billing_account_id"] == "1")
        #expect(row["billed_cost"] == "2.000000000000")
        #expect(row["list_cost"] == "3.000000000000")
        #expect(row["sub_account_id"] == "NULL")
        #expect(row["x_data_status"] == "estimated")
    }

    @Test func aMissingMandatoryColumnIsRefusedNamingIt() async throws {
        let header = Self.header.replacingOccurrences(of: "BilledCost,", with: "")
        let result = try await Self.extract(["f.csv": header + "\n"])
        #expect(
            result.error as? ExtractorError
                == .wrongFormat(file: "f.csv", line: 1, expected: "FOCUS", message: "the header lacks 'BilledCost'"))
        #expect(result.rows == 0)
    }

    @Test func aCURHeaderIsToldToUseAWSCUR() async throws {
        let cur = "identity/LineItemId,lineItem/UnblendedCost,lineItem/CurrencyCode\nx,1,USD\n"
        let result = try await Self.extract(["cur.csv": cur])
        let error = try #require(result.error as? ExtractorError)
        #expect(error.location.line == 1)
        #expect(
            error.message.hasPrefix(
                "not a FOCUS file: this looks like an AWS Cost and Usage Report; read it with type = \"aws_cur\"; "
                    + "the header lacks 'BillingAccountId'"))
        #expect(result.rows == 0)
    }

    @Test func badValuesAreRejectsWithFileLineAndColumn() async throws {
        let badCost = Self.usage.replacingOccurrences(of: "13.869702,5f8e2b7c", with: "n/a,5f8e2b7c")
        let badCurrency = Self.usage.replacingOccurrences(of: ",USD,", with: ",DOLLARS,")
        let badTags = Self.usage.replacingOccurrences(
            of: #""{""cluster"":""analytics-1"",""env"":""prod"",""size"":30}""#, with: #""[""analytics-1""]""#)
        let text = [Self.header, badCost, Self.usage, badCurrency, badTags].joined(separator: "\n") + "\n"
        let result = try await Self.extract(["atlas.csv": text])
        #expect(result.error == nil)
        #expect(result.rows == 1)
        #expect(
            result.rejects.map { "\($0.file):\($0.line) \($0.field ?? "-"): \($0.reason)" } == [
                "atlas.csv:2 BilledCost: 'n/a' is not a decimal number",
                "atlas.csv:4 BillingCurrency: unknown currency 'DOLLARS' (not an ISO 4217 code)",
                "atlas.csv:5 Tags: expected a JSON object of tags, found an array",
            ])
        #expect(result.rejects[0].raw.first { $0.0 == "BilledCost" }?.1 == "n/a")
    }
}
