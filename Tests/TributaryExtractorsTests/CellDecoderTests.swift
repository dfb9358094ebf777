import Testing
import TributaryCore

@testable import TributaryExtractors

struct CellDecoderTests {
    /// A column's decoder with the tables it reads.
    struct TestDecoder {
        var decoder: CellDecoder
        var tables: CellDecoder.Tables
    }

    func decoder(
        _ type: DataType, nullable: Bool = true, format: String? = nil, nulls: [String] = [""]
    ) throws -> TestDecoder {
        let plan = try ColumnPlan(
            columns: [ColumnSpec(name: "c", type: type, nullable: nullable, format: format)], nullValues: nulls)
        return TestDecoder(decoder: plan.decoders[0], tables: plan.tables)
    }

    func decode(_ d: TestDecoder, _ text: String) -> CellValue {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { d.decoder.decode(UnsafeRawBufferPointer($0), d.tables) }
    }

    func units(_ value: CellValue) -> Int128? {
        if case .decimal(let u) = value { return u }
        return nil
    }

    func failure(_ value: CellValue) -> CellFailure? {
        if case .failure(let f) = value { return f }
        return nil
    }

    @Test func decimalsAreExactAtTheColumnScale() throws {
        let d = try decoder(.decimal(precision: 10, scale: 2))
        #expect(units(decode(d, "12.5")) == 1250)
        #expect(units(decode(d, "-0.05")) == -5)
        #expect(units(decode(d, "+7")) == 700)
        #expect(units(decode(d, ".5")) == 50)
        #expect(units(decode(d, " 3.10 ")) == 310)
        #expect(units(decode(d, "1.230")) == 123)
        #expect(units(decode(d, "1e2")) == 10000)
        #expect(failure(decode(d, "1.234")) == .tooManyDecimals(found: 3))
        #expect(failure(decode(d, "12,5x")) == .notDecimal)
        #expect(failure(decode(d, "-")) == .notDecimal)
        #expect(failure(decode(d, "100000000")) == .decimalOutOfRange)  // precision 10 at scale 2
        #expect(units(decode(d, "99999999.99")) == 9_999_999_999)
    }

    @Test func shortDecimalFastPathAgreesWithExactDecimal() {
        var rng = SplitMix(seed: 5)
        let alphabet = Array("0123456789.-+e ")
        for _ in 0..<20000 {
            let text = String(
                (0..<Int.random(in: 1...21, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            for scale in [0, 2, 12] {
                var bytes = Array(text.utf8)
                bytes.withUnsafeMutableBytes { raw in
                    let cell = UnsafeRawBufferPointer(raw)
                    guard let fast = CellDecoder.parseShortDecimal(cell, scale: scale) else { return }
                    let exact = ExactDecimal.parse(cell, scale: scale)
                    #expect(exact == .value(ExactDecimal(units: fast, scale: scale)), "\(text) at scale \(scale)")
                }
            }
        }
    }

    @Test func moneyLimitKeepsScale12Accountable() throws {
        let plan = try ColumnPlan(
            columns: [ColumnSpec(name: "m", type: .decimal(precision: 38, scale: 0), money: true)], nullValues: [""])
        let d = TestDecoder(decoder: plan.decoders[0], tables: plan.tables)
        #expect(failure(decode(d, "1" + String(repeating: "0", count: 30))) == .decimalOutOfRange)
        #expect(units(decode(d, "1" + String(repeating: "0", count: 20))) != nil)
        #expect(plan.moneyUnits(5, 0) == 5_000_000_000_000)
        let fine = try ColumnPlan(
            columns: [ColumnSpec(name: "m", type: .decimal(precision: 38, scale: 14), money: true)], nullValues: [])
        #expect(fine.moneyUnits(125, 0) == 1)  // 0.00000000000125 → 0.000000000001 (half to even)
    }

    @Test func integers() throws {
        let i = try decoder(.int64)
        #expect(decode(i, "-9223372036854775808").int64 == .min)
        #expect(decode(i, "9223372036854775807").int64 == .max)
        #expect(failure(decode(i, "9223372036854775808")) == .integerOutOfRange)
        #expect(failure(decode(i, "1.0")) == .notInteger)
        #expect(failure(decode(i, "+")) == .notInteger)
        let u = try decoder(.uint64)
        #expect(failure(decode(u, "-1")) == .notInteger)
        #expect(failure(decode(u, "18446744073709551616")) == .integerOutOfRange)
    }

    @Test func booleansFloatsAndNulls() throws {
        let b = try decoder(.bool)
        for (text, value) in [
            ("TRUE", true), ("yes", true), ("1", true), ("False", false), ("no", false), ("0", false),
        ] {
            if case .bool(let got) = decode(b, text) { #expect(got == value) } else { Issue.record("bool \(text)") }
        }
        #expect(failure(decode(b, "y")) == .notBool)
        let f = try decoder(.float64)
        if case .float64(let v) = decode(f, " -2.5e-3 ") { #expect(v == -0.0025) } else { Issue.record("float") }
        #expect(failure(decode(f, "1.5x")) == .notFloat)
        let required = try decoder(.string, nullable: false, nulls: ["", "NA"])
        #expect(failure(decode(required, "NA")) == .missing)
        #expect(failure(decode(required, "")) == .missing)
        let optional = try decoder(.string, nulls: ["NA"])
        if case .null = decode(optional, "NA") {} else { Issue.record("NA is NULL") }
        if case .string(let s) = decode(optional, "") { #expect(s.count == 0) } else { Issue.record("empty string") }
    }

    @Test func timestampFastPathAgreesWithCivilTime() throws {
        var rng = SplitMix(seed: 8)
        let d = try decoder(.dateTime)
        for _ in 0..<5000 {
            let y = Int.random(in: 1900...2100, using: &rng)
            let m = Int.random(in: 0...13, using: &rng)
            let day = Int.random(in: 0...32, using: &rng)
            let h = Int.random(in: 0...24, using: &rng)
            let mi = Int.random(in: 0...60, using: &rng)
            let s = Int.random(in: 0...60, using: &rng)
            func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            let sep = Bool.random(using: &rng) ? "T" : " "
            let text =
                "\(y)-\(two(m))-\(two(day))\(sep)\(two(h)):\(two(mi)):\(two(s))\(Bool.random(using: &rng) ? "Z" : "")"
            let expected = CivilTime.parseTimestamp(text)
            switch (decode(d, text), expected) {
            case (.dateTime(let got), .success(let want)): #expect(got == want, "\(text)")
            case (.failure, .failure): break
            case (let got, _): Issue.record("\(text): \(got) vs \(expected)")
            }
        }
    }

    @Test func reasonsQuoteTheCell() {
        var bytes = Array("12,5x".utf8)
        bytes.withUnsafeMutableBytes { raw in
            let cell = UnsafeRawBufferPointer(raw)
            #expect(CellFailure.notDecimal.reason(cell: cell, type: .money, format: nil) == "'12,5x' is not a decimal")
            #expect(
                CellFailure.notDate.reason(cell: cell, type: .date, format: "%m/%d/%Y")
                    == "'12,5x' is not a date (expected %m/%d/%Y)")
            #expect(
                CellFailure.invalidUTF8(at: 4).reason(cell: cell, type: .string, format: nil)
                    == "invalid UTF-8 at byte 5")
        }
        let long = Array(String(repeating: "x", count: 100).utf8)
        long.withUnsafeBytes { cell in
            #expect(
                CellFailure.notInteger.reason(cell: cell, type: .int64, format: nil)
                    .hasSuffix("…' is not an integer"))
        }
    }
}

extension CellValue {
    var int64: Int64? {
        if case .int64(let v) = self { return v }
        return nil
    }
}
