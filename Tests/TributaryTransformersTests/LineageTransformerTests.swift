import Testing
import TributaryCore

@testable import TributaryTransformers

struct LineageTransformerTests {
    let schema = Schema([Field("id", .string), Field("cost", .money), Field("day", .date)])

    func ids(_ key: [String], _ batch: RecordBatch) throws -> [UInt64] {
        let t = try LineageTransformer(
            configuration: .init(key: key), inputSchema: batch.schema, runID: "r1", ingestedAt: 1_700_000_000)
        guard case .uint64(let c) = try t.transform(batch).batch.column(named: "x_row_id") else {
            Issue.record("no x_row_id column")
            return []
        }
        return c.values
    }

    @Test func theSameKeyGetsTheSameIdInEveryRunAndBatch() throws {
        let a = Fixtures.batch(
            ["id": [.string("a"), .string("b")], "cost": [Fixtures.decimal("1.5"), .null], "day": [.null, .null]],
            schema: schema)
        let b = Fixtures.batch(
            ["id": [.string("b"), .string("a")], "cost": [.null, Fixtures.decimal("1.5")], "day": [.null, .null]],
            schema: schema)
        let first = try ids(["id", "cost"], a)
        let second = try ids(["id", "cost"], b)
        #expect(first == [second[1], second[0]])
        #expect(first[0] != first[1])
        // Pinned: the id is part of what a table stores, so it must never change between builds.
        #expect(first[0] == XXHash64.hash(Array("a".utf8) + [0x1F] + Array("1.500000000000".utf8) + [0x1F]))
    }

    @Test func separatorsAndNullsKeepDifferentKeysApart() throws {
        let s = Schema([Field("a", .string), Field("b", .string)])
        let batch = Fixtures.batch(
            ["a": [.string("ab"), .string("a"), .null, .string("")], "b": [.string("c"), .string("bc"), .null, .null]],
            schema: s)
        let got = try ids(["a", "b"], batch)
        #expect(Set(got).count == 4, "\(got)")
    }

    @Test func withoutAKeyTheIdIsWhereTheRowWasRead() throws {
        let batch = Fixtures.batch(
            ["id": [.string("x"), .string("x")], "cost": [.null, .null], "day": [.null, .null]], schema: schema)
        let got = try ids([], batch)
        #expect(got[0] != got[1], "two lines of one file are two rows, even when they read the same")
        #expect(got[0] == XXHash64.hash(Array("test\u{1F}test.csv\u{1F}2".utf8)))
    }

    @Test func lineageColumnsCarryTheSourceFileLineAndRun() throws {
        let batch = Fixtures.batch(
            ["id": [.string("x")], "cost": [.null], "day": [Fixtures.date("2025-01-02")]], schema: schema)
        let t = try LineageTransformer(
            configuration: .init(key: ["id"], lineage: true), inputSchema: schema, runID: "run-7",
            ingestedAt: 1_700_000_000)
        let out = try t.transform(batch).batch
        let row = Dictionary(uniqueKeysWithValues: out.rowDescription(0))
        #expect(row["x_source"] == .string("test"))
        #expect(row["x_source_file"] == .string("test.csv"))
        #expect(row["x_source_row"] == .uint64(2))
        #expect(row["x_run_id"] == .string("run-7"))
        #expect(row["x_ingested_at"] == .dateTime(1_700_000_000))
        #expect(out.lineage == batch.lineage)
    }

    @Test func refusesUnknownKeysAndColumnsItWouldSetItself() {
        #expect(throws: TransformerError.self) {
            _ = try LineageTransformer.outputSchema(for: schema, configuration: .init(key: ["idd"]))
        }
        let clash = Schema([Field("x_row_id", .uint64)])
        #expect(throws: TransformerError.self) {
            _ = try LineageTransformer.outputSchema(for: clash, configuration: .init())
        }
    }
}
