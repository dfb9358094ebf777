import TributaryCore
import TributaryFormats

/// One Drive API response, told apart by its keys: a `files.list` page, a `changes.list` page, or the answer of
/// `changes/startPageToken`.
///
/// A saved dump may hold any of them (notes, C.19), written with or without `kind` and with whatever `fields` mask
/// it was pulled with, so the keys decide: `files` or `kind: drive#fileList` is a file list, `changes` or
/// `kind: drive#changeList` a change list. Anything else stops the run with the JSON path of what is wrong: a page
/// of another shape is not one bad row but a sign that the file is not what the pipeline thinks it is.
public struct GoogleDrivePage: Sendable {
    public enum Kind: String, Sendable, Equatable {
        case fileList = "files.list"
        case changeList = "changes.list"
        case startPageToken = "changes/startPageToken"
    }

    public let json: JSONValue
    public let kind: Kind
    /// The file path or the redacted URL, for messages.
    public let file: String

    /// Reads the shape of `json`; throws `ExtractorError` naming the JSON path when it is no Drive page. `expected`
    /// is the kind a live request asked for: a page of it may lack its list (Drive omits empty fields), but a page
    /// with the other list is refused.
    public init(_ json: JSONValue, file: String, expected: Kind? = nil) throws(ExtractorError) {
        self.json = json
        self.file = file
        guard let object = json.objectValue else {
            throw .unexpectedJSON(
                file: file, path: "$", expected: "a Drive files.list or changes.list page (a JSON object)",
                found: json.kindDescription)
        }
        let declared = object["kind"]
        if let declared, declared.stringValue == nil, !declared.isNull {
            throw .unexpectedJSON(file: file, path: "$.kind", expected: "a string", found: declared.kindDescription)
        }
        let hasFiles = object["files"] != nil || declared?.stringValue == "drive#fileList"
        let hasChanges = object["changes"] != nil || declared?.stringValue == "drive#changeList"
        switch (hasFiles, hasChanges) {
        case (true, true):
            throw .unexpectedJSON(
                file: file, path: "$", expected: "either `files` (files.list) or `changes` (changes.list)",
                found: "both")
        case (true, false): kind = .fileList
        case (false, true): kind = .changeList
        case (false, false):
            if let expected, object.keys.contains(where: Self.listKeys.contains) {
                kind = expected
            } else if object["startPageToken"] != nil || declared?.stringValue == "drive#startPageToken" {
                kind = .startPageToken
            } else if let error = object["error"] {
                let said = error["message"]?.stringValue ?? error.stringValue ?? error.compactText
                throw .wrongFormat(
                    file: file, line: 0, expected: "Drive page",
                    message: "it is an error response (\(said)), saved instead of a page")
            } else {
                let keys = object.keys.isEmpty ? "no keys" : "keys " + object.keys.joined(separator: ", ")
                throw .unexpectedJSON(
                    file: file, path: "$", expected: "`files` (a files.list page) or `changes` (a changes.list page)",
                    found: "an object with \(keys)")
            }
        }
        if let expected, kind != expected {
            throw .unexpectedJSON(
                file: file, path: "$", expected: "a \(expected.rawValue) page", found: "a \(kind.rawValue) answer")
        }
    }

    /// The paging keys of a list page, which a page without its (empty) list still carries.
    static let listKeys: Set<String> = ["nextPageToken", "newStartPageToken", "incompleteSearch"]

    /// The records of the page (`files[]` or `changes[]`) with their paths; none for a start-token answer. A list
    /// Drive left out (it omits empty fields) is empty; one that is not an array of objects is a shape error.
    public func records() throws(ExtractorError) -> [(path: JSONPath, value: JSONValue)] {
        let key: String
        switch kind {
        case .fileList: key = "files"
        case .changeList: key = "changes"
        case .startPageToken: return []
        }
        let path = JSONPath.member(key)
        guard let member = json[key], !member.isNull else { return [] }
        guard let items = member.arrayValue else {
            throw .unexpectedJSON(
                file: file, path: path.description, expected: "an array", found: member.kindDescription)
        }
        var out: [(path: JSONPath, value: JSONValue)] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let itemPath = path.appending(index: i)
            guard item.objectValue != nil else {
                let what = kind == .fileList ? "a File object" : "a Change object"
                throw .unexpectedJSON(
                    file: file, path: itemPath.description, expected: what, found: item.kindDescription)
            }
            out.append((itemPath, item))
        }
        return out
    }

    /// True when a files.list page says it could not search every corpus (`incompleteSearch`, with `allDrives`):
    /// the listing misses files, and the notes (C.15) say to check it.
    public var isIncompleteSearch: Bool { json["incompleteSearch"]?.boolValue == true }
}
