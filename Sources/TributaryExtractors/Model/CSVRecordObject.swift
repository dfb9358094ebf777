import TributaryCore
import TributaryFormats

/// Reads a CSV record of a provider export as the JSON object the same export writes in JSON Lines, so that one
/// mapping serves both: `service.description` becomes `{"service": {"description": …}}`, a column of JSON text
/// (`credits` as a BigQuery flattening query renders it with `TO_JSON_STRING`) becomes its JSON value, an empty
/// cell an absent member. Cells are strings; the typed reads of `JSONFields` take numbers as text.
///
/// Rejects name the CSV column rather than the JSON path the mapping saw: `renamed(_:)` turns `$.cost` into
/// `cost` and `$.credits[1].amount` into the column `credits` with `[1].amount` in front of the reason.
///
///     let object = CSVRecordObject(header: header, keyPath: { $0.split(separator: ".").map(String.init) },
///                                  jsonColumns: ["credits"])
///     let value = try object.object(fields)      // JSONValue, or ModelRowError naming the column
public struct CSVRecordObject: Sendable {
    struct Column: Sendable {
        var index: Int
        var header: String
        var path: [String]
        var json: Bool
    }

    let columns: [Column]

    /// `keyPath` maps a header name to the member it fills (nil: the column is not read); `jsonColumns` are the
    /// key paths, dot-joined, whose cells hold JSON text.
    public init(header: [String], keyPath: (String) -> [String]?, jsonColumns: Set<String>) {
        var columns: [Column] = []
        var seen: Set<[String]> = []
        for (i, name) in header.enumerated() {
            guard let path = keyPath(name), !path.isEmpty, seen.insert(path).inserted else { continue }
            columns.append(
                Column(index: i, header: name, path: path, json: jsonColumns.contains(path.joined(separator: "."))))
        }
        self.columns = columns
    }

    /// The record as a JSON object.
    public func object(_ fields: CSVFields) throws(ModelRowError) -> JSONValue {
        var members: [(path: ArraySlice<String>, value: JSONValue)] = []
        members.reserveCapacity(columns.count)
        for column in columns {
            let text = fields.cell(at: column.index)
            guard !text.isEmpty else { continue }
            if column.json {
                do {
                    members.append((column.path[...], try JSONParser.parse(Array(text.utf8))))
                } catch {
                    throw ModelRowError(field: column.header, reason: "not JSON text: \(error.message)")
                }
            } else {
                members.append((column.path[...], .string(text)))
            }
        }
        return Self.build(members[...])
    }

    /// Nests members by their paths, keys in the order of their first column. A value and an object under one
    /// key cannot both be: the value wins (a header with `usage` and `usage.amount` is not an export's).
    static func build(_ members: ArraySlice<(path: ArraySlice<String>, value: JSONValue)>) -> JSONValue {
        var object = JSONObject()
        var keys: [String] = []
        var groups: [String: [(path: ArraySlice<String>, value: JSONValue)]] = [:]
        for member in members {
            guard let first = member.path.first else { continue }
            if groups[first] == nil { keys.append(first) }
            groups[first, default: []].append((member.path.dropFirst(), member.value))
        }
        for key in keys {
            let group = groups[key] ?? []
            if let leaf = group.first(where: { $0.path.isEmpty }) {
                object.append(key, leaf.value)
            } else {
                object.append(key, build(group[...]))
            }
        }
        return .object(object)
    }

    /// `error` with its field named as the CSV column (see the type's comment).
    public func renamed(_ error: ModelRowError) -> ModelRowError {
        guard error.field.hasPrefix("$"), let path = JSONPath(parsing: error.field) else { return error }
        var keys: [String] = []
        for component in path.components {
            guard case .key(let k) = component else { break }
            keys.append(k)
        }
        for n in stride(from: keys.count, to: 0, by: -1) {
            guard let column = columns.first(where: { $0.path == Array(keys.prefix(n)) }) else { continue }
            var rest = JSONPath(Array(path.components.dropFirst(n))).description.dropFirst()
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
            return ModelRowError(field: column.header, reason: rest.isEmpty ? error.reason : "\(rest): \(error.reason)")
        }
        return ModelRowError(field: String(path.description.drop { $0 == "$" || $0 == "." }), reason: error.reason)
    }

    /// `record` with a reject's field named as the CSV column.
    public func renamed<Row: ModelRow>(_ record: MappedRecord<Row>) -> MappedRecord<Row> {
        guard case .reject(let field, let reason, let money, let currency) = record, let field else { return record }
        let error = renamed(ModelRowError(field: field, reason: reason))
        return .reject(field: error.field, reason: error.reason, money: money, currency: currency)
    }
}
