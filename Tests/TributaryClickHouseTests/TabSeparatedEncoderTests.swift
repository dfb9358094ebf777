import Foundation
import Testing
import TributaryCore

@testable import TributaryClickHouse

struct TabSeparatedEncoderTests {
    let encoder = TabSeparatedEncoder()

    func encode(_ type: DataType, _ values: [Value]) -> String {
        text(encoder.encode(makeBatch(Schema([Field("c", type)]), values.map { [$0] })))
    }

    @Test func stringsAreEscapedLikeClickHouse() {
        let values: [Value] = [
            .string("plain"), .string("tab\there"), .string("line\nbreak"), .string("cr\rx"), .string("back\\slash"),
            .string("nul\u{0}x"), .string("bell\u{8}form\u{C}"), .string("quote's stay"), .string(""),
            .string("ünïcødé ✓"), .string("\u{1}\u{7}\u{B} harmless controls"),
        ]
        #expect(
            encode(.string, values) == """
                plain
                tab\\there
                line\\nbreak
                cr\\rx
                back\\\\slash
                nul\\0x
                bell\\bform\\f
                quote's stay

                ünïcødé ✓
                \u{1}\u{7}\u{B} harmless controls

                """)
    }

    @Test func longStringsTakeTheWordAtATimePath() {
        let clean = String(repeating: "abcdefgh", count: 5) + "xyz"
        let dirty = String(repeating: "abcdefgh", count: 3) + "\t" + String(repeating: "z", count: 13) + "\\"
        #expect(
            encode(.string, [.string(clean), .string(dirty)]) == "\(clean)\n"
                + String(repeating: "abcdefgh", count: 3) + "\\t" + String(repeating: "z", count: 13) + "\\\\\n")
    }

    @Test func everyByteRoundTripsThroughTheEscaping() {
        let all = String(decoding: (0...127).map { UInt8($0) }, as: UTF8.self)
        let encoded = encode(.string, [.string(all)])
        #expect(!encoded.dropLast().contains("\t") && !encoded.dropLast().contains("\n"))
        #expect(TabSeparatedDecoder.rows(encoded) == [[all]])
    }

    @Test func nullIsBackslashN() {
        let schema = Schema([
            Field("s", .string), Field("i", .int64), Field("u", .uint64), Field("d", .money), Field("f", .float64),
            Field("b", .bool), Field("day", .date), Field("t", .dateTime),
        ])
        let batch = makeBatch(schema, [Array(repeating: .null, count: 8)])
        #expect(text(encoder.encode(batch)) == Array(repeating: "\\N", count: 8).joined(separator: "\t") + "\n")
    }

    @Test func decimalsKeepTheirScaleAtTheExtremes() {
        let values = [
            "99999999999999999999999999.999999999999", "-99999999999999999999999999.999999999999", "0",
            "0.000000000001", "-0.000000000001", "1.5", "-75.57", "10000000", "9999999.999999999999",
            "10000000.000000000001", "170141183460469231731.687303715884",
        ].map(decimal)
        #expect(
            encode(.money, values) == """
                99999999999999999999999999.999999999999
                -99999999999999999999999999.999999999999
                0.000000000000
                0.000000000001
                -0.000000000001
                1.500000000000
                -75.570000000000
                10000000.000000000000
                9999999.999999999999
                10000000.000000000001
                170141183460469231731.687303715884

                """)
    }

    @Test(arguments: [0, 2, 12, 18, 19, 20, 38])
    func decimalTextMatchesExactDecimalForRandomValues(scale: Int) {
        var rng = SystemRandomNumberGenerator()
        var units: [Int128] = [
            0, 1, -1, Int128.max, Int128.min + 1, 10_000_000_000_000_000_000, -9_999_999_999_999_999_999,
        ]
        for _ in 0..<2000 {
            let bits = Int.random(in: 1...127, using: &rng)
            let magnitude =
                Int128(UInt64.random(in: 0...UInt64.max, using: &rng)) << 63
                | Int128(UInt64.random(in: 0...UInt64.max, using: &rng) >> 1)
            let v = magnitude >> (127 - bits)
            units.append(v == .min ? 0 : Bool.random(using: &rng) ? v : -v)
        }
        for u in units {
            var expected: [UInt8] = []
            ExactDecimal.write(units: u, scale: scale, into: &expected)
            var out = [UInt8](repeating: 0, count: TextWriters.maxDecimalWidth)
            let n = out.withUnsafeMutableBufferPointer { b in
                TextWriters.writeDecimal(units: u, scale: scale, to: b.baseAddress!) - b.baseAddress!
            }
            #expect(Array(out[..<n]) == expected, "units \(u) scale \(scale)")
        }
    }

    @Test func datesAndTimesMatchCivilTime() {
        var rng = SystemRandomNumberGenerator()
        var seconds: [Int64] = [0, 1, 86399, 86400, -1, -86400, 951_782_400, 4_102_444_799, 253_402_300_799]
        for _ in 0..<5000 { seconds.append(Int64.random(in: -62_135_596_800...253_402_300_799, using: &rng)) }
        for s in seconds {
            var expected: [UInt8] = []
            CivilTime.writeDateTime(epochSeconds: s, into: &expected)
            var out = [UInt8](repeating: 0, count: 32)
            let n = out.withUnsafeMutableBufferPointer { b in
                TextWriters.writeDateTime(epochSeconds: s, to: b.baseAddress!) - b.baseAddress!
            }
            #expect(Array(out[..<n]) == expected, "epoch \(s)")
            let days = s / 86400
            expected.removeAll()
            CivilTime.writeDate(days: days, into: &expected)
            let m = out.withUnsafeMutableBufferPointer { b in
                TextWriters.writeDate(days: days, to: b.baseAddress!) - b.baseAddress!
            }
            #expect(Array(out[..<m]) == expected, "days \(days)")
        }
    }

    @Test func datesTimesBoolsAndIntegers() {
        let schema = Schema([
            Field("day", .date), Field("t", .dateTime), Field("b", .bool), Field("i", .int64), Field("u", .uint64),
        ])
        let batch = makeBatch(
            schema,
            [
                [
                    date("2025-01-31"), dateTime("2025-03-04T05:06:07Z"), .bool(true), .int64(Int64.min),
                    .uint64(UInt64.max),
                ],
                [date("1970-01-02"), dateTime("1969-12-31T23:59:59Z"), .bool(false), .int64(Int64.max), .uint64(0)],
                [date("2000-02-29"), dateTime("2106-02-07T06:28:15Z"), .bool(true), .int64(0), .uint64(10)],
            ])
        #expect(
            text(encoder.encode(batch)) == """
                2025-01-31\t2025-03-04 05:06:07\t1\t-9223372036854775808\t18446744073709551615
                1970-01-02\t1969-12-31 23:59:59\t0\t9223372036854775807\t0
                2000-02-29\t2106-02-07 06:28:15\t1\t0\t10

                """)
    }

    /// The encoder remembers each date column's last day: runs of one day, a return to an earlier day, a NULL
    /// between, and two columns on different days must all print as if nothing were remembered.
    @Test func repeatedDaysPrintLikeFreshOnes() {
        let schema = Schema([Field("t", .dateTime), Field("d", .date), Field("u", .dateTime)])
        let times: [Int64] = [86_400, 86_401, 172_800, 86_402, 0, 0, 951_782_400, 951_868_799]
        var rows: [[Value]] = []
        var expected = ""
        for (k, s) in times.enumerated() {
            let day = Int32(s / 86_400)
            let t: Value = k == 4 ? .null : .dateTime(s)
            rows.append([t, .date(day), .dateTime(s + 40 * 86_400)])
            var line: [UInt8] = []
            if k == 4 { line += Array("\\N".utf8) } else { CivilTime.writeDateTime(epochSeconds: s, into: &line) }
            line.append(0x09)
            CivilTime.writeDate(days: Int64(day), into: &line)
            line.append(0x09)
            CivilTime.writeDateTime(epochSeconds: s + 40 * 86_400, into: &line)
            expected += String(decoding: line, as: UTF8.self) + "\n"
        }
        #expect(text(encoder.encode(makeBatch(schema, rows))) == expected)
    }

    @Test func integersOfEveryLength() {
        var values: [Value] = []
        var expected = ""
        var v: Int64 = 1
        for _ in 0..<19 {
            values += [.int64(v), .int64(-v), .int64(v - 1)]
            expected += "\(v)\n\(-v)\n\(v - 1)\n"
            v = v &* 10
        }
        #expect(encode(.int64, values) == expected)
    }

    @Test func floatsAreShortestRoundTrip() {
        let values: [Double] = [
            0.1, -2.5, 1e-05, 1e16, 123456789.125, .infinity, -.infinity, .nan, 0, .leastNonzeroMagnitude,
        ]
        let out = encode(.float64, values.map { .float64($0) })
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines == ["0.1", "-2.5", "1e-05", "1e+16", "123456789.125", "inf", "-inf", "nan", "0.0", "5e-324"])
        for (line, v) in zip(lines, values) where !v.isNaN { #expect(Double(line) == v) }
    }

    @Test func arraysAreQuotedAndNullListsAreEmpty() {
        let out = encode(
            .stringArray,
            [
                .stringArray(["a", "b"]), .stringArray([]), .null,
                .stringArray(["it's", "back\\slash", "tab\there", ""]),
                .stringArray(["new\nline"]),
            ])
        #expect(
            out == """
                ['a','b']
                []
                []
                ['it\\'s','back\\\\slash','tab\\there','']
                ['new\\nline']

                """)
    }

    @Test func rowRangesAppendOnlyTheirRows() {
        let schema = Schema([Field("n", .int64), Field("s", .string), Field("tags", .stringArray)])
        let rows: [[Value]] = (0..<10).map { [.int64(Int64($0)), .string("r\($0)"), .stringArray(["t\($0)"])] }
        let batch = makeBatch(schema, rows)
        var out: [UInt8] = Array("head\n".utf8)
        encoder.encode(batch, rows: 3..<5, into: &out)
        encoder.encode(batch, rows: 9..<10, into: &out)
        #expect(text(out) == "head\n3\tr3\t['t3']\n4\tr4\t['t4']\n9\tr9\t['t9']\n")
    }

    @Test func worstCaseReservationCoversWorstCaseRows() {
        let nasty = String(repeating: "\\\t\n'", count: 50)
        let schema = Schema([Field("s", .string), Field("a", .stringArray), Field("d", .money), Field("f", .float64)])
        let row: [Value] = [
            .string(nasty), .stringArray([nasty, nasty, ""]), decimal("-99999999999999999999999999.999999999999"),
            .float64(-2.2250738585072014e-308),
        ]
        let batch = makeBatch(schema, Array(repeating: row, count: 3))
        let out = encoder.encode(batch)
        #expect(out.count <= TabSeparatedEncoder.worstCaseBytes(batch.columns, rows: 0..<3))
        #expect(TabSeparatedDecoder.rows(text(out)).count == 3)
    }
}
