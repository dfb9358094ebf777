import Testing
import TributaryCore
import TributaryFormats

@testable import TributaryExtractors

struct JSONLinesExtractorTests {
    static let columns = [
        ColumnSpec(name: "model", type: .string, nullable: false),
        ColumnSpec(name: "input_tokens", type: .int64, source: "usage.input_tokens"),
        ColumnSpec(name: "cost", type: .money, source: "cost.amount", money: true),
        ColumnSpec(name: "at", type: .dateTime, source: "start_time"),
        ColumnSpec(name: "metadata", type: .string),
        ColumnSpec(name: "tags", type: .stringArray),
        ColumnSpec(name: "first_tag", type: .string, source: "tags[0]"),
    ]

    func extractor(_ dir: TemporaryDirectory, batchRows: Int = 16384) throws -> JSONLinesExtractor {
        try JSONLinesExtractor(
            .init(
                sourceID: "gw", paths: ["logs/*.jsonl"], baseDirectory: dir.path, columns: Self.columns,
                batchRows: batchRows))
    }

    @Test func picksColumnsByKeyPathAndKeepsNumbersExact() async throws {
        let dir = try TemporaryDirectory()
        try dir.write(
            "logs/a.jsonl",
            """
            {"model":"gpt","usage":{"input_tokens":12},"cost":{"amount":12345678901234567890.123456789012},\
            "start_time":1700000000,"metadata":{"b":[1,2.50],"a":"x"},"tags":["p","q"]}
            {"model":"claude","usage":{"input_tokens":"7"},"cost":{"amount":"0.1"},\
            "start_time":"2025-03-04T05:06:07Z","metadata":"plain","tags":[]}\r

            {"model":"m","cost":{"amount":1e-7},"metadata":null}
            """)
        let result = try await extract(extractor(dir))
        #expect(result.error == nil)
        #expect(result.rejects.isEmpty)
        #expect(result.lines == [1, 2, 4])
        #expect(result.values("model") == [.string("gpt"), .string("claude"), .string("m")])
        #expect(result.values("input_tokens") == [.int64(12), .int64(7), .null])
        #expect(
            result.values("cost") == [
                .decimal(ExactDecimal("12345678901234567890.123456789012")!), .decimal(ExactDecimal("0.1")!),
                .decimal(ExactDecimal("0.0000001")!),
            ])
        #expect(result.values("at") == [.dateTime(1_700_000_000), .dateTime(1_741_064_767), .null])
        #expect(result.values("metadata") == [.string(#"{"b":[1,2.50],"a":"x"}"#), .string("plain"), .null])
        #expect(result.values("tags") == [.stringArray(["p", "q"]), .stringArray([]), .null])
        #expect(result.values("first_tag") == [.string("p"), .null, .null])
        #expect(
            result.batches.first?.lineage.money == [
                [12_345_678_901_234_567_890_123_456_789_012, 100_000_000_000, 100_000]
            ])
    }

    @Test func badLinesAreRejectsNamingLineAndPath() async throws {
        let dir = try TemporaryDirectory()
        try dir.write(
            "logs/a.jsonl",
            """
            {"model":"ok","cost":{"amount":1}}
            {"model":"x", oops}
            [1,2]
            {"model":"y","usage":{"input_tokens":"many"},"cost":{"amount":2}}
            {"model":"z","usage":{"input_tokens":true},"cost":{"amount":3}}
            {"model":"w","tags":["a",5]}
            {"cost":{"amount":4}}
            {"model":"v","cost":{"amount":0.0000000000001}}
            {"model":"u","cost":{"amount":[1]}}
            """)
        let result = try await extract(extractor(dir))
        #expect(result.error == nil)
        #expect(result.lines == [1])
        let expected: [(line: Int, field: String?, reason: String)] = [
            (2, nil, "invalid JSON at column 15: expected a string key in an object, found 'o'"),
            (3, nil, "the line is not a JSON object (found an array)"),
            (4, "usage.input_tokens", "'many' is not an integer at $.usage.input_tokens"),
            (5, "usage.input_tokens", "expected a number at $.usage.input_tokens, found a boolean"),
            (6, "tags", "expected a string at $.tags[1], found a number"),
            (7, "model", "missing value at $.model"),
            (
                8, "cost.amount",
                "'0.0000000000001' has 13 decimals; decimal(38,12) keeps 12, and money is never rounded "
                    + "at $.cost.amount"
            ),
            (9, "cost.amount", "expected a number at $.cost.amount, found an array"),
        ]
        #expect(result.rejects.count == expected.count)
        for (reject, want) in zip(result.rejects, expected) {
            #expect(reject.file == "logs/a.jsonl")
            #expect(reject.line == want.line)
            #expect(reject.field == want.field)
            #expect(reject.reason == want.reason)
        }
        #expect(result.rejects[0].raw.map(\.0) == ["line"])
        #expect(result.rejects[0].raw.map(\.1) == [#"{"model":"x", oops}"#])
        #expect(result.rejects[2].money == [2_000_000_000_000])
        #expect(result.rejects[5].money == [4_000_000_000_000])
        #expect(result.rejects[2].raw.first { $0.0 == "usage.input_tokens" }?.1 == "many")
    }

    @Test func rowsAndMoneyReconcile() async throws {
        var rng = SplitMix(seed: 17)
        let dir = try TemporaryDirectory()
        var text = ""
        var total: Int128 = 0
        var lines = 0
        for i in 0..<500 {
            let cents = Int64.random(in: -50_000...50_000, using: &rng)
            var line =
                #"{"model":"m\#(i)","cost":{"amount":\#(decimalText(cents, scale: 2))},"usage":{"input_tokens":\#(i)}}"#
            var counts = true
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: line = #"{"model":"m","cost":{"amount":"abc"}}"#; counts = false
            case 1: line = "{broken"; counts = false
            case 2: line = #"{"cost":{"amount":\#(decimalText(cents, scale: 2))}}"#  // model missing: reject with money
            default: break
            }
            if counts { total += Int128(cents) * 10_000_000_000 }
            text += line + "\n"
            lines += 1
            if i % 7 == 0 {
                text += "\n"
                lines += 1
            }
        }
        try dir.write("logs/big.jsonl", text)
        let result = try await extract(extractor(dir, batchRows: 31))
        #expect(result.error == nil)
        #expect(result.rows + result.rejects.count == 500)
        #expect(result.moneyTotals == [total])
        #expect(Set(result.lines + result.rejects.map(\.line)).count == 500)
        #expect((result.lines + result.rejects.map(\.line)).allSatisfy { $0 >= 1 && $0 <= lines })
    }

    @Test func keyOrderMayChangeFromLineToLine() async throws {
        let dir = try TemporaryDirectory()
        try dir.write(
            "logs/a.jsonl",
            """
            {"model":"a","cost":{"amount":1},"usage":{"input_tokens":1}}
            {"usage":{"input_tokens":2},"model":"b","cost":{"amount":2}}
            {"x":0,"cost":{"amount":3},"model":"c"}
            {"model":"d","cost":{"amount":4},"usage":{"input_tokens":4}}
            """)
        let result = try await extract(extractor(dir))
        #expect(result.values("model") == [.string("a"), .string("b"), .string("c"), .string("d")])
        #expect(result.values("input_tokens") == [.int64(1), .int64(2), .null, .int64(4)])
        #expect(result.batches.first?.lineage.money == [[1, 2, 3, 4].map { Int128($0) * 1_000_000_000_000 }])
    }

    @Test func sourceMustBeAKeyPath() {
        let columns = [ColumnSpec(name: "x", type: .string, source: "a..b")]
        #expect(throws: ExtractorError.self) {
            try JSONLinesExtractor(.init(sourceID: "s", paths: ["*.jsonl"], columns: columns))
        }
    }

    @Test func readsGzippedLines() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("logs/a.jsonl", gzipStored(Array(#"{"model":"gz","cost":{"amount":1.5}}"#.utf8)))
        let result = try await extract(extractor(dir))
        #expect(result.values("model") == [.string("gz")])
        #expect(result.events == ["start logs/a.jsonl", "batch logs/a.jsonl 1", "finish logs/a.jsonl"])
    }
}
