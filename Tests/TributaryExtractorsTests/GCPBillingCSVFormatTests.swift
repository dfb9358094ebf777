import Foundation
import Testing
import TributaryCore
import TributaryFormats

@testable import TributaryExtractors

/// The flattened CSV form of the GCP export: the same rows as the JSON line, the columns a file must have, and
/// rejects that name the CSV column and line.
struct GCPBillingCSVFormatTests {
    static let header = """
        billing_account_id,service.id,service.description,sku.id,sku.description,usage_start_time,usage_end_time,\
        project.id,project.number,project.name,project.labels,labels,system_labels,location.location,\
        location.country,location.region,location.zone,cost,currency,currency_conversion_rate,usage.amount,\
        usage.unit,usage.amount_in_pricing_units,usage.pricing_unit,credits,invoice.month,invoice.publisher_type,\
        cost_type,export_time,cost_at_list,transaction_type
        """

    /// `GCPBillingExtractorTests.line` as a flattening query writes it.
    static let record = #"""
        01ABCD-234EFG-56789H,C7E2-9256-1C43,Vertex AI,0000-AAAA-1111,Gemini 2.5 Flash Text Input - Predictions,\#
        2025-09-14 10:00:00 UTC,2025-09-14 11:00:00 UTC,acme-rag-prod,123456789012,Acme RAG,\#
        "[{""key"":""env"",""value"":""prod""}]","[{""key"":""team"",""value"":""search""}]",\#
        "[{""key"":""compute.googleapis.com/cores"",""value"":""8""}]",us-central1,US,us-central1,,1.872,USD,1,\#
        6240000,count,6.24,1M count,\#
        "[{""name"":""Free trial"",""amount"":-1.5,""full_name"":""Free trial credit"",""id"":""12-b34"",\#
        ""type"":""PROMOTION""},{""amount"":-0.372,""type"":""SUSTAINED_USAGE_DISCOUNT""}]",202509,GOOGLE,regular,\#
        2025-09-14 16:32:11.482 UTC,2.08,GOOGLE
        """#

    static func extract(_ files: [String: String], shape: FileShape? = nil) async throws -> Extraction {
        let dir = try TemporaryDirectory()
        for (name, text) in files { try dir.write(name, text) }
        return try await TributaryExtractorsTests.extract(
            GCPBillingExtractor.make(sourceID: "gcp", paths: ["*"], baseDirectory: dir.path, shape: shape))
    }

    /// The rows of a CSV with `header` and `records`, through the format alone.
    static func map(header: String = header, _ records: [String]) throws -> [MappedRecord<SpendRow>] {
        let reader = CSVReader(
            source: MemoryByteSource(Array(([header] + records).joined(separator: "\n").utf8)), path: "t.csv")
        guard let first = try reader.next() else { return [] }
        let names = first.strings
        let mapper = try GCPBillingCSVFormat().prepare(header: names, file: "t.csv")
        var positions: [String: Int] = [:]
        for (i, n) in names.enumerated() { positions[n] = i }
        var out: [MappedRecord<SpendRow>] = []
        while let record = try reader.next() {
            out.append(mapper.map(CSVFields(record: record, positions: positions, file: "t.csv")))
        }
        return out
    }

    @Test func aFlattenedRecordLoadsTheRowsOfItsJSONLine() throws {
        let fromJSON = try #require(try GCPBillingExtractorTests.rows(GCPBillingExtractorTests.line))
        guard case .rows(let fromCSV) = try #require(try Self.map([Self.record]).first) else {
            Issue.record("the record was rejected")
            return
        }
        #expect(fromCSV == fromJSON)
        #expect(fromCSV.count == 3)
    }

    @Test func underscoredAliasesReadAsTheDottedColumns() throws {
        let header = Self.header.replacingOccurrences(of: ".", with: "_")
        guard case .rows(let rows) = try #require(try Self.map(header: header, [Self.record]).first) else {
            Issue.record("the record was rejected")
            return
        }
        #expect(rows == (try GCPBillingExtractorTests.rows(GCPBillingExtractorTests.line)))
    }

    @Test func aHeaderWithoutARequiredColumnIsRefusedNamingItAndTheFormat() throws {
        let header = Self.header.replacingOccurrences(of: "credits,", with: "")
        #expect(
            throws: ExtractorError.wrongFormat(
                file: "t.csv", line: 1, expected: "GCP billing export (CSV)",
                message: "the header lacks 'credits'; a flattening query must keep the credits, as "
                    + "TO_JSON_STRING(credits) AS credits")
        ) { _ = try Self.map(header: header, []) }
        let noService = Self.header.replacingOccurrences(of: "service.description,", with: "")
        #expect(
            throws: ExtractorError.wrongFormat(
                file: "t.csv", line: 1, expected: "GCP billing export (CSV)",
                message: "the header lacks 'service.description' (or 'service_description')")
        ) { _ = try Self.map(header: noService, []) }
    }

    @Test func anotherExportsHeaderIsRefusedSayingWhatItIs() async throws {
        let result = try await Self.extract(
            ["focus.csv": "BillingAccountId,BilledCost,ChargePeriodStart\n1,2,2025-01-01T00:00:00Z\n"])
        let error = try #require(result.error as? ExtractorError)
        #expect(error.location.line == 1)
        #expect(
            error.message.hasPrefix(
                "not a GCP billing export (CSV) file: this looks like a FOCUS file; read it "
                    + "with type = \"focus\"; the header lacks 'billing_account_id'"))
        #expect(result.rows == 0)
    }

    @Test func badCellsAreRejectsNamingTheColumnAndLine() async throws {
        let badCost = Self.record.replacingOccurrences(of: ",1.872,USD,", with: ",n/a,USD,")
        let badCurrency = Self.record.replacingOccurrences(of: ",1.872,USD,", with: ",1.872,XYZ,")
        let badCredit = Self.record.replacingOccurrences(of: #""amount"":-0.372"#, with: #""amount"":""lots"""#)
        let notJSON = Self.record.replacingOccurrences(
            of: #""[{""key"":""team"",""value"":""search""}]""#, with: "team=search")
        let text =
            ([Self.header, Self.record, badCost, badCurrency, badCredit, notJSON].joined(separator: "\n")) + "\n"
        let result = try await Self.extract(["invoice-202509.csv": text])
        #expect(result.error == nil)
        #expect(result.rows == 3)
        let rejects = result.rejects.map { "\($0.file):\($0.line) \($0.field ?? "-"): \($0.reason)" }
        #expect(
            rejects == [
                "invoice-202509.csv:3 cost: 'n/a' is not a decimal number",
                "invoice-202509.csv:4 currency: unknown currency 'XYZ' (not an ISO 4217 code)",
                "invoice-202509.csv:5 credits: [1].amount: 'lots' is not a decimal number",
                "invoice-202509.csv:6 labels: not JSON text: expected a JSON value, found 't' (did you mean true?)",
            ])
        // The unknown currency's money was read, and is counted as rejected in it.
        #expect(result.rejects[1].currency == "XYZ")
        #expect(result.rejects[1].money == [0, 0, 2_080_000_000_000])
        #expect(result.rejects[0].raw.first { $0.0 == "cost" }?.1 == "n/a")
    }

    @Test func oneSourceReadsJSONLinesAndCSVFilesByTheirContent() async throws {
        let result = try await Self.extract([
            "a-202509.json": GCPBillingExtractorTests.line + "\n",
            "b-202509.csv": Self.header + "\n" + Self.record + "\n",
        ])
        #expect(result.error == nil)
        #expect(
            result.events == [
                "start a-202509.json", "batch a-202509.json 3", "finish a-202509.json",
                "start b-202509.csv", "batch b-202509.csv 3", "finish b-202509.csv",
            ])
        let billed = result.values("billed_cost")
        #expect(billed.count == 6 && Array(billed.prefix(3)) == Array(billed.suffix(3)))
        // Fixing the shape reads every file as it says: the JSON line is then a malformed CSV header.
        let fixed = try await Self.extract(["a-202509.json": GCPBillingExtractorTests.line + "\n"], shape: .csv)
        #expect((fixed.error as? ExtractorError)?.message.hasPrefix("the header line is malformed") == true)
        #expect(fixed.rows == 0)
    }
}
