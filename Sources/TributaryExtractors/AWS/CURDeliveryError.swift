import TributaryCore

/// Why the files of a CUR delivery cannot be listed: no manifest, a manifest of another shape, a listed data file
/// that is not there. Each stops the run before anything is read, since loading part of a delivery would replace a
/// billing month with part of its rows.
public enum CURDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A folder given in `paths` holds no `*Manifest.json`.
    case noManifest(directory: String)
    /// A manifest is not shaped as AWS writes them: at `path` (a JSON path), `message`.
    case malformedManifest(file: String, path: String, message: String)
    /// A manifest lists `listed`, which would be `expected` in this delivery, and it is not there.
    case missingDataFile(manifest: String, listed: String, expected: String)
    /// A manifest lists a key that cannot be placed in the delivery folder (no `data/BILLING_PERIOD=…` or
    /// `yyyymmdd-yyyymmdd` part, and not a relative path).
    case unplaceableKey(manifest: String, key: String)
    /// Several manifests claim one billing period and none is the period-level one AWS overwrites on each
    /// delivery, so which is newest cannot be told.
    case ambiguousManifests(period: String, manifests: [String])

    public var location: SourceLocation {
        switch self {
        case .noManifest(let directory): SourceLocation(file: directory)
        case .malformedManifest(let file, let path, _): SourceLocation(file: file, path: path)
        case .missingDataFile(let manifest, _, _), .unplaceableKey(let manifest, _): SourceLocation(file: manifest)
        case .ambiguousManifests(_, let manifests): SourceLocation(file: manifests.first ?? "")
        }
    }

    public var message: String {
        switch self {
        case .noManifest:
            return "no CUR manifest (*-Manifest.json) in this folder: give the delivery's report or export folder, "
                + "a manifest, or the data files themselves in paths"
        case .malformedManifest(_, _, let message):
            return "not a CUR manifest as AWS writes them: \(message)"
        case .missingDataFile(_, let listed, let expected):
            return "the manifest lists \(listed), which is not in the delivery (looked for \(expected)); the "
                + "delivery is incomplete or was copied in part, and reading the rest would load part of a month"
        case .unplaceableKey(_, let key):
            return "the manifest lists \(key), which names no data/BILLING_PERIOD=… or yyyymmdd-yyyymmdd folder to "
                + "find it by in the delivery"
        case .ambiguousManifests(let period, let manifests):
            return "\(manifests.count) manifests for billing period \(period) (\(manifests.joined(separator: ", "))) "
                + "and no period-level manifest to say which delivery is newest; give the one to read in paths"
        }
    }

    public var description: String { "\(location): error: \(message)" }
}
