import Testing
import TributaryCore
import TributaryFormats

@testable import TributaryExtractors

struct CSVExtractorTests {
    static let costColumns = [
        ColumnSpec(name: "id", type: .int64, nullable: false),
        ColumnSpec(name: "service", type: .string, source: "Service Name"),
        ColumnSpec(name: "cost", type: .money, money: true),
        ColumnSpec(name: "usage_date", type: .date),
        ColumnSpec(name: "amount", type: .decimal(precision: 10, scale: 2), money: true),
    ]

    func extractor(
        _ dir: TemporaryDirectory, paths: [String] = ["data/*.csv"], columns: [ColumnSpec] = costColumns,
        batchRows: Int = 16384, configure: (inout CSVExtractor.Configuration) -> Void = { _ in }
    ) throws -> CSVExtractor {
        var configuration = CSVExtractor.Configuration(
            sourceID: "costs", paths: paths, baseDirectory: dir.path, columns: columns, batchRows: batchRows)
        configure(&configuration)
        return try CSVExtractor(configuration)
    }

    @Test func typesEveryKindOfColumn() async throws {
        let dir = try TemporaryDirectory()
        try dir.write(
            "data/all.csv",
            """
            s,i,u,d,m,f,b,dt,dtf,ts,tsf,tags,extra
            héllo,-42,18446744073709551615,12.5,0.000000000001,1.5e3,YES,2025-03-04,03/04/2025,\
            2025-03-04T05:06:07+01:00,04-Mar-2025 5:06 PM,"[""a"",""b""]",x
            ,,,,,,,,,,,,

            """)
        let columns = [
            ColumnSpec(name: "s", type: .string), ColumnSpec(name: "i", type: .int64),
            ColumnSpec(name: "u", type: .uint64), ColumnSpec(name: "d", type: .decimal(precision: 10, scale: 3)),
            ColumnSpec(name: "m", type: .money, money: true), ColumnSpec(name: "f", type: .float64),
            ColumnSpec(name: "b", type: .bool), ColumnSpec(name: "dt", type: .date),
            ColumnSpec(name: "dtf", type: .date, format: "%m/%d/%Y"), ColumnSpec(name: "ts", type: .dateTime),
            ColumnSpec(name: "tsf", type: .dateTime, format: "%d-%b-%Y %I:%M %p"),
            ColumnSpec(name: "tags", type: .stringArray),
        ]
        let result = try await extract(extractor(dir, columns: columns))
        #expect(result.error == nil)
        #expect(result.rejects.isEmpty)
        let batch = try #require(result.batches.first)
        #expect(batch.schema.names == columns.map(\.name))
        let day = Int32(CivilTime.days(year: 2025, month: 3, day: 4))
        let first: [Value] = [
            .string("héllo"), .int64(-42), .uint64(.max), .decimal(ExactDecimal("12.500")!),
            .decimal(ExactDecimal("0.000000000001")!), .float64(1500), .bool(true), .date(day), .date(day),
            .dateTime(Int64(day) * 86400 + 4 * 3600 + 6 * 60 + 7), .dateTime(Int64(day) * 86400 + 17 * 3600 + 6 * 60),
            .stringArray(["a", "b"]),
        ]
        #expect(batch.rowDescription(0).map(\.1) == first)
        #expect(batch.rowDescription(1).map(\.1) == Array(repeating: .null, count: columns.count))
        #expect(batch.lineage.lines == [2, 3])
        #expect(batch.lineage.money == [[1, 0]])
        #expect(batch.lineage.file == "data/all.csv")
        #expect(batch.lineage.sourceID == "costs")
    }

    @Test func badRowsBecomeRejectsThatSayWhereAndWhy() async throws {
        let dir = try TemporaryDirectory()
        var text = "id,Service Name,cost,usage_date,amount\n"
        text += "1,EC2,1.25,2025-01-01,2.50\n"  // 2: good
        text += "2,S3,0.5\n"  // 3: short
        text += "3,S3,0.5,2025-01-01,1,extra\n"  // 4: long
        var bytes = Array(text.utf8)
        bytes += Array("4,S".utf8) + [0xC3, 0x28] + Array("3,0.75,2025-01-01,1\n".utf8)  // 5: invalid UTF-8
        text = "5,RDS,\"12,5x\",2025-01-01,3.00\n"  // 6: not a decimal
        text += "6,RDS,2.00,2025-01-01,1.234\n"  // 7: too many decimals
        text += "7,RDS,2.00,2025-02-30,1\n"  // 8: no such date
        text += ",RDS,4.00,2025-01-01,1\n"  // 9: id missing
        text += "8,\"Lambda\nEdge\",1.00,2025-01-01,1\n"  // 10-11: good, two lines
        text += "9,EKS,3.00,2025-01-01,\"1"  // 12: unterminated quote
        bytes += Array(text.utf8)
        try dir.write("data/costs.csv", bytes)
        let result = try await extract(extractor(dir))
        #expect(result.error == nil)
        #expect(result.lines == [2, 10])
        #expect(result.values("service") == [.string("EC2"), .string("Lambda\nEdge")])

        let expected: [(line: Int, field: String?, reason: String)] = [
            (3, nil, "row has 3 fields; the header has 5"),
            (4, nil, "row has 6 fields; the header has 5"),
            (5, "Service Name", "invalid UTF-8 at byte 2"),
            (6, "cost", "'12,5x' is not a decimal"),
            (7, "amount", "'1.234' has 3 decimals; decimal(10,2) keeps 2, and money is never rounded"),
            (8, "usage_date", "'2025-02-30' is not a valid date or time"),
            (9, "id", "missing value"),
            (12, nil, "unterminated quote: the quoted field opened on line 12 runs to the end of the file"),
        ]
        #expect(result.rejects.count == expected.count)
        for (reject, want) in zip(result.rejects, expected) {
            #expect(reject.file == "data/costs.csv")
            #expect(reject.stage == "source")
            #expect(reject.line == want.line)
            #expect(reject.field == want.field)
            #expect(reject.reason == want.reason)
        }
        let notDecimal = result.rejects[3]
        #expect(notDecimal.raw.map(\.0) == ["id", "Service Name", "cost", "usage_date", "amount"])
        #expect(notDecimal.raw.map(\.1) == ["5", "RDS", "12,5x", "2025-01-01", "3.00"])
        // Money cells that did parse are kept at scale 12; the unreadable one counts 0.
        #expect(notDecimal.money == [0, 3_000_000_000_000])
        #expect(result.rejects[0].money == [500_000_000_000, 0])
        #expect(result.rejects[0].raw.map(\.1) == ["2", "S3", "0.5", nil, nil])
        #expect(result.rejects[1].raw.map(\.0).last == "_6")
        #expect(result.rejects[7].money == [3_000_000_000_000, 1_000_000_000_000])  // the partial field parses
    }

    @Test func headerWithoutADeclaredColumnStopsTheRun() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("data/a.csv", "id,cost\n1,2\n")
        let result = try await extract(extractor(dir))
        let error = try #require(result.error as? ExtractorError)
        #expect(
            error
                == .missingColumns(
                    file: "data/a.csv", line: 1, missing: ["Service Name", "usage_date", "amount"],
                    header: ["id", "cost"]))
        #expect(
            error.description
                == "data/a.csv:1: error: the header has no columns 'Service Name', 'usage_date', 'amount'; "
                + "it has: id, cost"
        )
    }

    @Test func headerWithByteOrderMarkAndCRLFMatchesDeclaredSources() async throws {
        let dir = try TemporaryDirectory()
        try dir.write(
            "data/a.csv", "\u{FEFF}amount,usage_date,cost,Service Name,id,unused\r\n1.50,2025-01-02,0.25,EC2,7,z\r\n")
        let result = try await extract(extractor(dir))
        #expect(result.error == nil)
        #expect(
            result.batches.first?.rowDescription(0).map(\.1) == [
                .int64(7), .string("EC2"), .decimal(ExactDecimal("0.25")!),
                .date(Int32(CivilTime.days(year: 2025, month: 1, day: 2))), .decimal(ExactDecimal("1.50")!),
            ])
    }

    @Test func emptyFileHasNoHeader() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("data/a.csv", "\n\n")
        let result = try await extract(extractor(dir))
        #expect(result.error as? ExtractorError == .missingHeader(file: "data/a.csv"))
    }

    @Test func headerOnlyFileYieldsNoBatch() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("data/a.csv", "id,Service Name,cost,usage_date,amount\r\n")
        let result = try await extract(extractor(dir))
        #expect(result.error == nil)
        #expect(result.events == ["start data/a.csv", "finish data/a.csv"])
    }

    @Test func readsGzipByContentAndKeepsFilesApart() async throws {
        let dir = try TemporaryDirectory()
        let header = "id,Service Name,cost,usage_date,amount\n"
        try dir.write("data/1.csv", header + "1,A,1.00,2025-01-01,1\n2,B,2.00,2025-01-01,1\n")
        try dir.write("data/2.csv", gzipStored(Array((header + "3,C,3.00,2025-01-02,1\n").utf8), blockSize: 7))
        try dir.write("data/3.csv.gz", header + "4,D,4.00,2025-01-03,1\n")  // named .gz, but plain
        let result = try await extract(extractor(dir, paths: ["data/*.csv", "data/*.gz"], batchRows: 1))
        #expect(result.error == nil)
        #expect(
            result.events == [
                "start data/1.csv", "batch data/1.csv 1", "batch data/1.csv 1", "finish data/1.csv",
                "start data/2.csv", "batch data/2.csv 1", "finish data/2.csv",
                "start data/3.csv.gz", "batch data/3.csv.gz 1", "finish data/3.csv.gz",
            ])
        #expect(result.values("id") == [.int64(1), .int64(2), .int64(3), .int64(4)])
    }

    @Test func truncatedGzipDeliversWhatWasReadThenFails() async throws {
        let dir = try TemporaryDirectory()
        var text = "id,Service Name,cost,usage_date,amount\n"
        for i in 1...200 { text += "\(i),svc,\(i).00,2025-01-01,1\n" }
        let whole = gzipStored(Array(text.utf8), blockSize: 512)
        let cut = Array(whole.prefix(whole.count / 2))
        try dir.write("data/t.csv.gz", cut)
        let result = try await extract(extractor(dir, paths: ["data/t.csv.gz"], batchRows: 50))
        #expect(result.error as? FormatsError == .gzipTruncated(path: "data/t.csv.gz", offset: cut.count))
        #expect(result.rows > 50)
        #expect(result.rows < 200)
        #expect(result.lines == Array(2..<(2 + result.rows)))
        #expect(!result.events.contains("finish data/t.csv.gz"))
    }

    @Test func positionalColumnsDelimiterAndNullValues() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("data/a.tsv", "1\tNULL\t2.5\n2\tx\t\n")
        let columns = [
            ColumnSpec(name: "id", type: .int64), ColumnSpec(name: "name", type: .string),
            ColumnSpec(name: "v", type: .float64),
        ]
        let result = try await extract(
            extractor(dir, paths: ["data/a.tsv"], columns: columns) {
                $0.header = false
                $0.delimiter = "\t"
                $0.nullValues = ["NULL", ""]
            })
        #expect(result.values("name") == [.null, .string("x")])
        #expect(result.values("v") == [.float64(2.5), .null])
        #expect(result.lines == [1, 2])
    }

    @Test func emptyStringsStayWhenNotNull() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("data/a.csv", "name\n\"\"\nx\n")
        let result = try await extract(
            extractor(dir, columns: [ColumnSpec(name: "name", type: .string, nullable: false)]) { $0.nullValues = [] })
        #expect(result.values("name") == [.string(""), .string("x")])
    }

    @Test func rowsAndMoneyReconcile() async throws {
        // Rows read = rows in batches + rejects; money in batches + rejects = the money column's total as read.
        var rng = SplitMix(seed: 99)
        let dir = try TemporaryDirectory()
        var text = "id,Service Name,cost,usage_date,amount\n"
        var dataRows = 0
        var expectedCost: Int128 = 0
        var expectedAmount: Int128 = 0
        for file in 0..<3 {
            for i in 0..<400 {
                let cents = Int64.random(in: -100_000...100_000, using: &rng)
                let amount = Int64.random(in: 0...9_999, using: &rng)
                let day = 1 + i % 28
                var fields = [
                    "\(i)", "svc\(i % 7)", decimalText(cents, scale: 2), "2025-01-\(day < 10 ? "0" : "")\(day)",
                    decimalText(amount, scale: 2),
                ]
                var costCounts = true
                var amountCounts = true
                switch Int.random(in: 0..<20, using: &rng) {
                case 0: fields[2] = "abc"; costCounts = false
                case 1: fields[3] = "yesterday"
                case 2: fields.removeLast(); amountCounts = false
                case 3: fields.append("extra")
                case 4: fields[4] = "1.005"; amountCounts = false
                case 5: fields[0] = ""
                default: break
                }
                if costCounts { expectedCost += Int128(cents) * 10_000_000_000 }
                if amountCounts { expectedAmount += Int128(amount) * 10_000_000_000 }
                text += fields.joined(separator: ",") + "\n"
                dataRows += 1
            }
            try dir.write("data/part\(file).csv", text)
            text = "id,Service Name,cost,usage_date,amount\n"
        }
        let result = try await extract(extractor(dir, batchRows: 37))
        #expect(result.error == nil)
        #expect(result.rows + result.rejects.count == dataRows)
        #expect(!result.rejects.isEmpty)
        #expect(result.moneyTotals == [expectedCost, expectedAmount])
        #expect(result.batches.allSatisfy { $0.count <= 37 })
    }

    struct ConfigurationCase: Sendable, CustomTestStringConvertible {
        var name: String
        var change: @Sendable (inout CSVExtractor.Configuration) -> Void
        var error: ExtractorError
        var testDescription: String { name }
    }

    @Test(arguments: [
        ConfigurationCase(
            name: "money must be decimal", change: { $0.columns[1].money = true },
            error: .invalidConfiguration(
                key: "columns[1].money", message: "a money column must be a decimal, not string")),
        ConfigurationCase(
            name: "duplicate name", change: { $0.columns[2].name = "id" },
            error: .invalidConfiguration(key: "columns[2].name", message: "column 'id' is declared twice")),
        ConfigurationCase(
            name: "format only for dates", change: { $0.columns[0].format = "%Y" },
            error: .invalidConfiguration(
                key: "columns[0].format", message: "only date and datetime columns take a format, not int64")),
        ConfigurationCase(
            name: "unknown directive", change: { $0.columns[3].format = "%Q" },
            error: .invalidConfiguration(
                key: "columns[3].format",
                message:
                    "unknown directive '%Q' in format '%Q'; "
                    + "known: %Y %y %m %b %B %h %d %e %j %H %I %p %M %S %f %z %s %T %F %D %R %%"
            )),
        ConfigurationCase(
            name: "delimiter", change: { $0.delimiter = "::" },
            error: .invalidConfiguration(
                key: "delimiter",
                message: "the delimiter must be one ASCII character other than a quote or a line end, not '::'")),
        ConfigurationCase(
            name: "no columns", change: { $0.columns = [] },
            error: .invalidConfiguration(key: "columns", message: "declare at least one column")),
        ConfigurationCase(
            name: "batch rows", change: { $0.batchRows = 0 },
            error: .invalidConfiguration(key: "batch_rows", message: "must be positive, not 0")),
        ConfigurationCase(
            name: "decimal precision", change: { $0.columns[2].type = .decimal(precision: 40, scale: 2) },
            error: .invalidConfiguration(
                key: "columns[2].type",
                message: "decimal(40,2) is not a decimal type: write decimal(P,S), 1 <= P <= 38, 0 <= S <= P")),
        ConfigurationCase(
            name: "no paths", change: { $0.paths = [] },
            error: .invalidConfiguration(key: "paths", message: "give at least one path or glob pattern")),
    ])
    func configurationMistakesAreCaughtBeforeOpening(_ testCase: ConfigurationCase) {
        var configuration = CSVExtractor.Configuration(sourceID: "s", paths: ["*.csv"], columns: Self.costColumns)
        testCase.change(&configuration)
        #expect(throws: testCase.error) { try CSVExtractor(configuration) }
    }

    @Test func describesItself() throws {
        let extractor = try CSVExtractor(.init(sourceID: "s", paths: ["*.csv"], columns: Self.costColumns))
        #expect(extractor.outputSchema.names == ["id", "service", "cost", "usage_date", "amount"])
        #expect(extractor.moneyColumns == ["cost", "amount"])
        #expect(
            ExtractorError.invalidConfiguration(key: "columns[1].money", message: "m").description
                == "columns[1].money: error: m")
    }

    @Test func noMatchingFileFailsOnOpen() throws {
        let dir = try TemporaryDirectory()
        let extractor = try extractor(dir, paths: ["nothing/*.csv"])
        #expect(throws: ExtractorError.noFilesMatch(pattern: "nothing/*.csv", baseDirectory: dir.path)) {
            _ = try extractor.open()
        }
    }
}
