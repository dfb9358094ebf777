import Testing

@testable import TributaryCore

struct RecordBatchTests {
    func sample() -> RecordBatch {
        let schema = Schema([Field("name", .string), Field("cost", .money), Field("tags", .stringArray)])
        let columns = [
            Column.make(.string, [.string("a"), .null, .string("ccc")]),
            Column.make(.money, [.decimal(ExactDecimal("1.5")!), .decimal(ExactDecimal("-2")!), .null]),
            Column.make(.stringArray, [.stringArray(["x", "y"]), .stringArray([]), .null]),
        ]
        let lineage = Lineage(sourceID: "s", file: "f.csv", lines: [2, 3, 5], money: [[15, -20, 0]])
        return RecordBatch(schema: schema, columns: columns, lineage: lineage)
    }

    @Test func selectingKeepsColumnsAndLineageInStep() {
        let picked = sample().selecting([2, 0])
        #expect(picked.count == 2)
        #expect(picked.columns[0].value(at: 0) == .string("ccc"))
        #expect(picked.columns[0].value(at: 1) == .string("a"))
        #expect(picked.columns[1].value(at: 0) == .null)
        #expect(picked.columns[1].value(at: 1) == .decimal(ExactDecimal("1.5")!))
        #expect(picked.columns[2].value(at: 1) == .stringArray(["x", "y"]))
        #expect(picked.lineage.lines == [5, 2])
        #expect(picked.lineage.moneyTotals() == [MoneyKey(column: 0, currency: ""): 15])
    }

    @Test func nullsAreTracked() {
        let b = sample()
        #expect(b.columns[0].nullCount == 1)
        #expect(b.columns[0].isNull(1))
        #expect(!b.columns[0].isNull(0))
        #expect(b.columns[2].value(at: 1) == .stringArray([]))
    }

    @Test func decimalColumnsKeepTheirScale() {
        let c = Column.make(.money, [.decimal(ExactDecimal("0.000000000001")!)])
        guard case .decimal(let f, let scale) = c else {
            Issue.record("not a decimal column")
            return
        }
        #expect(scale == 12)
        #expect(f.values == [1])
    }
}
