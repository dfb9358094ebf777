import Foundation
import TributaryCore
import TributaryFormats
import TributaryTransformers

/// Turns a pipeline file into a `CompiledPipeline`, or into every problem the file has, in one pass.
///
/// Pure: it reads the text it is given and the environment it is handed, and touches nothing else.
public struct PipelineCompiler: Sendable {
    public var registry: StageRegistry
    public var environment: [String: String]

    /// The `version` values this build reads.
    public static let supportedVersions: ClosedRange<Int64> = 1...1

    public init(registry: StageRegistry = .standard, environment: [String: String]) {
        self.registry = registry
        self.environment = environment
    }

    /// Reads and compiles the file at `path`.
    public func compile(path: String) throws(PipelineFileError) -> CompiledPipeline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineFileError(issues: [
                PipelineFileIssue(location: SourceLocation(file: path), keyPath: "", message: "cannot read the file")
            ])
        }
        return try compile(text: data, path: path)
    }

    public func compile(text: Data, path: String) throws(PipelineFileError) -> CompiledPipeline {
        let document: TOMLTable
        do {
            document = try TOMLParser.parse(bytes: [UInt8](text))
        } catch {
            throw PipelineFileError(issues: [
                PipelineFileIssue(
                    location: SourceLocation(file: path, line: error.line, column: error.column), keyPath: "",
                    message: error.message)
            ])
        }
        let log = IssueLog()
        let directory = (path as NSString).deletingLastPathComponent
        let interpolator = EnvironmentInterpolator(environment: environment)
        var secrets = SecretPolicy()
        // `secrets` must be known before any other key is read, so read it first.
        if case .table(let p)? = document["pipeline"]?.value, case .array(let names)? = p["secrets"]?.value {
            secrets.declared = Set(names.compactMap { $0.value.stringValue })
        }
        let root = ConfigReader(
            file: path, table: document, path: "", environment: interpolator, secrets: secrets, log: log)

        checkVersion(root)
        let settings = readSettings(root, path: path, directory: directory.isEmpty ? "." : directory)
        let compiled = compileStages(root, settings: settings)
        let detections = DetectionCompiler(
            sinkTable: (compiled?.sink as? ClickHouseSinkPlan)?.configuration.table, outputSchema: compiled?.schema,
            settings: settings, sourceID: compiled?.sourceID ?? "source"
        ).compile(root)
        root.reportUnknownKeys()

        guard log.issues.isEmpty, let compiled else {
            throw PipelineFileError(issues: log.issues)
        }
        let rendered = ResolvedConfigRenderer(interpolator: interpolator, secrets: secrets).render(document)
        return CompiledPipeline(
            settings: settings, sourceID: compiled.sourceID, sourceType: compiled.sourceType,
            extractor: compiled.extractor, timing: compiled.timing, transforms: compiled.transforms,
            lineage: compiled.lineage, sink: compiled.sink, detections: detections,
            outputSchema: compiled.schema, resolvedConfiguration: rendered)
    }

    private func checkVersion(_ root: ConfigReader) {
        guard let n = root.node("version") else {
            root.issue("version", "missing 'version = 1' at the top of the file")
            return
        }
        guard case .integer(let v) = n.value else {
            root.issue(
                "version", "expected an integer, found \(n.value.typeName)", at: root.valueLocation(of: "version"))
            return
        }
        if !Self.supportedVersions.contains(v) {
            root.issue(
                "version",
                "pipeline file version \(v) is not supported; this build of tributary reads version \(Self.supportedVersions.upperBound)",
                at: root.valueLocation(of: "version"))
        }
    }

    private func readSettings(_ root: ConfigReader, path: String, directory: String) -> PipelineSettings {
        let fallbackName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var settings = PipelineSettings(name: fallbackName, file: path, directory: directory)
        guard let p = root.table("pipeline", required: true) else { return settings }
        if let name = p.string("name", required: true) {
            if name.range(of: "^[A-Za-z0-9][A-Za-z0-9_.-]*$", options: .regularExpression) == nil {
                p.issue(
                    "name", "'\(name)' is not a valid pipeline name (letters, digits, '-', '_', '.')",
                    at: p.valueLocation(of: "name"))
            } else {
                settings.name = name
            }
        }
        settings.description = p.string("description")
        if let n = p.node("max_rejects") {
            switch n.value {
            case .integer(let c) where c >= 0: settings.maxRejects = .count(Int(c))
            case .float(let r) where r >= 0 && r <= 1: settings.maxRejects = .ratio(r)
            case .string(let s) where s.hasSuffix("%"):
                if let pct = Double(s.dropLast()), pct >= 0, pct <= 100 {
                    settings.maxRejects = .ratio(pct / 100)
                } else {
                    p.issue("max_rejects", "'\(s)' is not a percentage", at: p.valueLocation(of: "max_rejects"))
                }
            default:
                p.issue(
                    "max_rejects", "expected a count (100), a ratio (0.01) or a percentage (\"1%\")",
                    at: p.valueLocation(of: "max_rejects"))
            }
        }
        if let r = p.string("rejects_path") { settings.rejectsPath = r }
        settings.stateDirectory = p.string("state_dir")
        if let text = p.string("state") {
            if let backend = StateBackend(rawValue: text) {
                settings.stateStore = backend
            } else {
                p.issue("state", "expected \"local\" or \"clickhouse\", not '\(text)'", at: p.valueLocation(of: "state"))
            }
        }
        _ = p.stringList("secrets")
        p.reportUnknownKeys()
        return settings
    }

    private struct Stages {
        var sourceID: String
        var sourceType: String
        var extractor: any Extractor
        var timing: SourceTiming
        var transforms: [any Transformer]
        var lineage: LineageStage?
        var sink: any SinkPlan
        var schema: Schema
    }

    private func compileStages(_ root: ConfigReader, settings: PipelineSettings) -> Stages? {
        var schema: Schema?
        var extractor: (any Extractor)?
        var sourceID = "source"
        var sourceType = ""
        var timing = SourceTiming()
        var defaults: TableDefaults?
        if let s = root.table("source", required: true) {
            sourceID = s.string("id") ?? "source"
            if let type = s.string("type", required: true) {
                sourceType = type
                if let kind = registry.source(type) {
                    extractor = kind.make(s, StageContextInfo(id: sourceID, settings: settings))
                    schema = extractor?.outputSchema
                    defaults = (extractor as? any ModelExtractor)?.tableDefaults
                    let modelTime = defaults?.timeColumn.map { schema?.field(named: $0) != nil } ?? false
                    timing = readTiming(s, schema: schema, extractorHasTimeColumn: modelTime)
                    if timing.timeColumn == nil, let column = defaults?.timeColumn,
                        schema?.field(named: column) != nil
                    {
                        timing.timeColumn = column
                    }
                } else {
                    unknownType(s, role: "source", type: type, known: registry.sources.map(\.type))
                }
            }
            s.reportUnknownKeys()
        }

        var transforms: [any Transformer] = []
        var chainBroken = extractor == nil
        var ids: Set<String> = [sourceID]
        for (i, t) in (root.tables("transform") ?? []).enumerated() {
            let type = t.string("type", required: true)
            let id = t.string("id") ?? "\(type ?? "transform")-\(i + 1)"
            if !ids.insert(id).inserted { t.issue("id", "stage id '\(id)' is used twice") }
            if let type, let kind = registry.transform(type) {
                let made = kind.make(t, StageContextInfo(id: id, settings: settings), chainBroken ? nil : schema)
                if let made {
                    transforms.append(made)
                    schema = made.outputSchema
                } else {
                    chainBroken = true
                }
            } else {
                if let type { unknownType(t, role: "transform", type: type, known: registry.transforms.map(\.type)) }
                chainBroken = true
            }
            t.reportUnknownKeys()
        }

        var sink: (any SinkPlan)?
        var lineage: LineageStage?
        if let k = root.table("sink", required: true) {
            if let type = k.string("type", required: true) {
                if let kind = registry.sink(type) {
                    let configuration = readLineage(k, sinkType: type, defaults: defaults)
                    if let configuration, !chainBroken, let input = schema {
                        do {
                            schema = try LineageTransformer.outputSchema(for: input, configuration: configuration)
                            lineage = LineageStage(configuration: configuration, inputSchema: input)
                        } catch {
                            report(error, k)
                            chainBroken = true
                        }
                    }
                    sink = kind.make(
                        k, StageContextInfo(id: "sink", settings: settings, tableDefaults: defaults),
                        chainBroken ? nil : schema)
                    if let sink { checkTiming(timing, sink: sink, k) }
                    if settings.stateStore == .clickhouse, type != "clickhouse" {
                        root.table("pipeline")?.issue(
                            "state", "state = \"clickhouse\" keeps state in the sink's ClickHouse, and this sink is \(type)")
                    }
                } else {
                    unknownType(k, role: "sink", type: type, known: registry.sinks.map(\.type))
                }
            }
            k.reportUnknownKeys()
        }
        guard let extractor, let sink, let schema, !chainBroken else { return nil }
        return Stages(
            sourceID: sourceID, sourceType: sourceType, extractor: extractor, timing: timing, transforms: transforms,
            lineage: lineage, sink: sink, schema: schema)
    }

    /// `[sink] key` and `lineage`: what the lineage stage adds, or nil when nothing. A `clickhouse` sink that
    /// appends always gets a row id, which is what keeps a retried or re-run insert from doubling its rows. A
    /// source of one of Tributary's tables has lineage on and its natural key by default.
    private func readLineage(_ k: ConfigReader, sinkType: String, defaults: TableDefaults?)
        -> LineageTransformer.Configuration?
    {
        let key = k.stringList("key") ?? defaults?.key ?? []
        let wantsLineage = k.bool("lineage") ?? (defaults != nil)
        let strategy = k.node("strategy")?.value.stringValue ?? defaults?.strategy ?? "append"
        let appends = sinkType == "clickhouse" && strategy == "append"
        guard appends || wantsLineage || !key.isEmpty else { return nil }
        return LineageTransformer.Configuration(key: key, lineage: wantsLineage)
    }

    private func report(_ error: TransformerError, _ k: ConfigReader) {
        guard case .invalidConfiguration(_, let issues) = error else {
            k.issue("key", error.description)
            return
        }
        for issue in issues {
            let key = issue.key.hasPrefix("key") ? "key" : issue.key
            k.issue(key, issue.message, at: k.node(key) == nil ? nil : k.valueLocation(of: key))
        }
    }

    /// `time_column` must name a non-nullable date or datetime column of the source: a row without a time would
    /// belong to no backfill chunk and silently never load.
    private func readTiming(_ s: ConfigReader, schema: Schema?, extractorHasTimeColumn: Bool? = nil) -> SourceTiming {
        var timing = SourceTiming()
        if let name = s.string("time_column"), let schema {
            if let field = schema.fields.first(where: { $0.name == name }) {
                if field.type != .date && field.type != .dateTime {
                    s.issue(
                        "time_column", "column '\(name)' is \(field.type), and time_column must be a date or datetime",
                        at: s.valueLocation(of: "time_column"))
                } else if field.nullable {
                    s.issue(
                        "time_column",
                        "column '\(name)' may be null; declare it nullable = false, since a row without a time "
                            + "belongs to no backfill chunk",
                        at: s.valueLocation(of: "time_column"))
                } else {
                    timing.timeColumn = name
                }
            } else {
                var message = "no source column is named '\(name)'"
                if let near = NearestName.suggestion(for: name, among: schema.fields.map(\.name)) {
                    message += "; did you mean '\(near)'?"
                }
                s.issue("time_column", message, at: s.valueLocation(of: "time_column"))
            }
        }
        if let text = s.string("restate_window") {
            if let window = RestateWindow(parsing: text) {
                timing.restateWindow = window
                if s.node("time_column") == nil, !(extractorHasTimeColumn ?? false) {
                    s.issue(
                        "restate_window",
                        "needs time_column: the window is judged by the day of each row",
                        at: s.valueLocation(of: "restate_window"))
                }
            } else {
                s.issue(
                    "restate_window", "expected \"<n> days\", \"<n> weeks\" or \"<n> months\", not '\(text)'",
                    at: s.valueLocation(of: "restate_window"))
            }
        }
        return timing
    }

    /// With a sink that replaces whole slices, a restatement window and backfill chunks replace partitions
    /// with the rows of a time range, so the partitions must be cut by the same time column.
    private func checkTiming(_ timing: SourceTiming, sink: any SinkPlan, _ k: ConfigReader) {
        guard sink.replacesSlices, let column = timing.timeColumn else { return }
        if sink.slicePeriod(timeColumn: column) == nil {
            k.issue(
                "partition_by",
                "replace_partition with [source] time_column = \"\(column)\" needs partitions cut by that column "
                    + "(for example toYYYYMM(\(column))): a backfill chunk replaces the partitions it covers with "
                    + "the chunk's rows",
                at: k.node("partition_by") == nil ? nil : k.valueLocation(of: "partition_by"))
        }
    }

    private func unknownType(_ r: ConfigReader, role: String, type: String, known: [String]) {
        var message = "unknown \(role) type '\(type)'"
        if let near = NearestName.suggestion(for: type, among: known) { message += "; did you mean '\(near)'?" }
        message += " (known: \(known.joined(separator: ", ")))"
        r.issue("type", message, at: r.valueLocation(of: "type"))
    }
}
