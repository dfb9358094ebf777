import TributaryCore
import TributaryFormats
import TributaryTransformers

/// Finds where in the pipeline file a stage's configuration issue lives.
///
/// Stages report problems by key path relative to their table (`columns.cost`, `columns[1].expression`); this
/// walks the TOML tree to the value, and for an expression adds the offset inside the string, so that the
/// message points at the very column name that is wrong.
enum IssueLocator {
    static func report(_ issue: ConfigurationIssue, in r: ConfigReader, keyMap: [String: String]) {
        report(key: issue.key, message: issue.message, expression: issue.expression, in: r, keyMap: keyMap)
    }

    static func report(
        key: String, message: String, expression: ExpressionError? = nil, in r: ConfigReader, keyMap: [String: String]
    ) {
        var segments: [String] = []
        for part in key.split(separator: ".") {
            var text = String(part)
            while let open = text.firstIndex(of: "[") {
                let name = String(text[..<open])
                if !name.isEmpty { segments.append(keyMap[name] ?? name) }
                guard let close = text.firstIndex(of: "]") else { break }
                segments.append(String(text[open...close]))
                text = String(text[text.index(after: close)...])
            }
            if !text.isEmpty { segments.append(keyMap[text] ?? text) }
        }
        var location = SourceLocation(file: r.file, line: r.table.line, column: r.table.column)
        var node: TOMLNode? = TOMLNode(.table(r.table), line: r.table.line, column: r.table.column)
        for s in segments {
            guard let current = node else { break }
            if s.hasPrefix("["), let i = Int(s.dropFirst().dropLast()), case .array(let items) = current.value,
                items.indices.contains(i)
            {
                node = items[i]
                location = SourceLocation(file: r.file, line: items[i].line, column: items[i].column)
            } else if case .table(let t) = current.value, let child = t[s] {
                node = child
                if let p = t.keyPosition(s) { location = SourceLocation(file: r.file, line: p.line, column: p.column) }
            } else {
                break
            }
        }
        if let e = expression, let n = node, case .string = n.value {
            // The value starts at its opening quote; the expression's first character is one further.
            // `e.line` and `e.column` are 0-based: lines before, and characters before on its line.
            location =
                e.line == 0
                ? SourceLocation(file: r.file, line: n.line, column: n.column + 1 + e.column)
                : SourceLocation(file: r.file, line: n.line + e.line, column: 1 + e.column)
        }
        let keyPath = segments.reduce(r.path) { path, s in
            s.hasPrefix("[") ? path + s : (path.isEmpty ? s : "\(path).\(s)")
        }
        r.log.add(PipelineFileIssue(location: location, keyPath: keyPath, message: message))
    }
}
