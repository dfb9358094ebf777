import Foundation
import Testing

/// The sample pipelines' `[[detect]]` sections on the sample data (SampleData/README.md, "Planted events"): each
/// planted event is found once, on the right dimensions, from the right day, with a sensible impact, and nothing
/// else in the three months (the twelve of the PennyLane books) raises a finding.
@Suite(.serialized) struct SampleDetectionTests {
    struct Finding: CustomStringConvertible {
        var detection: String
        var dimensions: String
        var onset: String
        var impact: Double
        var explanation: String
        var description: String { "\(detection) \(dimensions) from \(onset): \(explanation)" }
    }

    static func findings(_ db: String) async throws -> [Finding] {
        let text = try await TestClickHouse.query(
            """
            SELECT detection, arrayStringConcat(dimensions.value, '/'), toString(toDate(onset)), toString(impact), explanation
            FROM \(db).anomalies FINAL ORDER BY detection, onset FORMAT TabSeparated
            """)
        return text.split(separator: "\n").map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Finding(
                detection: f[0], dimensions: f[1], onset: f[2], impact: Double(f[3]) ?? .nan,
                explanation: f.count > 4 ? f[4] : "")
        }
    }

    @Test func everyPlantedEventIsFoundAndNothingElse() async throws {
        let db = TestClickHouse.scratchDatabase("sample_detect")
        let work = try TempDir()
        defer { work.cleanup() }
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": db]
        for name in ["openai-costs", "anthropic-usage", "pennylane-customer-invoices"] {
            let path = packageRoot.appendingPathComponent("Pipelines/\(name).toml").path
            let r = try await runTributary(["run", path, "--no-progress"], environment: env, in: work.url)
            #expect(r.status == 0, "\(name): \(r.stderr.suffix(2000))")
            #expect(r.stdout.contains("Detections:"), "\(r.stdout)")
        }
        let all = try await Self.findings(db)
        func one(_ detection: String, _ dimensions: String) -> Finding? {
            let matching = all.filter { $0.detection == detection && $0.dimensions == dimensions }
            #expect(matching.count == 1, "\(detection) \(dimensions): \(matching)")
            return matching.first
        }
        // The spike: web-search's gpt-4.1 at about 6.3× on 3–5 March; the sample's own numbers put the extra
        // spend of those three days at a little over $400.
        let spike = one("model-spend", "gpt-4.1/proj_websearch01/USD")
        #expect(spike?.onset == "2025-03-03")
        #expect((350...500).contains(spike?.impact ?? 0), "\(String(describing: spike))")
        #expect(spike?.explanation.contains("gpt-4.1 · sub-account proj_websearch01") == true)
        // The new model, from its first day (reported as a new value of the first dimension it is new in).
        let newModel = one("new-models", "o3")
        #expect(newModel?.onset == "2025-02-20")
        #expect((newModel?.impact ?? 0) > 100, "o3 spends some $400 from 20 February to 31 March")
        // The project that stopped: nothing after 14 February.
        let stopped = one("projects-reporting", "proj_legacybatch01/USD")
        #expect(stopped?.onset == "2025-02-15")
        #expect((stopped?.impact ?? 0) < 0, "what it no longer reports, against its usual level")
        // The cache that stopped working on 10 March, and what it does to the cost per token.
        let cache = one("cache-share", "wrkspc_research01/claude-sonnet-4-20250514")
        #expect(cache?.onset == "2025-03-10")
        let cost = one("cost-per-1k-tokens", "wrkspc_research01/claude-sonnet-4-20250514")
        #expect(cost?.onset == "2025-03-10")
        #expect((cost?.impact ?? 0) > 0, "the cost per token went up")
        // January 2025's revenue, when the two largest maintenance customers (2001, 2002) paused: their missing
        // invoices, not the noise of the others, lead the explanation.
        let revenue = one("monthly-revenue", "")
        #expect(revenue?.onset == "2025-01-01")
        #expect(revenue.map { $0.impact < -2000 } == true, "\(String(describing: revenue))")
        let causes = revenue?.explanation.components(separatedBy: "Top contributors: ").last ?? ""
        #expect(causes.hasPrefix("counterparty id 2001") && causes.contains("counterparty id 2002"), "\(causes)")
        // And nothing else, however the weekly pattern and the noise fall.
        #expect(all.count == 6, "\(all.map(\.description).joined(separator: "\n"))")
    }
}
