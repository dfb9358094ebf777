import TributaryCore
import TributaryFormats

/// One PennyLane response, saved or fetched, told apart by its keys (notes C.19): a v2 list
/// `{has_more, next_cursor, items}`, a v2 changelog (the same keys, items `{id, operation, processed_at}`), a v1
/// list `{total_pages, current_page, <records>}`, or one resource as `GET /<resource>/<id>` returns it.
///
/// Anything else is a `PennyLaneShapeError` at the JSON path where the document parts from the documented
/// shape, which is what tells a changed API (or a wrong file) from a bad record: bad records are rejects, a
/// page of another shape stops the run.
enum PennyLanePage {
    case list(items: [JSONValue], path: JSONPath, version: PennyLaneAPIVersion)
    case changelog([PennyLaneChange])
    case resource(JSONValue, version: PennyLaneAPIVersion)

    static func classify(_ json: JSONValue, entity: PennyLaneEntity) throws(PennyLaneShapeError) -> PennyLanePage {
        guard let object = json.objectValue else {
            throw PennyLaneShapeError(
                path: .root, expected: "a PennyLane response (an object)", found: json.kindDescription)
        }
        if object["items"] != nil || object["has_more"] != nil {
            let items = try array(json, .member("items"))
            guard json["has_more"]?.boolValue != nil else {
                throw PennyLaneShapeError(
                    path: .member("has_more"), expected: "a boolean (a v2 page always has one)",
                    found: json["has_more"]?.kindDescription ?? "nothing")
            }
            if let first = items.first, first["operation"] != nil {
                return .changelog(
                    try items.enumerated().map { (i, item) throws(PennyLaneShapeError) in
                        try PennyLaneChange(item, at: JSONPath.member("items").appending(index: i))
                    })
            }
            return .list(items: items, path: .member("items"), version: .v2)
        }
        if let key = entity.v1ItemsKey, object[key] != nil {
            return .list(items: try array(json, .member(key)), path: .member(key), version: .v1)
        }
        if object["id"] != nil {
            let v1Only = ["v2_id", "line_items", "is_draft", "source_id", "file_url"]
            return .resource(json, version: v1Only.contains { object[$0] != nil } ? .v1 : .v2)
        }
        let other = ["invoices", "customers", "suppliers", "products", "categories"].first { object[$0] != nil }
        throw PennyLaneShapeError(
            path: .root,
            expected: "a PennyLane \(entity.resource) response: {has_more, next_cursor, items} (v2)"
                + (entity.v1ItemsKey.map { ", {total_pages, current_page, \($0)} (v1)" } ?? "") + " or one resource",
            found: other.map { "a v1 '\($0)' page" }
                ?? "an object with keys \(object.keys.prefix(8).joined(separator: ", "))")
    }

    /// The page's items, each with the lines the page holds for it (line entities only): a v1 invoice's
    /// `line_items`, or a v2 page's `included.invoice_lines["<id>"]` (`include=invoice_lines`).
    func items(of json: JSONValue, entity: PennyLaneEntity) throws(PennyLaneShapeError) -> [PennyLaneItem] {
        switch self {
        case .changelog: return []
        case .resource(let value, let version):
            return [try Self.item(value, at: .root, version: version, page: nil, entity: entity)]
        case .list(let items, let path, let version):
            return try items.enumerated().map { (i, value) throws(PennyLaneShapeError) in
                try Self.item(value, at: path.appending(index: i), version: version, page: json, entity: entity)
            }
        }
    }

    private static func item(
        _ value: JSONValue, at path: JSONPath, version: PennyLaneAPIVersion, page: JSONValue?, entity: PennyLaneEntity
    ) throws(PennyLaneShapeError) -> PennyLaneItem {
        guard value.objectValue != nil else {
            throw PennyLaneShapeError(path: path, expected: "an object", found: value.kindDescription)
        }
        guard entity.readsLines else { return PennyLaneItem(value: value, path: path, version: version) }
        switch version {
        case .v1:
            let linesPath = path.appending(key: "line_items")
            let lines = value["line_items"].map { $0.isNull ? JSONValue.array([]) : $0 }
            guard let lines else { return PennyLaneItem(value: value, path: path, version: version) }
            return PennyLaneItem(
                value: value, path: path, version: version,
                lines: PennyLaneLines(values: try array(lines, .root, reportedAt: linesPath), path: linesPath))
        case .v2:
            guard let page, let included = page["included"], !included.isNull else {
                return PennyLaneItem(value: value, path: path, version: version)
            }
            let byInvoice = JSONPath([.key("included"), .key("invoice_lines")])
            guard let all = page[byInvoice]?.objectValue else {
                throw PennyLaneShapeError(
                    path: byInvoice, expected: "an object of line collections keyed by invoice id",
                    found: page[byInvoice]?.kindDescription ?? "nothing")
            }
            guard let id = value["id"].flatMap({ $0.numberText ?? $0.stringValue }), let entry = all[id] else {
                return PennyLaneItem(value: value, path: path, version: version)
            }
            let entryPath = byInvoice.appending(key: id)
            let linesPath = entryPath.appending(key: "items")
            let values = try array(entry, .member("items"), reportedAt: linesPath)
            let more = entry["has_more"]?.boolValue == true ? entryPath.appending(key: "has_more") : nil
            return PennyLaneItem(
                value: value, path: path, version: version,
                lines: PennyLaneLines(values: values, path: linesPath, truncatedAt: more))
        }
    }

    private static func array(_ json: JSONValue, _ path: JSONPath, reportedAt: JSONPath? = nil)
        throws(PennyLaneShapeError) -> [JSONValue]
    {
        guard let a = json[path]?.arrayValue else {
            throw PennyLaneShapeError(
                path: reportedAt ?? path, expected: "an array", found: json[path]?.kindDescription ?? "nothing")
        }
        return a
    }
}

/// Where a PennyLane response parts from the documented shape.
struct PennyLaneShapeError: Error, Sendable, Equatable {
    var path: JSONPath
    var expected: String
    var found: String

    func extractorError(file: String) -> ExtractorError {
        .unexpectedJSON(file: file, path: path.description, expected: expected, found: found)
    }

    func apiError(url: String) -> APIError {
        .unexpectedShape(url: url, path: path, expected: expected, found: found)
    }
}
