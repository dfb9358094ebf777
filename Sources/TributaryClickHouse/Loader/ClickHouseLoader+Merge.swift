import Foundation
import TributaryCore

/// The `merge` strategy: rows go in as with `append`, into a table created `ReplacingMergeTree(<version_column>)`
/// and ordered by the natural key, so that ClickHouse keeps the latest version per key as it merges parts.
///
/// The loader's only extra work is to check, before any row is sent, that an existing table really is such a
/// table: into a plain MergeTree the same rows would be appended forever and `FINAL` would not collapse them, and
/// into a ReplacingMergeTree with another version column the wrong row would win. Neither fails loudly later.
extension ClickHouseLoader {
    /// Refuses a table that exists with another engine or version column; a missing table is created right after.
    ///
    /// Reads `engine` and `engine_full` from `system.tables` (both present on 18.16): `engine_full` is
    /// `ReplacingMergeTree(v) ORDER BY …`, with the version as the server printed it (backquoted only if needed).
    /// `append` with a row id needs a `ReplacingMergeTree` without a version, `merge` one with its version.
    func checkEngine(_ manager: ClickHouseSchemaManager) async throws {
        guard manager.collapsesRows else { return }
        let version = manager.versionColumn?.name
        let text = try await client.query(
            "SELECT engine, engine_full FROM system.tables WHERE database = \(manager.database.literal) AND name = "
                + "\(manager.table.literal) FORMAT TabSeparated")
        guard let row = TabSeparatedDecoder.rows(text).first, row.count == 2, let engine = row[0] else { return }
        let full = row[1] ?? engine
        guard engine != "ReplacingMergeTree" || Self.versionArgument(of: full) != version else { return }
        let why =
            version == nil
            ? "strategy \"append\" keeps one copy of a row inserted twice (a retry, a re-run) only in a "
                + "ReplacingMergeTree ordered by its row id"
            : "strategy \"merge\" needs the highest \(version ?? "") to win"
        throw ClickHouseError.invalidConfiguration(
            key: "strategy",
            problem:
                "\(manager.displayName) already exists with ENGINE = \(Self.engineClause(full)), but \(why): ENGINE = "
                + "ReplacingMergeTree\(version.map { "(\($0))" } ?? ""); load into a new table, or recreate this one with that engine (INSERT … SELECT "
                + "from the old one)")
    }

    /// `ReplacingMergeTree(v)` out of `ReplacingMergeTree(v) ORDER BY k SETTINGS …`: the engine and its
    /// arguments, without the clauses that follow.
    static func engineClause(_ full: String) -> String {
        guard let open = full.firstIndex(of: "("), !full[..<open].contains(" "),
            let close = full[open...].firstIndex(of: ")")
        else {
            return String(full.prefix { $0 != " " })
        }
        return String(full[...close])
    }

    /// The version column in `ReplacingMergeTree(v) …`, unquoted; nil without one (`ReplacingMergeTree`).
    static func versionArgument(of full: String) -> String? {
        let clause = engineClause(full)
        guard let open = clause.firstIndex(of: "("), clause.last == ")" else { return nil }
        let inner = clause[clause.index(after: open)..<clause.index(before: clause.endIndex)]
        let name = inner.trimmingCharacters(in: .whitespaces)
        guard name.hasPrefix("`"), name.hasSuffix("`"), name.count >= 2 else { return name.isEmpty ? nil : name }
        return String(name.dropFirst().dropLast())
    }
}
