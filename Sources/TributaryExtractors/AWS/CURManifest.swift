import Foundation
import TributaryCore
import TributaryFormats

/// One CUR delivery manifest: which data files make up one delivery of one billing period.
///
/// - Legacy CUR: `<report>-Manifest.json` with `reportKeys` (S3 keys of the data files), `assemblyId`,
///   `reportName` and `billingPeriod.start` (`20250201T000000.000Z`); the copy directly in the period folder
///   `yyyymmdd-yyyymmdd/` is overwritten on each delivery and names the newest assembly, while each
///   `<assemblyId>/` folder keeps its own copy (billing-exports.md §3.2).
/// - CUR 2.0: `<export>-Manifest.json` with `dataFiles` (full S3 URIs), `executionId` and `columns`, under
///   `metadata/BILLING_PERIOD=YYYY-MM/`, overwritten on each delivery; in "create new" mode each run also keeps
///   a copy in `metadata/BILLING_PERIOD=YYYY-MM/<timestamp>-<executionId>/` (§3.3).
/// Fields AWS may add are ignored; the ones read must have the documented types.
struct CURManifest: Sendable, Equatable {
    enum Kind: String, Sendable { case legacy = "legacy CUR", cur2 = "CUR 2.0" }

    let kind: Kind
    /// The manifest file.
    let file: InputFile
    /// The report or export, from the file name (`kestrel-cur2-Manifest.json` → `kestrel-cur2`).
    let name: String
    /// `YYYY-MM`, from the period folder the manifest sits in, else from `billingPeriod.start`.
    let billingPeriod: String?
    /// The data files as listed (S3 keys or URIs).
    let keys: [String]
    /// Whether the manifest sits directly in its period folder: the copy AWS overwrites on each delivery.
    let isPeriodLevel: Bool
    /// The folder of a per-run or per-assembly copy (`20250304T061000Z-…`); nil for the period-level one.
    let runFolder: String?

    static func read(_ file: InputFile) throws(CURDeliveryError) -> CURManifest {
        guard let data = FileManager.default.contents(atPath: file.absolutePath) else {
            throw .malformedManifest(file: file.path, path: "$", message: "the file cannot be read")
        }
        return try parse(Array(data), file: file)
    }

    static func parse(_ bytes: [UInt8], file: InputFile) throws(CURDeliveryError) -> CURManifest {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw .malformedManifest(file: file.path, path: "$", message: "invalid JSON at \(error)")
        }
        guard root.objectValue != nil else {
            throw .malformedManifest(
                file: file.path, path: "$", message: "expected an object, found \(root.kindDescription)")
        }
        let kind: Kind
        let listKey: String
        if root["reportKeys"] != nil {
            (kind, listKey) = (.legacy, "reportKeys")
        } else if root["dataFiles"] != nil {
            (kind, listKey) = (.cur2, "dataFiles")
        } else {
            throw .malformedManifest(
                file: file.path, path: "$",
                message: "expected 'reportKeys' (legacy CUR) or 'dataFiles' (CUR 2.0), found neither")
        }
        let keys = try strings(root[listKey], at: "$.\(listKey)", file: file)
        var fromFile: String?
        if let period = root["billingPeriod"] {
            guard let start = period["start"]?.stringValue else {
                throw .malformedManifest(
                    file: file.path, path: "$.billingPeriod.start",
                    message: "expected a string, found \(period["start"]?.kindDescription ?? "nothing")")
            }
            fromFile = month(of: start)
        }
        let components = file.path.split(separator: "/").map(String.init)
        let folders = components.dropLast()
        let periodIndex = folders.lastIndex { periodOfFolder($0, kind) != nil }
        let isPeriodLevel = periodIndex.map { $0 == folders.count - 1 } ?? true
        let fileName = components.last ?? ""
        var name = fileName.hasSuffix("Manifest.json") ? String(fileName.dropLast("Manifest.json".count)) : fileName
        if name.hasSuffix("-") { name.removeLast() }
        return CURManifest(
            kind: kind, file: file, name: name,
            billingPeriod: periodIndex.flatMap { periodOfFolder(folders[$0], kind) } ?? fromFile, keys: keys,
            isPeriodLevel: isPeriodLevel, runFolder: isPeriodLevel ? nil : folders.last)
    }

    /// `YYYY-MM` of a period folder: `BILLING_PERIOD=2025-02` (CUR 2.0), `20250201-20250301` (legacy).
    static func periodOfFolder(_ folder: String, _ kind: Kind) -> String? {
        switch kind {
        case .cur2:
            guard folder.hasPrefix("BILLING_PERIOD="), folder.count >= 22 else { return nil }
            return String(folder.dropFirst(15).prefix(7))
        case .legacy:
            return isLegacyPeriodFolder(folder) ? month(of: folder) : nil
        }
    }

    static func isLegacyPeriodFolder(_ folder: String) -> Bool {
        let parts = folder.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2
            && parts.allSatisfy { $0.count == 8 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    /// `YYYY-MM` of `20250201T000000.000Z`, `2025-02-01T00:00:00Z` or `20250201-20250301`.
    static func month(of text: String) -> String? {
        let digits = text.prefix(10).filter(\.isNumber)
        guard digits.count >= 6 else { return nil }
        return "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))"
    }

    private static func strings(_ value: JSONValue?, at path: String, file: InputFile) throws(CURDeliveryError)
        -> [String]
    {
        guard let items = value?.arrayValue else {
            throw .malformedManifest(
                file: file.path, path: path,
                message: "expected an array of file names, found \(value?.kindDescription ?? "nothing")")
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard let s = item.stringValue, !s.isEmpty else {
                let found = item.stringValue == "" ? "an empty string" : item.kindDescription
                throw .malformedManifest(
                    file: file.path, path: "\(path)[\(i)]", message: "expected a file name, found \(found)")
            }
            out.append(s)
        }
        return out
    }
}
