import Foundation
import Testing
import TributaryClickHouse
import TributaryFormats
import TributaryTransformers

@testable import TributaryPipeline

/// A valid pipeline; each error case below breaks it in one place.
let validPipeline = """
    version = 1

    [pipeline]
    name = "usage"
    max_rejects = 5

    [source]
    type = "csv"
    paths = ["data/*.csv"]
    columns = [
        { name = "day", type = "date", nullable = false },
        { name = "model", type = "string", nullable = false },
        { name = "cost", type = "decimal(38,12)", money = true },
    ]

    [[transform]]
    id = "paid"
    type = "filter"
    where = "cost > 0"

    [sink]
    type = "clickhouse"
    url = "${CH_URL:-http://127.0.0.1:8123}"
    password = "${CH_PASSWORD:-}"
    table = "usage"
    order_by = ["day", "model"]
    partition_by = "toYYYYMM(day)"
    """

func compile(_ text: String, environment: [String: String] = [:]) -> Result<CompiledPipeline, PipelineFileError> {
    Result { () throws(PipelineFileError) in
        try PipelineCompiler(environment: environment).compile(text: Data(text.utf8), path: "p.toml")
    }
}

struct PipelineCompilerTests {
    @Test func compilesTheValidPipeline() throws {
        let p = try compile(validPipeline).get()
        #expect(p.settings.name == "usage")
        #expect(p.settings.maxRejects == .count(5))
        // The default strategy appends, so every row gets its id and the table collapses a row inserted twice.
        #expect(p.outputSchema.names == ["day", "model", "cost", "x_row_id"])
        #expect(p.lineage?.configuration == LineageTransformer.Configuration(key: [], lineage: false))
        #expect(p.extractor.moneyColumns == ["cost"])
        #expect(p.transforms.map(\.id) == ["paid"])
        #expect(p.sink.summary == "clickhouse tributary.usage")
        #expect(p.sink.plannedDDL().contains { $0.contains("CREATE TABLE IF NOT EXISTS `tributary`.`usage`") })
        #expect(
            p.sink.plannedDDL().contains {
                $0.contains("ENGINE = ReplacingMergeTree\nPARTITION BY toYYYYMM(day)\nORDER BY (`day`, `model`, `x_row_id`)")
            }, "\(p.sink.plannedDDL())")
    }

    @Test func aKeyAndLineageAddTheDataModelsColumns() throws {
        let text = validPipeline.replacingOccurrences(
            of: "partition_by = \"toYYYYMM(day)\"", with: "key = [\"day\", \"model\"]\nlineage = true")
        let p = try compile(text).get()
        #expect(
            p.outputSchema.names == [
                "day", "model", "cost", "x_row_id", "x_source", "x_source_file", "x_source_row", "x_run_id",
                "x_ingested_at",
            ])
        #expect(p.lineage?.configuration.key == ["day", "model"])
        #expect(p.lineage?.inputSchema.names == ["day", "model", "cost"])
    }

    @Test func stateInClickHouseNeedsAClickHouseSink() {
        let text = validPipeline.replacingOccurrences(of: "max_rejects = 5", with: "max_rejects = 5\nstate = \"clickhouse\"")
            .replacingOccurrences(
                of: "type = \"clickhouse\"\nurl = \"${CH_URL:-http://127.0.0.1:8123}\"\npassword = \"${CH_PASSWORD:-}\"\ntable = \"usage\"\norder_by = [\"day\", \"model\"]\npartition_by = \"toYYYYMM(day)\"",
                with: "type = \"file\"\npath = \"out.tsv\"")
        guard case .failure(let error) = compile(text) else {
            Issue.record("compiled")
            return
        }
        #expect(error.description.contains("pipeline.state: state = \"clickhouse\" keeps state in the sink's ClickHouse, and this sink is file"), "\(error)")
        let bad = validPipeline.replacingOccurrences(of: "max_rejects = 5", with: "max_rejects = 5\nstate = \"redis\"")
        guard case .failure(let e2) = compile(bad) else {
            Issue.record("compiled")
            return
        }
        #expect(e2.description.contains("p.toml:6:9: error: pipeline.state: expected \"local\" or \"clickhouse\", not 'redis'"), "\(e2)")
    }

    @Test func replacingPartitionsNeedsNoRowID() throws {
        let text = validPipeline.replacingOccurrences(
            of: "partition_by = \"toYYYYMM(day)\"", with: "partition_by = \"toYYYYMM(day)\"\nstrategy = \"replace_partition\"")
        let p = try compile(text).get()
        #expect(p.outputSchema.names == ["day", "model", "cost"])
        #expect(p.lineage == nil)
    }

    @Test func aKeyColumnThatDoesNotExistIsRefusedWithItsLine() {
        let text = validPipeline.replacingOccurrences(
            of: "partition_by = \"toYYYYMM(day)\"", with: "key = [\"day\", \"modle\"]")
        guard case .failure(let error) = compile(text) else {
            Issue.record("compiled")
            return
        }
        #expect(error.description.contains("p.toml:27:7: error: sink.key: unknown column 'modle'; did you mean 'model'?"), "\(error)")
    }

    @Test func compilesReplacePartition() throws {
        let text = validPipeline.replacingOccurrences(
            of: "partition_by = \"toYYYYMM(day)\"",
            with: "partition_by = \"(model, toYYYYMM(day))\"\nstrategy = \"replace_partition\"")
        let p = try compile(text).get()
        let plan = try #require(p.sink as? ClickHouseSinkPlan)
        #expect(plan.configuration.strategy == .replacePartition)
        #expect(plan.configuration.partitionKey?.expression == "(`model`, toYYYYMM(`day`))")
    }

    @Test func compilesMergeAndPlansAReplacingMergeTree() throws {
        let text = validPipeline.replacingOccurrences(
            of: "partition_by = \"toYYYYMM(day)\"", with: "strategy = \"merge\"\nversion_column = \"day\"")
        let p = try compile(text).get()
        let plan = try #require(p.sink as? ClickHouseSinkPlan)
        #expect(plan.configuration.strategy == .merge)
        #expect(plan.configuration.versionColumn == "day")
        #expect(
            plan.plannedDDL().contains { $0.contains("ENGINE = ReplacingMergeTree(`day`)\nORDER BY (`day`, `model`)") })
    }

    /// A nullable version column: the pipeline's columns change too, so this is not one of the one-edit cases.
    @Test func mergeRefusesANullableVersionColumn() {
        let text = validPipeline.replacingOccurrences(
            of: "{ name = \"day\", type = \"date\", nullable = false },",
            with:
                "{ name = \"day\", type = \"date\", nullable = false },\n    { name = \"seen\", type = \"datetime\" },"
        )
        .replacingOccurrences(
            of: "partition_by = \"toYYYYMM(day)\"", with: "strategy = \"merge\"\nversion_column = \"seen\"")
        guard case .failure(let error) = compile(text) else {
            Issue.record("compiled")
            return
        }
        let rendered = error.description
        #expect(rendered.contains("p.toml:29:18: "), "\(rendered)")
        #expect(rendered.contains("sink.version_column: `seen` is nullable"), "\(rendered)")
    }

    struct ErrorCase: Sendable, CustomStringConvertible {
        var name: String
        var replace: String
        var with: String
        /// `line:col: error: message-fragment`
        var line: Int
        var column: Int
        var fragment: String
        var description: String { name }
    }

    @Test(arguments: [
        ErrorCase(
            name: "TOML syntax", replace: "max_rejects = 5", with: "max_rejects = = 5", line: 5, column: 15,
            fragment: "error: "),
        ErrorCase(
            name: "unknown key with suggestion", replace: "max_rejects = 5", with: "max_reject = 5", line: 5,
            column: 1, fragment: "pipeline.max_reject: unknown key 'max_reject'; did you mean 'max_rejects'?"),
        ErrorCase(
            name: "wrong type", replace: "max_rejects = 5", with: "max_rejects = true", line: 5, column: 15,
            fragment: "pipeline.max_rejects: expected a count"),
        ErrorCase(
            name: "missing required key", replace: "table = \"usage\"\n", with: "", line: 21, column: 1,
            fragment: "sink.table: missing required key 'table'"),
        ErrorCase(
            name: "unknown stage type", replace: "type = \"filter\"", with: "type = \"filtre\"", line: 18,
            column: 8, fragment: "transform[0].type: unknown transform type 'filtre'; did you mean 'filter'?"),
        ErrorCase(
            name: "bad expression column", replace: "where = \"cost > 0\"", with: "where = \"cots > 0\"",
            line: 19, column: 10, fragment: "transform[0].where: unknown column 'cots'; did you mean 'cost'?"),
        ErrorCase(
            name: "unset variable", replace: "${CH_URL:-http://127.0.0.1:8123}", with: "${CH_URL}", line: 23,
            column: 8, fragment: "sink.url: environment variable CH_URL is not set and has no default"),
        ErrorCase(
            name: "newer version", replace: "version = 1", with: "version = 2", line: 1, column: 11,
            fragment: "this build of tributary reads version 1"),
        ErrorCase(
            name: "unknown column type", replace: "type = \"date\"", with: "type = \"dat\"", line: 11,
            column: 28, fragment: "source.columns[0].type: unknown type 'dat'"),
        ErrorCase(
            name: "order_by unknown column", replace: "order_by = [\"day\", \"model\"]",
            with: "order_by = [\"day\", \"modle\"]", line: 26, column: 12, fragment: "sink.order_by:"),
        ErrorCase(
            name: "unknown strategy with suggestion", replace: "partition_by = \"toYYYYMM(day)\"",
            with: "partition_by = \"toYYYYMM(day)\"\nstrategy = \"replace_partiton\"", line: 28, column: 12,
            fragment:
                "sink.strategy: expected \"append\", \"replace_partition\" or \"merge\", not 'replace_partiton'; "
                + "did you mean 'replace_partition'?"),
        ErrorCase(
            name: "replace_partition with an unsupported partition_by", replace: "partition_by = \"toYYYYMM(day)\"",
            with: "partition_by = \"intDiv(cost, 10)\"\nstrategy = \"replace_partition\"", line: 27, column: 16,
            fragment:
                "sink.partition_by: strategy \"replace_partition\" computes partitions itself and understands only "
                + "a column, toYYYYMM(column), toDate(column), toMonday(column), or a tuple of those"),
        ErrorCase(
            name: "replace_partition without partition_by", replace: "partition_by = \"toYYYYMM(day)\"",
            with: "strategy = \"replace_partition\"", line: 21, column: 1,
            fragment: "sink.partition_by: required with strategy \"replace_partition\""),
        ErrorCase(
            name: "replace_partition over a column of the wrong type", replace: "partition_by = \"toYYYYMM(day)\"",
            with: "partition_by = \"toYYYYMM(model)\"\nstrategy = \"replace_partition\"", line: 27, column: 16,
            fragment: "sink.partition_by: `model` is string, which toYYYYMM() does not take"),
        ErrorCase(
            name: "merge without version_column", replace: "partition_by = \"toYYYYMM(day)\"",
            with: "strategy = \"merge\"", line: 21, column: 1,
            fragment: "sink.version_column: required with strategy \"merge\""),
        ErrorCase(
            name: "merge with an unknown version_column", replace: "partition_by = \"toYYYYMM(day)\"",
            with: "strategy = \"merge\"\nversion_column = \"dya\"", line: 28, column: 18,
            fragment: "sink.version_column: `dya` is not a column of the pipeline's output (day, model, cost)"),
        ErrorCase(
            name: "merge with a version_column of the wrong type", replace: "partition_by = \"toYYYYMM(day)\"",
            with: "strategy = \"merge\"\nversion_column = \"model\"", line: 28, column: 18,
            fragment:
                "sink.version_column: `model` is string, but a version must be int64, uint64, date or datetime"),
        ErrorCase(
            name: "merge with an empty order_by",
            replace: "order_by = [\"day\", \"model\"]\npartition_by = \"toYYYYMM(day)\"",
            with: "order_by = []\nstrategy = \"merge\"\nversion_column = \"day\"", line: 26, column: 12,
            fragment: "sink.order_by: must name the natural key with strategy \"merge\""),
        ErrorCase(
            name: "version_column without merge", replace: "partition_by = \"toYYYYMM(day)\"",
            with: "partition_by = \"toYYYYMM(day)\"\nversion_column = \"day\"", line: 28, column: 18,
            fragment: "sink.version_column: only used with strategy \"merge\", not \"append\""),
    ])
    func reportsErrorsWithLocation(_ c: ErrorCase) {
        let text = validPipeline.replacingOccurrences(of: c.replace, with: c.with)
        #expect(text != validPipeline, "the case must change the file")
        guard case .failure(let error) = compile(text) else {
            Issue.record("\(c.name): compiled")
            return
        }
        let rendered = error.description
        #expect(rendered.contains("p.toml:\(c.line):\(c.column): "), "\(rendered)")
        #expect(rendered.contains(c.fragment), "\(rendered)")
    }

    @Test func reportsEveryProblemInOnePass() throws {
        var text = validPipeline.replacingOccurrences(of: "max_rejects = 5", with: "max_reject = 5")
        text = text.replacingOccurrences(of: "where = \"cost > 0\"", with: "where = \"cots > 0\"")
        text = text.replacingOccurrences(of: "table = \"usage\"", with: "tabel = \"usage\"")
        guard case .failure(let error) = compile(text) else {
            Issue.record("compiled")
            return
        }
        let keys = error.issues.map(\.keyPath)
        #expect(keys.contains("pipeline.max_reject"))
        #expect(keys.contains("transform[0].where"))
        #expect(keys.contains("sink.tabel"))
        #expect(keys.filter { $0 == "sink.table" }.count == 1)  // the missing `table`, once
        #expect(error.issues == error.issues.sorted(), "issues come sorted by location")
    }

    @Test func secretsNeverAppearInPlansOrErrors() throws {
        let env = ["CH_PASSWORD": "hunter2-very-secret"]
        let p = try compile(validPipeline, environment: env).get()
        #expect(!p.resolvedConfiguration.contains("hunter2"))
        #expect(p.resolvedConfiguration.contains("password = \"•••\""))
        #expect(!PlanPrinter.render(p).contains("hunter2"))
        #expect(!String(describing: p.sink).contains("hunter2"))
        // A literal secret in a broken file is not echoed either.
        let broken = validPipeline.replacingOccurrences(of: "${CH_PASSWORD:-}", with: "hunter2-very-secret")
            .replacingOccurrences(of: "version = 1", with: "version = 9")
        guard case .failure(let error) = compile(broken) else {
            Issue.record("compiled")
            return
        }
        #expect(!error.description.contains("hunter2"))
    }

    @Test func declaredSecretsAreSealed() throws {
        let text = validPipeline.replacingOccurrences(
            of: "max_rejects = 5", with: "max_rejects = 5\nsecrets = [\"user\"]"
        )
        .replacingOccurrences(of: "table = \"usage\"", with: "table = \"usage\"\nuser = \"alice-secret\"")
        let p = try compile(text).get()
        #expect(!p.resolvedConfiguration.contains("alice-secret"))
    }

    @Test func theResolvedConfigurationIsAPipelineFileItself() throws {
        let p = try compile(validPipeline, environment: ["CH_PASSWORD": "x"]).get()
        _ = try TOMLParser.parse(p.resolvedConfiguration)
        // With the secret given back, the printed file compiles to the same pipeline.
        let again = try compile(p.resolvedConfiguration.replacingOccurrences(of: "•••", with: "x")).get()
        #expect(again.outputSchema == p.outputSchema)
        #expect(again.resolvedConfiguration == p.resolvedConfiguration)
    }

    @Test func environmentDefaultsAndValues() throws {
        let p = try compile(validPipeline, environment: ["CH_URL": "http://10.0.0.1:9000"]).get()
        #expect(p.resolvedConfiguration.contains("url = \"http://10.0.0.1:9000\""))
        let q = try compile(validPipeline).get()
        #expect(q.resolvedConfiguration.contains("url = \"http://127.0.0.1:8123\""))
    }

    @Test func everyRegistryExampleCompiles() throws {
        let source = """
            [source]
            type = "csv"
            paths = ["x.csv"]
            columns = [
                { name = "day", type = "date", nullable = false }, { name = "model", type = "string", nullable = false },
                { name = "cost", type = "decimal(38,12)", money = true }, { name = "cost_usd", type = "decimal(38,12)" },
                { name = "service", type = "string" }, { name = "usage_start", type = "string" },
                { name = "provider", type = "string" }, { name = "input_tokens", type = "uint64" },
                { name = "output_tokens", type = "uint64" }, { name = "billing_currency", type = "string" },
                { name = "charge_period_start", type = "datetime" }, { name = "billed_cost", type = "decimal(38,12)" },
                { name = "sub_account_id", type = "string" },
            ]
            """
        let sink = """
            [sink]
            type = "file"
            path = "/dev/null"
            """
        for e in StageRegistry.standard.examples {
            let body: String
            switch e.role {
            case "source": body = e.example + "\n" + sink
            case "transform": body = source + "\n" + e.example + "\n" + sink
            default: body = source + "\n" + e.example
            }
            let text = "version = 1\n[pipeline]\nname = \"example\"\n" + body
            if case .failure(let error) = compile(text, environment: ["CLICKHOUSE_URL": "http://127.0.0.1:8123"]) {
                Issue.record("example of \(e.role) \(e.type) does not compile:\n\(error)")
            }
        }
    }
}

struct EnvironmentInterpolatorTests {
    let env = EnvironmentInterpolator(environment: ["A": "1", "EMPTY": ""])

    @Test func interpolates() throws {
        #expect(try env.interpolate("x${A}y").get().text == "x1y")
        #expect(try env.interpolate("${B:-two}").get().text == "two")
        #expect(try env.interpolate("${EMPTY:-d}").get().text == "d")
        #expect(try env.interpolate("${EMPTY}").get().text == "")
        #expect(try env.interpolate("$${A} and $5").get().text == "${A} and $5")
        #expect(try env.interpolate("${A}${A}").get().variables == ["A", "A"])
    }

    @Test func refuses() {
        #expect(throws: EnvironmentInterpolator.Failure.unset(name: "B", offset: 2)) {
            try env.interpolate("x ${B}").get()
        }
        #expect(throws: (any Error).self) { try env.interpolate("${A").get() }
        #expect(throws: (any Error).self) { try env.interpolate("${1A}").get() }
    }
}

struct NearestNameTests {
    @Test func suggestsCloseNames() {
        #expect(NearestName.suggestion(for: "delimeter", among: ["delimiter", "header"]) == "delimiter")
        #expect(NearestName.suggestion(for: "tabel", among: ["table", "user"]) == "table")
        #expect(NearestName.suggestion(for: "zzz", among: ["table", "user"]) == nil)
    }
}
