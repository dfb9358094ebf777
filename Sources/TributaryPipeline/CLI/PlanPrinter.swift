import TributaryCore

/// `tributary plan`: the resolved configuration (secrets sealed), the stages, the output schema, and the DDL.
enum PlanPrinter {
    static func render(_ p: CompiledPipeline) -> String {
        var out: [String] = []
        out.append("# Pipeline \(p.settings.name) (\(p.settings.file))")
        out.append("")
        out.append("## Resolved configuration")
        out.append(p.resolvedConfiguration)
        out.append("## Stages")
        out.append("source \(p.sourceID) (\(p.sourceType)): \(p.extractor.outputSchema.count) columns")
        for t in p.transforms { out.append("transform \(t.id): \(t.outputSchema.count) columns out") }
        out.append("sink: \(p.sink.summary)")
        out.append("")
        out.append("## Output schema")
        let width = p.outputSchema.fields.map(\.name.count).max() ?? 0
        for f in p.outputSchema.fields {
            let money = p.extractor.moneyColumns.contains(f.name) ? "  (money)" : ""
            out.append(
                "\(f.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(f.type)\(f.nullable ? "" : " not null")\(money)"
            )
        }
        out.append("")
        out.append("## DDL (run only where the objects are missing; new columns are added as Nullable)")
        out.append(contentsOf: p.sink.plannedDDL().map { $0 + ";" })
        return out.joined(separator: "\n")
    }
}
