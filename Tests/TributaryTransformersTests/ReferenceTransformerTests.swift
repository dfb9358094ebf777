import Testing
import TributaryCore

@testable import TributaryTransformers

/// `price`, `fx` and `lookup` on small batches with reference data given in the test.
struct ReferenceTransformerTests {
    static let usage = Schema([
        Field("provider", .string), Field("model", .string), Field("service_tier", .string),
        Field("input_tokens", .uint64), Field("output_tokens", .uint64), Field("cached_input_tokens", .uint64),
        Field("cache_write_tokens", .uint64), Field("estimated_cost", .money), Field("x_price_version", .string),
    ])

    static func d(_ s: String) -> ExactDecimal {
        guard let v = ExactDecimal(s) else { preconditionFailure(s) }
        return v
    }

    static let catalog = PriceCatalog(
        version: "catalog.csv#test",
        models: [
            "gpt-4.1": .init(
                input: d("0.000002"), output: d("0.000008"), cachedInput: d("0.0000005"), batchInput: d("0.000001"),
                batchOutput: d("0.000004")),
            "claude-sonnet-4": .init(input: d("0.000003"), output: d("0.000015"), cacheWrite: d("0.00000375")),
        ])

    func priced(_ rows: [[String: Value]]) throws -> TransformOutput {
        let t = try PriceTransformer(id: "price", configuration: .init(), inputSchema: Self.usage) { Self.catalog }
        let opened = try t.opened()
        let columns = Dictionary(uniqueKeysWithValues: Self.usage.names.map { name in (name, rows.map { $0[name] ?? .null }) })
        return try opened.transform(Fixtures.batch(columns, schema: Self.usage))
    }

    @Test func pricesEveryTokenCategoryExactly() throws {
        let out = try priced([
            ["provider": .string("openai"), "model": .string("gpt-4.1-2025-04-14"), "input_tokens": .uint64(1_000),
             "output_tokens": .uint64(500), "cached_input_tokens": .uint64(2_000), "cache_write_tokens": .uint64(0)],
            ["provider": .string("anthropic"), "model": .string("claude-sonnet-4-20250514"),
             "input_tokens": .uint64(1_000_000), "output_tokens": .uint64(1), "cache_write_tokens": .uint64(10)],
            ["provider": .string("openai"), "model": .string("gpt-4.1"), "service_tier": .string("batch"),
             "input_tokens": .uint64(1_000), "output_tokens": .uint64(1_000)],
        ])
        let costs = (0..<out.batch.count).map { out.batch.column(named: "estimated_cost")?.value(at: $0) }
        // 1000 × 0.000002 + 2000 × 0.0000005 + 500 × 0.000008 = 0.002 + 0.001 + 0.004
        #expect(costs[0] == .decimal(Self.d("0.007000000000")))
        // 3 + 0.000015 + 10 × 0.00000375 (a write price is there, no cached price is needed)
        #expect(costs[1] == .decimal(Self.d("3.000052500000")))
        // Batch prices: 1000 × 0.000001 + 1000 × 0.000004
        #expect(costs[2] == .decimal(Self.d("0.005000000000")))
        #expect(out.batch.column(named: "x_price_version")?.value(at: 0) == .string("catalog.csv#test"))
        #expect(out.rejected.isEmpty)
    }

    @Test func anUnknownModelIsARejectNeverAZero() throws {
        let out = try priced([["provider": .string("openai"), "model": .string("gpt-9"), "input_tokens": .uint64(1)]])
        #expect(out.batch.count == 0)
        #expect(out.rejected == [RowIssue(row: 0, field: "model", reason: "model 'gpt-9' is not in the price catalog catalog.csv#test")])
    }

    @Test func catalogMatchingStripsDatesAndProviderPrefixes() {
        let c = PriceCatalog(
            version: "v", models: ["openai/gpt-4o": .init(input: Self.d("1"), output: Self.d("1")),
                                   "o3": .init(input: Self.d("2"), output: Self.d("2"))])
        #expect(c.price(model: "gpt-4o", provider: "openai")?.input == Self.d("1"))
        #expect(c.price(model: "gpt-4o-2024-08-06", provider: "openai")?.input == Self.d("1"))
        #expect(c.price(model: "azure/o3", provider: "azure")?.input == Self.d("2"))
        #expect(c.price(model: "gpt-4o", provider: nil) == nil)
    }

    static let spend = Schema([
        Field("billing_currency", .string), Field("charge_period_start", .dateTime), Field("billed_cost", .money),
    ])

    static let rates = FXRates(
        base: "EUR",
        days: [
            Int64(CivilTime.days(year: 2025, month: 3, day: 7)): ["USD": d("1.0800"), "GBP": d("0.8350")],
            Int64(CivilTime.days(year: 2025, month: 3, day: 10)): ["USD": d("1.0900")],
        ], version: "rates.csv#test")

    func converted(_ rows: [(String, String, String)], to: String = "EUR") throws -> TransformOutput {
        let t = try FXTransformer(id: "fx", configuration: .init(to: to), inputSchema: Self.spend) { Self.rates }
        let batch = Fixtures.batch(
            [
                "billing_currency": rows.map { .string($0.0) }, "charge_period_start": rows.map { Fixtures.dateTime($0.1) },
                "billed_cost": rows.map { Fixtures.decimal($0.2) },
            ], schema: Self.spend)
        return try t.opened().transform(batch)
    }

    @Test func convertsWithTheDaysRateOrTheLastOneBeforeIt() throws {
        let out = try converted([
            ("USD", "2025-03-07 12:00:00", "108"), ("USD", "2025-03-09 00:00:00", "108"),
            ("GBP", "2025-03-10 00:00:00", "1"), ("EUR", "2025-03-10 00:00:00", "5"),
        ])
        #expect(out.rejected.isEmpty)
        let b = out.batch
        #expect(b.column(named: "x_billed_cost_fx")?.value(at: 0) == .decimal(Self.d("100.000000000000")))
        // Sunday the 9th: Friday's rate, and the rate's date says so.
        #expect(b.column(named: "x_fx_rate_date")?.value(at: 1) == Fixtures.date("2025-03-07"))
        // Monday the 10th has no GBP rate: Friday's. 1 GBP = 1 / 0.835 EUR, rounded once, half to even.
        #expect(b.column(named: "x_billed_cost_fx")?.value(at: 2) == .decimal(Self.d("1.197604790419")))
        #expect(b.column(named: "x_fx_rate")?.value(at: 3) == .decimal(Self.d("1.000000000000")))
        #expect(b.column(named: "billed_cost")?.value(at: 0) == Fixtures.decimal("108"), "the billed amount stays")
    }

    @Test func aMissingRateIsARejectNeverOne() throws {
        let out = try converted([("JPY", "2025-03-07 00:00:00", "100"), ("USD", "2025-03-30 00:00:00", "1")])
        #expect(out.batch.count == 0)
        #expect(out.rejected.map(\.reason) == [
            "no JPY→EUR rate on 2025-03-07 or in the 7 days before it in rates.csv#test",
            "no USD→EUR rate on 2025-03-30 or in the 7 days before it in rates.csv#test",
        ])
    }

    @Test func looksUpByColumnOrTag() throws {
        let schema = Schema([Field("sub_account_id", .string), Field("tags.key", .stringArray), Field("tags.value", .stringArray)])
        let table = LookupTransformer.Table(rows: ["p1": ["search", "CC-1"], "web": ["web", nil]], version: "m#1")
        let batch = Fixtures.batch(
            [
                "sub_account_id": [.string("p1"), .string("p2")],
                "tags.key": [.stringArray(["app"]), .stringArray([])], "tags.value": [.stringArray(["web"]), .stringArray([])],
            ], schema: schema)
        let byColumn = try LookupTransformer(
            id: "l", configuration: .init(match: .column("sub_account_id"), columns: ["team", "cc"], defaultValue: "unallocated"),
            inputSchema: schema) { table }.opened().transform(batch)
        #expect(byColumn.batch.column(named: "team")?.value(at: 0) == .string("search"))
        #expect(byColumn.batch.column(named: "team")?.value(at: 1) == .string("unallocated"))
        let byTag = try LookupTransformer(
            id: "l", configuration: .init(match: .tag("app"), columns: ["team", "cc"], rejectMissing: true),
            inputSchema: schema) { table }.opened().transform(batch)
        #expect(byTag.batch.count == 1)
        #expect(byTag.batch.column(named: "cc")?.value(at: 0) == .null)
        #expect(byTag.rejected.first == RowIssue(row: 1, field: "tags[app]", reason: "the row has no value to match"))
    }
}
