import Foundation
import Testing

/// The PennyLane sample (`SampleData/pennylane/`) through the built binary and `Pipelines/pennylane-*.toml`
/// into the real ClickHouse: what lands, what each finance view returns, compared with the numbers the
/// generator computed while it wrote the pages (`PennyLaneSample`), and re-runs that change nothing.
@Suite(.serialized) struct PennyLaneEndToEndTests {
    static let all = [
        "customer-invoices", "invoice-lines", "supplier-invoices", "supplier-invoice-lines", "customers", "suppliers",
        "transactions",
    ]

    /// Runs `Pipelines/pennylane-<name>.toml` into `database` from `folder` (where the state is kept; a fresh
    /// one when none is given); every run must succeed and reconcile. Returns each run's summary.
    static func load(_ names: [String], into database: String, _ arguments: [String] = [], in folder: TempDir? = nil)
        async throws -> [String]
    {
        let work = try folder ?? TempDir()
        defer { if folder == nil { work.cleanup() } }
        var outputs: [String] = []
        for name in names {
            let pipeline = packageRoot.appendingPathComponent("Pipelines/pennylane-\(name).toml").path
            let result = try await runTributary(
                ["run", pipeline, "--no-progress"] + arguments,
                environment: ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": database], in: work.url)
            #expect(result.status == 0, "pennylane-\(name): \(result.stderr)\n\(result.stdout)")
            #expect(!result.stdout.contains("✗"), "pennylane-\(name) does not reconcile: \(result.stdout)")
            outputs.append(result.stdout)
        }
        return outputs
    }

    @Test func theSamplePipelinesLoadWhatTheGeneratorWrote() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_pennylane")
        let e = try PennyLaneSample.load()
        _ = try await Self.load(Self.all, into: db)
        let ci = e.customerInvoices
        let q = PennyLaneSample.scalar
        // Every listed document once, the deleted draft as its tombstone, the paid invoice as paid.
        #expect(
            try await q("SELECT count(), sum(x_deleted) FROM \(db).invoices FINAL WHERE kind = 'customer'")
                == "\(ci.rows)\t1")
        #expect(try await q("SELECT id, draft FROM \(db).invoices FINAL WHERE x_deleted = 1") == "\(e.deleted)\t0")
        #expect(
            try await q(
                """
                SELECT status, paid, toString(assumeNotNull(remaining_amount))
                FROM \(db).invoices FINAL WHERE id = '\(ci.updated)'
                """) == "paid\t1\t0.000000000000")
        #expect(
            try await q(
                """
                SELECT count(), countIf(x_credit_note = 1),
                       sum(assumeNotNull(amount_before_tax_eur)) = toDecimal128('\(ci.revenueBeforeTax)', 12)
                FROM \(db).invoices FINAL WHERE kind = 'customer' AND x_deleted = 0 AND draft = 0
                """) == "\(ci.liveRows)\t\(ci.creditNotes)\t1")
        let si = e.supplierInvoices
        #expect(
            try await q(
                """
                SELECT count(), sum(amount_before_tax) = toDecimal128('\(si.amountBeforeTax)', 12),
                       sum(assumeNotNull(remaining_amount)) = toDecimal128('\(si.outstanding)', 12)
                FROM \(db).invoices FINAL WHERE kind = 'supplier'
                """) == "\(si.rows)\t1\t1")
        // Lines: every customer line plus the deleted draft's marker; one line per supplier invoice.
        #expect(
            try await q(
                "SELECT kind, count(), sum(x_deleted) FROM \(db).invoice_lines FINAL GROUP BY kind ORDER BY kind")
                == "customer\t\(e.invoiceLines.rows + 1)\t1\nsupplier\t\(si.rows)\t0")
        #expect(
            try await q("SELECT kind, count() FROM \(db).counterparties FINAL GROUP BY kind ORDER BY kind")
                == "customer\t\(e.customers)\nsupplier\t\(e.suppliers)")
        #expect(
            try await q(
                """
                SELECT count(), sum(amount) = toDecimal128('\(e.transactions.amount)', 12)
                FROM \(db).bank_transactions FINAL
                """) == "\(e.transactions.rows)\t1")
        // Invoices find their customer and supplier on (kind, id).
        #expect(
            try await q(
                """
                SELECT count(), countIf(name = '')
                FROM (SELECT kind, assumeNotNull(counterparty_id) AS id FROM \(db).invoices FINAL
                      WHERE x_deleted = 0 AND isNotNull(counterparty_id))
                ANY LEFT JOIN (SELECT kind, id, assumeNotNull(name) AS name FROM \(db).counterparties FINAL)
                USING (kind, id)
                """) == "\(ci.liveRows + si.rows)\t0")
        // SampleData/expected/totals.csv holds the monthly revenue view's numbers.
        let totals = try String(
            contentsOf: packageRoot.appendingPathComponent("SampleData/expected/totals.csv"), encoding: .utf8)
        let ours = totals.split(separator: "\n").filter { $0.hasPrefix("invoices,pennylane,") }.map { line in
            let f = line.split(separator: ",")
            return "\(f[2])\t\(f[4])\t\(PennyLaneSample.trimmed(String(f[5])))\n"
        }
        #expect(ours.count == 12)
        #expect(
            try await PennyLaneSample.view(
                """
                SELECT substring(toString(month), 1, 7), invoices + credit_notes, toString(revenue_before_tax)
                FROM \(db).finance_revenue_monthly
                """) == ours.joined())
    }

    @Test func everyFinanceViewReturnsTheGeneratorsNumbers() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_pennylane_views")
        _ = try await Self.load(["customer-invoices", "invoice-lines"], into: db)
        try await Self.checkViews(db)
    }

    /// Each view against the generator's numbers, row for row.
    static func checkViews(_ db: String) async throws {
        let view = PennyLaneSample.view
        let tsv = PennyLaneSample.tsv
        let month = "substring(toString(month), 1, 7)"
        #expect(
            try await view(
                """
                SELECT \(month), toString(revenue_before_tax), invoices, credit_notes, toString(credited_before_tax)
                FROM \(db).finance_revenue_monthly
                """)
                == tsv(
                    "revenue_monthly",
                    ["month", "revenue_before_tax", "invoices", "credit_notes", "credited_before_tax"]))
        #expect(
            try await view("SELECT \(month), active_customers FROM \(db).finance_active_customers_monthly")
                == tsv("revenue_monthly", ["month", "active_customers"]))
        #expect(
            try await view(
                """
                SELECT year, substring(toString(as_of_month), 1, 7), months, toString(revenue_ytd),
                       toString(run_rate_projection)
                FROM \(db).finance_revenue_year
                """) == tsv("revenue_year", ["year", "as_of_month", "months", "revenue_ytd", "run_rate_projection"]))
        #expect(
            try await view(
                "SELECT currency, open_invoices, toString(outstanding), oldest_deadline FROM \(db).finance_receivables")
                == tsv("receivables", ["currency", "open_invoices", "outstanding", "oldest_deadline"]))
        #expect(
            try await view(
                """
                SELECT \(month), service, toString(revenue_before_tax), lines
                FROM \(db).finance_revenue_by_service_monthly
                """) == tsv("revenue_by_service_monthly", ["month", "service", "revenue_before_tax", "lines"]))
        #expect(
            try await view(
                """
                SELECT year, service, toString(revenue_before_tax), toString(share_percent)
                FROM \(db).finance_top_services
                """) == tsv("top_services", ["year", "service", "revenue_before_tax", "share_percent"]))
        // The planted drop: January 2025 is the weakest month.
        #expect(
            try await PennyLaneSample.scalar(
                "SELECT \(month) FROM \(db).finance_revenue_monthly ORDER BY revenue_before_tax LIMIT 1") == "2025-01")
    }

    @Test func runningAgainOrRefreshingEverythingDoublesNothing() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_pennylane_rerun")
        let e = try PennyLaneSample.load()
        let work = try TempDir()
        defer { work.cleanup() }
        let both = ["customer-invoices", "invoice-lines"]
        _ = try await Self.load(both, into: db, in: work)
        let again = try await Self.load(both, into: db, in: work)
        #expect(again.allSatisfy { $0.contains("Nothing new") }, "\(again)")
        _ = try await Self.load(both, into: db, ["--full-refresh"], in: work)
        try await Self.checkViews(db)
        let rows = "\(e.customerInvoices.rows)"
        #expect(try await PennyLaneSample.scalar("SELECT count() FROM \(db).invoices FINAL") == rows)
        // Merged for good, the table itself holds each document once: a re-read replaces, never adds.
        try await TestClickHouse.query("OPTIMIZE TABLE \(db).invoices FINAL")
        #expect(try await PennyLaneSample.scalar("SELECT count() FROM \(db).invoices") == rows)
    }
}
