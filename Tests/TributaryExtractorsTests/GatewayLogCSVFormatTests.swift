import Foundation
import Testing
import TributaryCore
import TributaryFormats

@testable import TributaryExtractors

/// Gateway logs exported as CSV: the flavor told by the header, the same rows as the JSON records, the columns a
/// file must have, and rejects naming the column and line.
struct GatewayLogCSVFormatTests {
    static let heliconeHeader = """
        request_id,request_created_at,response_created_at,latency,status,model,provider,prompt_tokens,\
        completion_tokens,prompt_cache_write_tokens,prompt_cache_read_tokens,user_id,organization_id,cost
        """
    static let heliconeRecord = """
        6c1d4e2a-0000-4000-8000-000000000001,2025-09-14 10:21:07.120,2025-09-14 10:21:08.539,1419,200,\
        gpt-4.1-mini,OPENAI,5120,410,0,4096,agent-7,7d1f0a52,1419000
        """
    static let liteLLMHeader =
        "request_id,startTime,endTime,model,custom_llm_provider,prompt_tokens,completion_tokens,"
        + "spend,status,metadata"
    static let liteLLMRecord = #"""
        chatcmpl-1,2025-03-01 10:00:00.250,2025-03-01 10:00:01.000,claude-sonnet-4-20250514,anthropic,3000,200,\#
        0.01,success,"{""usage_object"":{""cache_read_input_tokens"":1000,""cache_creation_input_tokens"":90}}"
        """#

    static func extract(_ files: [String: String], flavor: GatewayFlavor? = nil) async throws -> Extraction {
        let dir = try TemporaryDirectory()
        for (name, text) in files { try dir.write(name, text) }
        return try await TributaryExtractorsTests.extract(
            GatewayLogsExtractor.make(sourceID: "gw", paths: ["*"], baseDirectory: dir.path, flavor: flavor))
    }

    @Test func aHeliconeRowLoadsAsItsJSONRequestDoes() async throws {
        let csv = try await Self.extract(["h.csv": Self.heliconeHeader + "\n" + Self.heliconeRecord + "\n"])
        let json = try await Self.extract(["h.jsonl": GatewayLogFormatTests.helicone + "\n"])
        #expect(csv.error == nil && json.error == nil)
        #expect(csv.rows == 1)
        for column in UsageRow.schema.fields.map(\.name) {
            #expect(csv.values(column) == json.values(column), "\(column)")
        }
        #expect(csv.values("x_logged_cost") == [.decimal(ExactDecimal(units: 1419, scale: 6))])
        #expect(csv.values("input_tokens") == [.uint64(1024)])
    }

    @Test func liteLLMMetadataIsReadFromItsJSONText() async throws {
        let result = try await Self.extract(["l.csv": Self.liteLLMHeader + "\n" + Self.liteLLMRecord + "\n"])
        #expect(result.error == nil)
        #expect(result.values("input_tokens") == [.uint64(1910)])
        #expect(result.values("cached_input_tokens") == [.uint64(1000)])
        #expect(result.values("cache_write_tokens") == [.uint64(90)])
        #expect(result.values("latency_ms") == [.uint64(750)])
        #expect(result.values("period_start") == [.dateTime(1_740_823_200)])
        #expect(result.values("provider") == [.string("anthropic")])
    }

    @Test func eachFileIsReadAsItsFlavorAndForm() async throws {
        let result = try await Self.extract([
            "a.csv": Self.heliconeHeader + "\n" + Self.heliconeRecord + "\n",
            "b.csv": Self.liteLLMHeader + "\n" + Self.liteLLMRecord + "\n",
            "c.jsonl": GatewayLogFormatTests.langfuse + "\n" + GatewayLogFormatTests.liteLLM + "\n",
        ])
        #expect(result.error == nil)
        #expect(
            result.values("x_request_id")
                == ["6c1d4e2a-0000-4000-8000-000000000001", "chatcmpl-1", "obs-1", "chatcmpl-8f2c"]
                .map(Value.string))
        #expect(result.lines == [2, 2, 1, 2])
    }

    @Test func aHeaderWithoutARequiredColumnIsRefusedNamingItAndTheFormat() async throws {
        let header = Self.heliconeHeader.replacingOccurrences(of: "model,", with: "")
        let missing = try await Self.extract(["h.csv": header + "\n"])
        #expect(
            missing.error as? ExtractorError
                == .wrongFormat(
                    file: "h.csv", line: 1, expected: "Helicone request CSV",
                    message: "the header lacks 'model' or 'response_model' or 'request_model'"))

        let other = try await Self.extract(["l.csv": Self.liteLLMHeader + "\n"], flavor: .helicone)
        #expect(
            other.error as? ExtractorError
                == .wrongFormat(
                    file: "l.csv", line: 1, expected: "Helicone request CSV",
                    message: "this looks like a LiteLLM spend log export; set flavor = \"litellm\", or leave flavor "
                        + "out to detect it; the header lacks 'request_created_at'"))

        let none = try await Self.extract(["x.csv": "BilledCost,BillingAccountId\n"])
        let error = try #require(none.error as? ExtractorError)
        #expect(error.message.hasPrefix("not a gateway request log file: this looks like a FOCUS file"))
        #expect(none.rows == 0)
    }

    @Test func badCellsAreRejectsNamingTheColumnAndLine() async throws {
        let badCost = Self.heliconeRecord.replacingOccurrences(of: ",1419000", with: ",1.4e6x")
        let badStatus = Self.heliconeRecord.replacingOccurrences(of: ",200,", with: ",OK,")
        let badTokens = Self.heliconeRecord.replacingOccurrences(of: ",410,", with: ",NaN,")
        let text = [Self.heliconeHeader, Self.heliconeRecord, badCost, badStatus, badTokens].joined(separator: "\n")
        let result = try await Self.extract(["requests.csv": text + "\n"])
        #expect(result.error == nil)
        #expect(result.rows == 1)
        #expect(
            result.rejects.map { "\($0.file):\($0.line) \($0.field ?? "-"): \($0.reason)" } == [
                "requests.csv:3 cost: '1.4e6x' is not a decimal number",
                "requests.csv:4 status: 'OK' is not an HTTP status",
                "requests.csv:5 completion_tokens: 'NaN' is not a decimal number",
            ])
        // Read before the fault, the cost counts as rejected money; unread, it counts nothing.
        #expect(result.rejects.map(\.money) == [[0], [1_419_000_000], [1_419_000_000]])
        #expect(result.rejects.map(\.currency) == ["USD", "USD", "USD"])
    }

    @Test func aLiteLLMMetadataCellThatIsNotJSONIsARejectNamingIt() async throws {
        let record = Self.liteLLMRecord.replacingOccurrences(of: #""{""usage_object"#, with: #""{usage_object"#)
        let result = try await Self.extract(["l.csv": Self.liteLLMHeader + "\n" + record + "\n"])
        #expect(result.rejects.first?.field == "metadata")
        #expect(result.rejects.first?.reason.hasPrefix("not JSON text") == true)
    }
}
