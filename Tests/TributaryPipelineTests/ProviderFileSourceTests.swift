import Foundation
import Testing
import TributaryExtractors

/// The keys of the provider sources that read CSV or JSON Lines (`gcp_billing`, `gateway_logs`), as a pipeline
/// file gives them: what they compile to, and the messages for wrong values.
struct ProviderFileSourceTests {
    static func pipeline(_ source: String, sink: String = "type = \"clickhouse\"\nurl = \"http://127.0.0.1:8123\"")
        -> String
    {
        """
        version = 1
        [pipeline]
        name = "p"
        [source]
        \(source)
        [sink]
        \(sink)
        """
    }

    /// The source's issues (a sink without the source's table defaults has its own).
    static func issues(_ source: String) -> [String] {
        guard case .failure(let error) = compile(pipeline(source)) else { return [] }
        return error.issues.map(\.description).filter { $0.contains("source.") }
    }

    @Test func gatewayLogsLoadLLMUsageKeyedByTheRequestID() throws {
        let compiled = try compile(Self.pipeline("type = \"gateway_logs\"\npaths = [\"logs/*.jsonl\"]")).get()
        let extractor = try #require(compiled.extractor as? CSVOrJSONLinesExtractor)
        #expect(extractor.tableDefaults?.table == "llm_usage")
        #expect(extractor.tableDefaults?.key == ["x_request_id"])
        #expect(extractor.shape == nil)
        #expect(compiled.lineage?.configuration.key == ["x_request_id"])
        let ddl = compiled.sink.plannedDDL().joined(separator: "\n")
        #expect(ddl.contains("ReplacingMergeTree"))
        #expect(ddl.contains("`latency_ms` Nullable(UInt32)"))
    }

    @Test func gcpBillingLoadsSpendReplacedPerMonthAndTakesAFixedFormat() throws {
        let compiled = try compile(
            Self.pipeline("type = \"gcp_billing\"\npaths = [\"gcp/*\"]\nformat = \"jsonl\"\nbatch_rows = 100")
        ).get()
        let extractor = try #require(compiled.extractor as? CSVOrJSONLinesExtractor)
        #expect(extractor.shape == .jsonLines)
        #expect(extractor.tableDefaults?.table == "spend")
        #expect(compiled.sink.replacesSlices)
        #expect(compiled.outputSchema.field(named: "x_model") != nil)
    }

    @Test func rawLoadsTheNativeColumnsOfBothForms() throws {
        let file = "type = \"file\"\npath = \"/dev/null\""
        let compiled = try compile(Self.pipeline("type = \"gcp_billing\"\npaths = [\"gcp/*\"]\nraw = true", sink: file))
            .get()
        #expect(compiled.extractor.outputSchema.field(named: "service_description") != nil)
        #expect(compiled.extractor.outputSchema.field(named: "credits")?.type == .string)
        #expect(compiled.extractor.moneyColumns == ["cost", "cost_at_list"])
        let gateway = try compile(
            Self.pipeline("type = \"gateway_logs\"\npaths = [\"l/*\"]\nraw = true\nflavor = \"litellm\"", sink: file)
        ).get()
        #expect(gateway.extractor.outputSchema.field(named: "start_time") != nil)
        #expect(gateway.extractor.moneyColumns == ["spend"])
    }

    @Test func wrongValuesAreReportedAtTheirKey() {
        #expect(
            Self.issues("type = \"gcp_billing\"\npaths = [\"a\"]\nformat = \"parquet\"") == [
                "p.toml:7:10: error: source.format: expected \"auto\", \"csv\", \"jsonl\", not 'parquet'"
            ])
        #expect(
            Self.issues("type = \"gateway_logs\"\npaths = [\"a\"]\nflavor = \"helicon\"") == [
                "p.toml:7:10: error: source.flavor: expected \"auto\", \"helicone\", \"langfuse\", \"litellm\", not "
                    + "'helicon'; did you mean 'helicone'?"
            ])
        #expect(
            Self.issues("type = \"gateway_logs\"\npaths = [\"a\"]\nraw = true") == [
                "p.toml:7:1: error: source.raw: raw = true loads one flavor's native columns: set flavor = "
                    + "\"litellm\", \"helicone\" or \"langfuse\""
            ])
        #expect(
            Self.issues("type = \"gcp_billing\"\npaths = [\"a\"]\nflavour = \"x\"").first?.contains(
                "unknown key 'flavour'") == true)
    }
}
