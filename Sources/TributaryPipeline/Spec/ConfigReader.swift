import TributaryCore
import TributaryFormats

/// Collects the issues of one compile pass.
final class IssueLog {
    private(set) var issues: [PipelineFileIssue] = []
    func add(_ issue: PipelineFileIssue) { issues.append(issue) }
}

/// Reads one TOML table of a pipeline file into typed values, recording every problem instead of stopping at
/// the first, and remembering which keys were asked for so that the rest can be reported as unknown.
///
/// Strings pass through `${VAR}` interpolation; values of secret keys come back only as `Secret`.
final class ConfigReader {
    let file: String
    let table: TOMLTable
    /// `source`, `transform[2]`, `source.columns[0]`.
    let path: String
    let environment: EnvironmentInterpolator
    let secrets: SecretPolicy
    let log: IssueLog
    private var asked: [String] = []

    init(
        file: String, table: TOMLTable, path: String, environment: EnvironmentInterpolator, secrets: SecretPolicy,
        log: IssueLog
    ) {
        self.file = file
        self.table = table
        self.path = path
        self.environment = environment
        self.secrets = secrets
        self.log = log
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Where `key` is written, or the table itself when the key is absent.
    func location(of key: String) -> SourceLocation {
        if let p = table.keyPosition(key) { return SourceLocation(file: file, line: p.line, column: p.column) }
        return SourceLocation(file: file, line: table.line, column: table.column)
    }

    /// Where `key`'s value starts.
    func valueLocation(of key: String) -> SourceLocation {
        if let n = table[key] { return SourceLocation(file: file, line: n.line, column: n.column) }
        return location(of: key)
    }

    func issue(_ key: String, _ message: String, at location: SourceLocation? = nil) {
        log.add(
            PipelineFileIssue(location: location ?? self.location(of: key), keyPath: keyPath(key), message: message))
    }

    /// The raw node, marking the key as known.
    func node(_ key: String, required: Bool = false) -> TOMLNode? {
        asked.append(key)
        guard let n = table[key] else {
            if required { issue(key, "missing required key '\(key)'") }
            return nil
        }
        return n
    }

    private func typeError(_ key: String, expected: String, found n: TOMLNode) {
        issue(key, "expected \(expected), found \(n.value.typeName)", at: valueLocation(of: key))
    }

    /// Interpolates a string node's text; reports an unset variable at its place in the line.
    func interpolate(_ text: String, key: String, at n: TOMLNode) -> String? {
        switch environment.interpolate(text) {
        case .success(let r): return r.text
        case .failure(.unset(let name, let offset)):
            let where_ = SourceLocation(file: file, line: n.line, column: n.column + 1 + offset)
            issue(
                key,
                "environment variable \(name) is not set and has no default (write ${\(name):-value} to give one)",
                at: where_)
        case .failure(.malformed(let offset, let reason)):
            issue(key, reason, at: SourceLocation(file: file, line: n.line, column: n.column + 1 + offset))
        }
        return nil
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let n = node(key, required: required) else { return nil }
        guard case .string(let s) = n.value else {
            typeError(key, expected: "a string", found: n)
            return nil
        }
        return interpolate(s, key: key, at: n)
    }

    func secret(_ key: String, required: Bool = false) -> Secret? {
        guard let n = node(key, required: required) else { return nil }
        guard case .string(let s) = n.value else {
            typeError(key, expected: "a string", found: n)
            return nil
        }
        return interpolate(s, key: key, at: n).map(Secret.init)
    }

    func int(_ key: String, required: Bool = false, range: ClosedRange<Int>? = nil) -> Int? {
        guard let n = node(key, required: required) else { return nil }
        guard case .integer(let v) = n.value else {
            typeError(key, expected: "an integer", found: n)
            return nil
        }
        if let range, !range.contains(Int(v)) {
            issue(key, "\(v) is out of range \(range.lowerBound)…\(range.upperBound)", at: valueLocation(of: key))
            return nil
        }
        return Int(v)
    }

    /// An integer or a float, as a Double (timeouts, delays: not money).
    func number(_ key: String, required: Bool = false) -> Double? {
        guard let n = node(key, required: required) else { return nil }
        switch n.value {
        case .integer(let v): return Double(v)
        case .float(let v) where v.isFinite: return v
        default:
            typeError(key, expected: "a number", found: n)
            return nil
        }
    }

    func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let n = node(key, required: required) else { return nil }
        guard case .bool(let v) = n.value else {
            typeError(key, expected: "true or false", found: n)
            return nil
        }
        return v
    }

    /// A string or an array of strings, as a list.
    func stringList(_ key: String, required: Bool = false) -> [String]? {
        guard let n = node(key, required: required) else { return nil }
        switch n.value {
        case .string(let s): return interpolate(s, key: key, at: n).map { [$0] }
        case .array(let items):
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item.value else {
                    issue(
                        key, "expected strings in the array, found \(item.value.typeName)",
                        at: SourceLocation(file: file, line: item.line, column: item.column))
                    return nil
                }
                guard let t = interpolate(s, key: key, at: item) else { return nil }
                out.append(t)
            }
            return out
        default:
            typeError(key, expected: "a string or an array of strings", found: n)
            return nil
        }
    }

    func table(_ key: String, required: Bool = false) -> ConfigReader? {
        guard let n = node(key, required: required) else { return nil }
        guard case .table(let t) = n.value else {
            typeError(key, expected: "a table", found: n)
            return nil
        }
        return child(t, path: keyPath(key))
    }

    /// An array of tables (`[[transform]]` or `[{…}, {…}]`).
    func tables(_ key: String, required: Bool = false) -> [ConfigReader]? {
        guard let n = node(key, required: required) else { return nil }
        guard case .array(let items) = n.value else {
            typeError(key, expected: "an array of tables", found: n)
            return nil
        }
        var out: [ConfigReader] = []
        for (i, item) in items.enumerated() {
            guard case .table(let t) = item.value else {
                issue(
                    key, "expected a table at index \(i), found \(item.value.typeName)",
                    at: SourceLocation(file: file, line: item.line, column: item.column))
                continue
            }
            out.append(child(t, path: "\(keyPath(key))[\(i)]"))
        }
        return out
    }

    func child(_ t: TOMLTable, path: String) -> ConfigReader {
        ConfigReader(file: file, table: t, path: path, environment: environment, secrets: secrets, log: log)
    }

    /// Reports every key that no accessor asked for, with the nearest known key when one is close.
    func reportUnknownKeys(alsoKnown: [String] = []) {
        let known = Array(Set(asked + alsoKnown)).sorted()
        for key in table.keys where !known.contains(key) {
            var message = "unknown key '\(key)'"
            if let near = NearestName.suggestion(for: key, among: known) {
                message += "; did you mean '\(near)'?"
            } else if !known.isEmpty {
                message += " (known keys: \(known.joined(separator: ", ")))"
            }
            issue(key, message)
        }
    }
}
