import Foundation
import TributaryCore
import TributaryDetectors
import TributaryExtractors
import TributaryTransformers

/// Reads the `[[detect]]` sections of a pipeline file and checks them against the columns of the table each one
/// reads: the sink's table (the pipeline's output schema), or another table of the data model.
struct DetectionCompiler {
    /// The sink's table and the columns the pipeline loads into it.
    let sinkTable: String?
    let outputSchema: Schema?
    let settings: PipelineSettings
    /// The pipeline's source id, stamped on its rows as `x_source`.
    let sourceID: String
    /// False when the stages had problems: the sections' keys are still read (and their own problems reported),
    /// but nothing is checked against a table whose columns are unknown.
    var stagesCompiled: Bool { outputSchema != nil }

    /// The columns of the data model's tables as the runner loads them (the model's columns and lineage).
    static func modelSchema(_ table: String) -> Schema? {
        let lineage = [
            Field("x_row_id", .uint64, nullable: false), Field("x_source", .string, nullable: false),
            Field("x_source_file", .string, nullable: false), Field("x_source_row", .uint64, nullable: false),
            Field("x_run_id", .string, nullable: false), Field("x_ingested_at", .dateTime, nullable: false),
        ]
        switch table {
        case "spend": return Schema(SpendRow.schema.fields + lineage)
        case "llm_usage": return Schema(UsageRow.schema.fields + lineage)
        default: return nil
        }
    }

    func compile(_ root: ConfigReader) -> [DetectionSpec] {
        var out: [DetectionSpec] = []
        var ids: Set<String> = []
        for d in root.tables("detect") ?? [] {
            if let spec = compile(d), ids.insert(spec.id).inserted {
                out.append(spec)
            } else if let id = d.node("id")?.value.stringValue, ids.contains(id) {
                d.issue("id", "detection id '\(id)' is used twice", at: d.valueLocation(of: "id"))
            }
            d.reportUnknownKeys()
        }
        return out
    }

    private func compile(_ d: ConfigReader) -> DetectionSpec? {
        let id = d.string("id", required: true)
        let detectorName = d.string("detector", required: true)
        let table = d.string("table") ?? sinkTable
        let granularityText = d.string("granularity") ?? "day"
        let dimensions = d.stringList("dimensions") ?? []
        let groupBy = d.stringList("group_by")
        let timeText = d.string("time_column")
        let valueText = d.string("value")
        let filter = d.string("filter")
        let oneOffText = d.string("one_off")
        let denominator = d.string("denominator")
        let denominatorUnit = d.string("denominator_unit")
        let unitText = d.string("unit")
        let currencyColumn = d.string("currency_column")
        let currency = d.string("currency")
        let scopeText = d.string("scope") ?? "source"
        if !["source", "table"].contains(scopeText) {
            d.issue("scope", "expected \"source\" or \"table\", not '\(scopeText)'", at: d.valueLocation(of: "scope"))
        }
        let lookbackDays = d.int("lookback_days", range: 1...3660)
        let top = d.int("top_contributors", range: 0...50) ?? 5
        var alerts = DetectionSpec.AlertTargets()
        let targets = d.stringList("alerts") ?? ["console"]
        alerts.console = targets.contains("console")
        for (i, t) in targets.enumerated() where !["console", "jsonl", "webhook"].contains(t) {
            d.issue("alerts", "alerts[\(i)]: '\(t)' is not console, jsonl or webhook", at: d.valueLocation(of: "alerts"))
        }
        if targets.contains("jsonl") {
            let path = d.string("alerts_file") ?? ".tributary/alerts/\(settings.name).jsonl"
            alerts.jsonl = path.hasPrefix("/") ? path : (settings.directory as NSString).appendingPathComponent(path)
        }
        if targets.contains("webhook") {
            alerts.webhook = d.secret("webhook_url", required: true)
        } else if d.node("webhook_url") != nil {
            _ = d.secret("webhook_url")
            d.issue("webhook_url", "alerts does not list \"webhook\"", at: d.location(of: "webhook_url"))
        }
        var options: [String: String] = [:]
        if let o = d.table("options") {
            for (key, node) in o.table {
                _ = o.node(key)
                switch node.value {
                case .string(let s): options[key] = s
                case .integer(let n): options[key] = String(n)
                case .float(let f): options[key] = String(f)
                case .bool(let b): options[key] = b ? "true" : "false"
                default: o.issue(key, "expected a string, number or boolean", at: o.valueLocation(of: key))
                }
            }
        }
        guard let id, let detectorName else { return nil }
        let detector: any Detector
        do {
            detector = try DetectorCatalog.make(detectorName, options: DetectorOptions(options))
        } catch {
            if case .unknownDetector = error {
                d.issue("detector", error.description, at: d.valueLocation(of: "detector"))
            } else {
                d.issue("options", error.description, at: d.node("options") == nil ? nil : d.location(of: "options"))
            }
            return nil
        }
        guard let granularity = Granularity(name: granularityText) else {
            d.issue("granularity", "expected hour, day, week or month, not '\(granularityText)'",
                    at: d.valueLocation(of: "granularity"))
            return nil
        }
        // Enough periods for a seasonal baseline and a detector's minimum history at each granularity.
        let lookback: Int
        switch granularity {
        case .hour: lookback = lookbackDays ?? 21
        case .day: lookback = lookbackDays ?? 120
        case .week: lookback = lookbackDays ?? 365
        default: lookback = lookbackDays ?? 760
        }
        guard stagesCompiled else { return nil }
        guard let table else {
            d.issue("table", "name the table to read: the sink is not a ClickHouse table")
            return nil
        }
        guard let schema = table == sinkTable ? outputSchema : Self.modelSchema(table) else {
            if table != sinkTable {
                d.issue(
                    "table", "'\(table)' is neither this pipeline's table (\(sinkTable ?? "none")) nor a table of the "
                        + "data model (spend, llm_usage) whose columns are known", at: d.valueLocation(of: "table"))
            }
            return nil
        }
        let defaults = DetectionDefaults.forTable(table)
        guard let timeColumn = timeText ?? defaults?.timeColumn else {
            d.issue("time_column", "name the table's time column (a date or datetime)")
            return nil
        }
        guard let value = valueText ?? defaults?.value else {
            d.issue("value", "give the series' value, a ClickHouse aggregate such as \"sum(amount)\"")
            return nil
        }
        var ok = true
        func check(_ key: String, _ names: [String], whole: Bool = false) {
            for name in names where schema.field(named: name) == nil {
                var message = "table \(table) has no column '\(name)'"
                if let near = NearestName.suggestion(for: name, among: schema.names) { message += "; did you mean '\(near)'?" }
                d.issue(key, message, at: d.valueLocation(of: key))
                ok = false
            }
        }
        check("time_column", [timeColumn])
        if let f = schema.field(named: timeColumn), f.type != .date && f.type != .dateTime {
            d.issue("time_column", "column '\(timeColumn)' is \(f.type), not a date or datetime",
                    at: d.valueLocation(of: "time_column"))
            ok = false
        }
        check("value", SQLColumnReferences.columns(in: value))
        check("dimensions", dimensions)
        let report = groupBy ?? dimensions
        for name in report where !dimensions.contains(name) {
            d.issue("group_by", "'\(name)' is not one of dimensions; findings are reported at a level of them",
                    at: d.valueLocation(of: "group_by"))
            ok = false
        }
        if let filter { check("filter", SQLColumnReferences.columns(in: filter)) }
        // The table's one-off default goes with its default value; a value of one's own has none unless given.
        let oneOff = oneOffText ?? (valueText == nil ? defaults?.oneOff : nil)
        if let oneOff { check("one_off", SQLColumnReferences.columns(in: oneOff)) }
        if let denominator { check("denominator", SQLColumnReferences.columns(in: denominator)) }
        var unit = defaults?.unit ?? .plain
        if let text = unitText {
            switch text {
            case "money":
                if let currencyColumn { check("currency_column", [currencyColumn]) }
                unit = .money(
                    currencyColumn: currencyColumn, currency: currency ?? (currencyColumn == nil ? "USD" : nil))
            case "share": unit = .share
            case "plain": unit = .plain
            default: unit = .count(text)
            }
        }
        guard ok else { return nil }
        var spec = DetectionSpec(
            id: id, detectorName: detectorName, detector: detector, table: table, timeColumn: timeColumn,
            timeIsDate: schema.field(named: timeColumn)?.type == .date, granularity: granularity, value: value,
            dimensions: dimensions, groupBy: report, filter: filter, oneOff: oneOff, denominator: denominator,
            denominatorUnit: denominatorUnit, unit: unit, lookbackDays: lookback,
            sourceScope: table == sinkTable && scopeText == "source" && schema.field(named: "x_source") != nil
                ? sourceID : nil,
            topContributors: top, alerts: alerts)
        if spec.detector.readsDimensions { spec.groupBy = dimensions }
        return spec
    }
}
