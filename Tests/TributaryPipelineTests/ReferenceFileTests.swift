import Foundation
import Testing
import TributaryCore
import TributaryTransformers

@testable import TributaryPipeline

/// The reference files of the sample, and bad ones, as the transforms read them.
struct ReferenceFileTests {
    static let prices = packageRoot.appendingPathComponent("SampleData/prices").path

    @Test func ourCatalogAndLiteLLMsLayoutGiveTheSamePrices() throws {
        let ours = try PriceCatalogFile.read(path: Self.prices + "/catalog.csv", version: nil)
        let theirs = try PriceCatalogFile.read(path: Self.prices + "/model_prices_and_context_window.json", version: nil)
        #expect(ours.models.count == 8)
        #expect(ours.models == theirs.models)
        #expect(ours.models["claude-sonnet-4-20250514"]?.cacheWrite == ExactDecimal("0.00000375"))
        #expect(ours.models["gpt-4.1"]?.batchOutput == ExactDecimal("0.000004"))
        #expect(ours.version.hasPrefix("catalog.csv#") && ours.version.count == "catalog.csv#".count + 8)
        #expect(theirs.models["sample_spec"] == nil)
    }

    @Test func aBadCatalogIsRefusedWithItsLine() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let file = try dir.write("c.csv", "model,input_per_mtok,output_per_mtok\ngpt,1,2\no3,cheap,2\n")
        #expect(throws: ReferenceFileError(file: file.path, line: 3, message: "input_per_mtok: 'cheap' is not a price")) {
            _ = try PriceCatalogFile.read(path: file.path, version: nil)
        }
        let missing = try dir.write("m.csv", "model,input\ngpt,1\n")
        #expect(throws: ReferenceFileError.self) { _ = try PriceCatalogFile.read(path: missing.path, version: nil) }
        #expect(throws: ReferenceFileError(file: dir.url.path + "/none.csv", line: 0, message: "cannot read the file")) {
            _ = try PriceCatalogFile.read(path: dir.url.path + "/none.csv", version: nil)
        }
    }

    @Test func ecbRatesSkipMissingValues() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let file = try dir.write("r.csv", "Date,USD,JPY,\n2025-03-07,1.0800,N/A,\n2025-03-06,1.0790,161.5,\n")
        let rates = try FXRatesFile.read(path: file.path)
        let friday = Int64(CivilTime.days(year: 2025, month: 3, day: 7))
        #expect(rates.days[friday] == ["USD": ExactDecimal("1.0800")!])
        #expect(rates.rate(from: "JPY", to: "EUR", on: friday, maxAgeDays: 7)?.day == friday - 1)
        let bad = try dir.write("b.csv", "Day,USD\n2025-03-07,1\n")
        #expect(throws: ReferenceFileError.self) { _ = try FXRatesFile.read(path: bad.path) }
    }

    @Test func theSampleMappingHasEveryProject() throws {
        let table = try LookupFile.read(
            path: packageRoot.appendingPathComponent("SampleData/lookup/projects.csv").path, match: "project_id",
            columns: ["team", "cost_centre"])
        #expect(table.rows["proj_websearch01"] == ["search", "CC-410"])
        #expect(table.rows.count == 6)
    }
}
