import TributaryCore
import TributaryTransformers

extension TransformKind {
    static let rename = TransformKind(
        type: "rename", summary: "renames columns: columns = { old = \"new\" }",
        example: """
            [[transform]]
            type = "rename"
            columns = { service = "service_name" }
            """,
        make: { r, context, schema in
            let mapping = stringTable(r, "columns", required: true)
            guard let mapping, let schema else { return nil }
            return build(r, keyMap: ["mapping": "columns"]) {
                try RenameTransformer(
                    id: context.id, configuration: .init(mapping: Dictionary(uniqueKeysWithValues: mapping)),
                    inputSchema: schema)
            }
        })

    static let select = TransformKind(
        type: "select", summary: "keeps the listed columns in that order (columns = [...]) or drops some (exclude)",
        example: """
            [[transform]]
            type = "select"
            columns = ["day", "model", "cost"]
            """,
        make: { r, context, schema in
            let columns = r.stringList("columns") ?? []
            let exclude = r.stringList("exclude") ?? []
            guard let schema else { return nil }
            return build(r) {
                try SelectTransformer(
                    id: context.id, configuration: .init(columns: columns, exclude: exclude), inputSchema: schema)
            }
        })

    static let cast = TransformKind(
        type: "cast", summary: "converts column types; a value that does not convert is a reject",
        example: """
            [[transform]]
            type = "cast"
            columns = { cost = "decimal(38,12)", usage_start = "datetime" }
            formats = { usage_start = "%m/%d/%Y %H:%M:%S" }
            """,
        make: { r, context, schema in
            let columns = stringTable(r, "columns", required: true)
            let formats = stringTable(r, "formats") ?? []
            guard let columns, let schema else { return nil }
            return build(r) {
                try CastTransformer(
                    id: context.id,
                    configuration: .init(
                        columns: Dictionary(uniqueKeysWithValues: columns),
                        formats: Dictionary(uniqueKeysWithValues: formats)),
                    inputSchema: schema)
            }
        })

    static let filter = TransformKind(
        type: "filter", summary: "keeps rows where an expression is true; the rest are counted as filtered",
        example: """
            [[transform]]
            type = "filter"
            where = "cost <> 0 AND service IN ('Amazon Bedrock', 'Vertex AI')"
            """,
        make: { r, context, schema in
            let condition = r.string("where", required: true)
            guard let condition, let schema else { return nil }
            return build(r, keyMap: ["condition": "where"]) {
                try FilterTransformer(id: context.id, configuration: .init(condition: condition), inputSchema: schema)
            }
        })

    static let derive = TransformKind(
        type: "derive", summary: "adds or replaces columns from expressions, in order",
        example: """
            [[transform]]
            type = "derive"
            columns = [
                { name = "month", expr = "to_yyyymm(day)" },
                { name = "cost_eur", expr = "cost * 0.92" },
            ]
            """,
        make: { r, context, schema in
            var derivations: [DeriveTransformer.Derivation] = []
            for c in r.tables("columns", required: true) ?? [] {
                let name = c.string("name", required: true)
                let expr = c.string("expr", required: true)
                c.reportUnknownKeys()
                if let name, let expr { derivations.append(.init(name: name, expression: expr)) }
            }
            guard let schema else { return nil }
            return build(r, keyMap: ["expression": "expr"]) {
                try DeriveTransformer(id: context.id, configuration: .init(columns: derivations), inputSchema: schema)
            }
        })

    /// A table of strings in document order, e.g. `{ old = "new" }`.
    fileprivate static func stringTable(_ r: ConfigReader, _ key: String, required: Bool = false) -> [(String, String)]?
    {
        guard let t = r.table(key, required: required) else { return nil }
        var out: [(String, String)] = []
        for (k, n) in t.table {
            guard case .string(let s) = n.value else {
                t.issue(k, "expected a string, found \(n.value.typeName)", at: t.valueLocation(of: k))
                continue
            }
            _ = t.node(k)
            if let v = t.interpolate(s, key: k, at: n) { out.append((k, v)) }
        }
        return out
    }

    /// Builds a transform, turning its configuration issues into located pipeline-file issues.
    static func build(
        _ r: ConfigReader, keyMap: [String: String] = [:], _ make: () throws -> any Transformer
    ) -> (any Transformer)? {
        do {
            return try make()
        } catch {
            guard let error = error as? TransformerError else {
                r.issue("type", String(describing: error))
                return nil
            }
            switch error {
            case .invalidConfiguration(_, let issues):
                for issue in issues { IssueLocator.report(issue, in: r, keyMap: keyMap) }
            case .unexpectedBatchSchema:
                r.issue("type", error.description)
            }
            return nil
        }
    }
}
