import Testing
import TributaryCore

@testable import TributaryTransformers

/// Every row of a messy batch (NULLs, zeros, bad text) is accounted for through a chain of transforms.
struct TransformChainTests {
    /// A small deterministic generator, so a failure reproduces.
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
    }

    func messyBatch(rows: Int, seed: UInt64) -> RecordBatch {
        var g = Generator(state: seed)
        var service: [Value] = []
        var cost: [Value] = []
        var qty: [Value] = []
        var raw: [Value] = []
        for _ in 0..<rows {
            service.append([.string("a"), .string("b"), .string("é"), .null][g.next(4)])
            cost.append(g.next(5) == 0 ? .null : .decimal(ExactDecimal(units: Int128(g.next(2000) - 500), scale: 2)))
            qty.append(g.next(6) == 0 ? .null : .int64(Int64(g.next(4))))
            raw.append([.string("12.5"), .string("x"), .string("0.001"), .null, .string(" 7 ")][g.next(5)])
        }
        return Fixtures.batch(["service": service, "cost": cost, "qty": qty, "raw": raw])
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func everyRowEndsUpSomewhere(seed: UInt64) throws {
        let input = messyBatch(rows: 300, seed: seed)
        let filter = try FilterTransformer(
            id: "f", configuration: .init(condition: "cost / qty > 0.5 OR service IN ('é', NULL)"),
            inputSchema: Fixtures.schema)
        let derive = try DeriveTransformer(
            id: "d",
            configuration: .init(columns: [
                .init(name: "unit", expression: "cost / qty"), .init(name: "tag", expression: "upper(service) || '!'"),
            ]), inputSchema: filter.outputSchema)
        let cast = try CastTransformer(
            id: "c", configuration: .init(columns: ["raw": "decimal(10,2)"]), inputSchema: derive.outputSchema)

        let filtered = try filter.transform(input)
        expectRowAccounting(filtered, input: input)
        let derived = try derive.transform(filtered.batch)
        expectRowAccounting(derived, input: filtered.batch)
        let cast1 = try cast.transform(derived.batch)
        expectRowAccounting(cast1, input: derived.batch)

        #expect(!filtered.rejected.isEmpty && !filtered.filtered.isEmpty)
        let total =
            filtered.rejected.count + filtered.filtered.count + derived.rejected.count + cast1.rejected.count
            + cast1.batch.count
        #expect(total == input.count)
        #expect(cast1.batch.schema.field(named: "raw")?.type == .decimal(precision: 10, scale: 2))
    }
}
