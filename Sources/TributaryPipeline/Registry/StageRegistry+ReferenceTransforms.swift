import Foundation
import TributaryCore
import TributaryTransformers

/// The transforms that read reference data: `price` (a model price catalog), `fx` (daily exchange rates) and
/// `lookup` (a mapping CSV). Their files are named relative to the pipeline file and read when the run opens
/// them, not when the file is validated.
extension TransformKind {
    static func resolve(_ path: String, _ context: StageContextInfo) -> String {
        path.hasPrefix("/") ? path : ((context.settings.directory as NSString).appendingPathComponent(path) as NSString)
            .standardizingPath
    }

    static let price = TransformKind(
        type: "price",
        summary: "estimated cost of llm_usage rows from a model price catalog (our CSV or LiteLLM's JSON)",
        example: """
            [[transform]]
            type = "price"
            catalog = "prices/catalog.csv"
            """,
        make: { r, context, schema in
            let catalog = r.string("catalog", required: true)
            let version = r.string("version")
            var c = PriceTransformer.Configuration()
            if let v = r.string("model") { c.model = v }
            if let v = r.string("provider") { c.provider = v }
            if let v = r.string("input_tokens") { c.inputTokens = v }
            if let v = r.string("output_tokens") { c.outputTokens = v }
            if let v = r.string("cached_input_tokens") { c.cachedInputTokens = v }
            if let v = r.string("cache_write_tokens") { c.cacheWriteTokens = v }
            if let v = r.string("service_tier") { c.serviceTier = v }
            if let v = r.string("cost_column") { c.costColumn = v }
            if let v = r.string("version_column") { c.versionColumn = v }
            // The defaults name llm_usage's columns; optional ones the rows lack are simply not read.
            if let schema {
                if r.node("provider") == nil, schema.field(named: "provider") == nil { c.provider = nil }
                if r.node("service_tier") == nil, schema.field(named: "service_tier") == nil { c.serviceTier = nil }
                if r.node("cached_input_tokens") == nil, schema.field(named: "cached_input_tokens") == nil {
                    c.cachedInputTokens = nil
                }
                if r.node("cache_write_tokens") == nil, schema.field(named: "cache_write_tokens") == nil {
                    c.cacheWriteTokens = nil
                }
            }
            guard let catalog, let schema else { return nil }
            let path = resolve(catalog, context)
            let configuration = c
            return build(r) {
                try PriceTransformer(
                    id: context.id, configuration: configuration, inputSchema: schema,
                    load: { try PriceCatalogFile.read(path: path, version: version) })
            }
        })

    static let fx = TransformKind(
        type: "fx",
        summary: "money in a reporting currency from daily reference rates (ECB CSV), with the rate and its date",
        example: """
            [[transform]]
            type = "fx"
            to = "EUR"
            rates = "fx/eurofxref-hist.csv"
            """,
        make: { r, context, schema in
            let to = r.string("to", required: true)
            let rates = r.string("rates", required: true)
            let columns = r.stringList("columns") ?? []
            let currency = r.string("currency_column")
            let date = r.string("date_column")
            let age = r.int("max_rate_age_days", range: 0...366)
            guard let to, let rates, let schema else { return nil }
            var c = FXTransformer.Configuration(to: to, columns: columns)
            if let currency { c.currencyColumn = currency }
            if let date { c.dateColumn = date }
            if let age { c.maxRateAgeDays = Int64(age) }
            let path = resolve(rates, context)
            let configuration = c
            return build(r) {
                try FXTransformer(
                    id: context.id, configuration: configuration, inputSchema: schema,
                    load: { try FXRatesFile.read(path: path) })
            }
        })

    static let lookup = TransformKind(
        type: "lookup",
        summary: "adds columns from a CSV mapping matched on a column or a tag (team, cost centre …)",
        example: """
            [[transform]]
            type = "lookup"
            file = "lookup/projects.csv"
            key = "sub_account_id"
            match = "project_id"
            columns = ["team", "cost_centre"]
            """,
        make: { r, context, schema in
            let file = r.string("file", required: true)
            let key = r.string("key")
            let tag = r.string("tag")
            let match = r.string("match")
            let columns = r.stringList("columns", required: true)
            let defaultValue = r.string("default")
            let onMissing = r.string("on_missing") ?? "default"
            if key == nil && tag == nil { r.issue("key", "give key = \"<column>\" or tag = \"<tag name>\" to match on") }
            if key != nil && tag != nil { r.issue("tag", "give key or tag, not both") }
            if !["default", "reject"].contains(onMissing) {
                r.issue("on_missing", "expected \"default\" or \"reject\", not '\(onMissing)'", at: r.valueLocation(of: "on_missing"))
            }
            guard let file, let columns, let schema, (key == nil) != (tag == nil) else { return nil }
            let c = LookupTransformer.Configuration(
                match: key.map { .column($0) } ?? .tag(tag ?? ""), mappingColumn: match, columns: columns,
                defaultValue: defaultValue, rejectMissing: onMissing == "reject")
            let path = resolve(file, context)
            return build(r) {
                try LookupTransformer(
                    id: context.id, configuration: c, inputSchema: schema,
                    load: { try LookupFile.read(path: path, match: c.mappingColumn, columns: c.columns) })
            }
        })
}
