import Foundation
import Testing
import TributaryCore
import TributaryExtractors

@testable import TributaryPipeline

/// The `pennylane` source's keys: the model's table comes with the source, and wrong keys are reported with
/// their line, all at once.
struct PennyLaneConfigurationTests {
    static func pipeline(_ source: String) -> String {
        """
        version = 1
        [pipeline]
        name = "pl"
        [source]
        type = "pennylane"
        \(source)
        [sink]
        type = "clickhouse"
        url = "http://127.0.0.1:8123"
        """
    }

    @Test func eachEntityLandsInItsTableMergedByVersion() throws {
        let tables: [(String, String, [String])] = [
            ("customer_invoices", "invoices", ["kind", "id"]), ("supplier_invoices", "invoices", ["kind", "id"]),
            ("invoice_lines", "invoice_lines", ["kind", "invoice_id", "id"]),
            ("supplier_invoice_lines", "invoice_lines", ["kind", "invoice_id", "id"]),
            ("customers", "counterparties", ["kind", "id"]), ("suppliers", "counterparties", ["kind", "id"]),
            ("transactions", "bank_transactions", ["id"]),
        ]
        for (entity, table, key) in tables {
            let p = try compile(Self.pipeline("entity = \"\(entity)\"\npaths = [\"saved\"]")).get()
            let ddl = p.sink.plannedDDL().joined(separator: "\n")
            #expect(p.sink.summary == "clickhouse tributary.\(table)", "\(entity)")
            #expect(ddl.contains("ENGINE = ReplacingMergeTree(`updated_at`)"), "\(entity): \(ddl)")
            #expect(ddl.contains("ORDER BY (\(key.map { "`\($0)`" }.joined(separator: ", ")))"), "\(entity): \(ddl)")
            #expect(!ddl.contains("PARTITION BY"), "a partition would split a key whose date changes")
        }
        let live = try compile(Self.pipeline("entity = \"customers\"\nbase_url = \"http://127.0.0.1:9\"")).get()
        #expect(live.extractor is any CheckpointedExtractor, "live reads resume from a changelog watermark")
    }

    @Test func wrongKeysAreReportedTogetherWithTheirLines() {
        let text = Self.pipeline(
            """
            entity = "invoice"
            api_version = 3
            base_url = "ftp://pennylane"
            """)
        guard case .failure(let error) = compile(text) else {
            Issue.record("expected the pipeline to be refused")
            return
        }
        let messages = error.issues.map { "\($0.keyPath) line \($0.location.line): \($0.message)" }
        #expect(messages.contains { $0.hasPrefix("source.entity line 6: unknown entity 'invoice'") }, "\(messages)")
        #expect(messages.contains("source.api_version line 7: expected 1 or 2, not 3"), "\(messages)")
        #expect(messages.contains("source.base_url line 8: 'ftp://pennylane' is not an http(s) URL"), "\(messages)")
    }

    @Test func liveKeysWithSavedPagesAndV1TransactionsAreRefused() {
        guard
            case .failure(let mixed) = compile(
                Self.pipeline("entity = \"customers\"\npaths = [\"x\"]\napi_version = 1"))
        else {
            Issue.record("expected a refusal")
            return
        }
        #expect(
            mixed.issues.map(\.message) == [
                "'api_version' is for live reads, and `paths` reads saved responses: remove one of them"
            ])
        guard case .failure(let v1) = compile(Self.pipeline("entity = \"transactions\"\napi_version = 1")) else {
            Issue.record("expected a refusal")
            return
        }
        let issue = v1.issues.first { $0.keyPath == "source.api_version" }
        #expect(issue?.message == "PennyLane v1 has no transactions listing; use api_version = 2")
        #expect(issue?.location.line == 7)
    }
}
