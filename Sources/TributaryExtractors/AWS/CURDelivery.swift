import Foundation
import TributaryCore

/// Which files an `aws_cur` source reads: the `listFiles` of its `ProviderCSVExtractor`.
///
/// Each entry of `paths` is one of:
/// - a folder (no glob characters): a CUR delivery, the legacy report folder (holding `yyyymmdd-yyyymmdd/`) or
///   the CUR 2.0 export folder (holding `data/` and `metadata/`), or any folder above them. For every report or
///   export and billing period found below it, exactly the data files of the newest manifest are read: the
///   period-level manifest, which AWS overwrites on each delivery, else (CUR 2.0 "create new" runs only) the
///   run whose folder name, which starts with its delivery time, sorts last. Older deliveries' files, and
///   chunks left over in "overwrite" mode, are not read (billing-exports.md §3.2–3.3);
/// - a manifest (`…Manifest.json`, a path or a glob): exactly the files it lists;
/// - data files (a path or a glob): read as they are.
///
/// Manifests list S3 keys (`prefix/report/20250201-20250301/<assembly>/report-1.csv.gz`) or URIs
/// (`s3://bucket/prefix/export/data/BILLING_PERIOD=2025-02/export-00001.csv.gz`); a key is found in the local
/// copy by the part from its period folder (legacy) or its `data/` folder (CUR 2.0) on, under the folder the
/// manifest's own period (or `metadata/`) folder sits in, so that a delivery synced anywhere reads the same. A
/// key naming neither is taken relative to the manifest. A listed file that is missing stops the run.
public enum CURDelivery {
    public static func listFiles(_ patterns: [String], baseDirectory: String) throws -> [InputFile] {
        var listed: [InputFile] = []
        var seen: Set<String> = []
        for pattern in patterns {
            for file in try files(for: pattern, baseDirectory: baseDirectory) where seen.insert(file.path).inserted {
                listed.append(file)
            }
        }
        return listed
    }

    static func files(for pattern: String, baseDirectory: String) throws -> [InputFile] {
        var trimmed = pattern
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        let absolute = trimmed.hasPrefix("/") || baseDirectory.isEmpty ? trimmed : baseDirectory + "/" + trimmed
        if !trimmed.contains(where: { "*?[\\".contains($0) }), isDirectory(absolute) {
            return try newestDelivery(in: InputFile(path: trimmed, absolutePath: absolute))
        }
        var out: [InputFile] = []
        for match in try FileGlob.expand([pattern], baseDirectory: baseDirectory) {
            out += isManifestName(match.path) ? try dataFiles(of: CURManifest.read(match)) : [match]
        }
        return out
    }

    /// The data files of the newest manifest of each report or export and billing period below `folder`.
    static func newestDelivery(in folder: InputFile) throws(CURDeliveryError) -> [InputFile] {
        var groups: [String: [CURManifest]] = [:]
        for file in manifests(below: folder) {
            let manifest = try CURManifest.read(file)
            let key =
                "\(manifest.billingPeriod ?? manifest.file.path)\u{0}\(manifest.kind.rawValue)\u{0}\(manifest.name)"
            groups[key, default: []].append(manifest)
        }
        guard !groups.isEmpty else { throw .noManifest(directory: folder.path) }
        var out: [InputFile] = []
        for key in groups.keys.sorted() {
            // `key` comes from `groups`, so the lookup cannot miss.
            out += try dataFiles(of: newest(groups[key] ?? []))
        }
        return out
    }

    /// The manifest that describes the newest delivery among those of one report and billing period.
    static func newest(_ group: [CURManifest]) throws(CURDeliveryError) -> CURManifest {
        let periodLevel = group.filter(\.isPeriodLevel)
        if periodLevel.count == 1, let only = periodLevel.first { return only }
        if group.count == 1, let only = group.first { return only }
        let runs = group.filter { $0.runFolder != nil }
        if periodLevel.isEmpty, group.first?.kind == .cur2,
            let last = runs.max(by: { $0.runFolder ?? "" < $1.runFolder ?? "" })
        {
            return last
        }
        throw .ambiguousManifests(period: group.first?.billingPeriod ?? "?", manifests: group.map(\.file.path).sorted())
    }

    /// The files `manifest` lists, in its order, each checked to be there.
    static func dataFiles(of manifest: CURManifest) throws(CURDeliveryError) -> [InputFile] {
        try manifest.keys.map { key throws(CURDeliveryError) in
            let file = try locate(key, listedIn: manifest)
            guard isFile(file.absolutePath) else {
                throw .missingDataFile(manifest: manifest.file.path, listed: key, expected: file.path)
            }
            return file
        }
    }

    /// Where `key` is in the local copy of the delivery `manifest` belongs to.
    static func locate(_ key: String, listedIn manifest: CURManifest) throws(CURDeliveryError) -> InputFile {
        var path = key
        if let scheme = path.range(of: "://") {
            // `s3://bucket/key`: the bucket is not part of the delivery's folders.
            let afterScheme = path[scheme.upperBound...]
            path = afterScheme.firstIndex(of: "/").map { String(afterScheme[afterScheme.index(after: $0)...]) } ?? ""
        }
        let keyParts = path.split(separator: "/").map(String.init)
        let manifestFolders = manifest.file.path.split(separator: "/").map(String.init).dropLast()
        let anchors: (inKey: Int, inManifest: Int)?
        switch manifest.kind {
        case .cur2:
            let inKey = keyParts.indices.last { i in
                keyParts[i] == "data" && i + 1 < keyParts.count && keyParts[i + 1].hasPrefix("BILLING_PERIOD=")
            }
            let inManifest = manifestFolders.lastIndex(of: "metadata")
            anchors = inKey.flatMap { k in inManifest.map { (k, $0) } }
        case .legacy:
            let inKey = keyParts.lastIndex(where: CURManifest.isLegacyPeriodFolder)
            let inManifest = manifestFolders.lastIndex(where: CURManifest.isLegacyPeriodFolder)
            anchors = inKey.flatMap { k in inManifest.map { (k, $0) } }
        }
        if let anchors {
            let up = manifestFolders.count - anchors.inManifest
            return manifest.file.replacingLast(up + 1, with: Array(keyParts[anchors.inKey...]))
        }
        guard !key.contains("://"), !key.hasPrefix("/"), !keyParts.isEmpty, !keyParts.contains("..") else {
            throw .unplaceableKey(manifest: manifest.file.path, key: key)
        }
        return manifest.file.replacingLast(1, with: keyParts)
    }

    /// Every `*Manifest.json` below `folder`, hidden folders skipped, in path order.
    static func manifests(below folder: InputFile) -> [InputFile] {
        let subpaths = (try? FileManager.default.subpathsOfDirectory(atPath: folder.absolutePath)) ?? []
        return subpaths.filter { sub in
            isManifestName(sub) && !sub.split(separator: "/").contains { $0.hasPrefix(".") }
        }
        .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        .map { InputFile(path: folder.path + "/" + $0, absolutePath: folder.absolutePath + "/" + $0) }
    }

    static func isManifestName(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix("Manifest.json")
    }

    static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    static func isFile(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && !directory.boolValue
    }
}

extension InputFile {
    /// This file's path with its last `count` components replaced by `components`, in both spellings (as shown and
    /// as opened), which end in the same components.
    func replacingLast(_ count: Int, with components: [String]) -> InputFile {
        func replaced(_ path: String) -> String {
            var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            parts.removeLast(min(count, parts.count))
            return (parts + components).joined(separator: "/")
        }
        return InputFile(path: replaced(path), absolutePath: replaced(absolutePath))
    }
}
