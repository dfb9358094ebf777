/// What the server is and understands, probed once per run (lesson L12: an unknown setting fails the query).
public struct ClickHouseServerInfo: Sendable, Equatable {
    public var version: ClickHouseVersion
    /// The server's time zone, which a `DateTime` without its own zone is read in.
    public var timeZone: String
    /// Which of `ClickHouseServerInfo.probedSettings` the server knows.
    public var settings: Set<String>

    public init(version: ClickHouseVersion, timeZone: String, settings: Set<String>) {
        self.version = version
        self.timeZone = timeZone
        self.settings = settings
    }

    /// The settings the loader may send, depending on the server.
    public static let probedSettings = [
        "date_time_input_format", "async_insert", "wait_for_async_insert", "input_format_null_as_default",
        "allow_experimental_low_cardinality_type", "log_queries", "insert_deduplicate",
        "max_partitions_per_insert_block",
    ]

    /// Asks the server for its version, time zone and known settings.
    public static func probe(_ client: ClickHouseClient) async throws -> ClickHouseServerInfo {
        let sql = "SELECT version(), timezone() FORMAT TabSeparated"
        let text = try await client.query(sql)
        guard let row = TabSeparatedDecoder.rows(text).first, row.count == 2, let v = row[0], let zone = row[1],
            let version = ClickHouseVersion(v)
        else { throw ClickHouseError.unexpectedResponse(query: sql, body: text) }
        let names = probedSettings.map { "'\($0)'" }.joined(separator: ", ")
        let known = try await client.query(
            "SELECT name FROM system.settings WHERE name IN (\(names)) FORMAT TabSeparated")
        let settings = Set(TabSeparatedDecoder.rows(known).compactMap { $0.first ?? nil })
        return ClickHouseServerInfo(version: version, timeZone: zone, settings: settings)
    }

    public func knows(_ setting: String) -> Bool { settings.contains(setting) }

    /// Settings for every insert, each only where the server knows it.
    ///
    /// - `async_insert=0`: from 26.3 inserts are buffered server-side by default, and an OK no longer means
    ///   stored; the loader's commit point needs it to.
    /// - `input_format_null_as_default=0`: newer servers would turn a NULL for a non-Nullable column into a
    ///   default silently (lesson L9); the loader refuses such rows itself, and this keeps the server strict.
    /// - `log_queries=1`: after a lost answer, `system.query_log` tells whether the insert finished, so that it
    ///   is not sent twice (lesson L3).
    /// - `date_time_input_format=best_effort`: a safety net only; the encoder writes `YYYY-MM-DD hh:mm:ss`.
    public var insertSettings: [(String, String)] {
        var out: [(String, String)] = []
        if knows("async_insert") { out.append(("async_insert", "0")) }
        if knows("input_format_null_as_default") { out.append(("input_format_null_as_default", "0")) }
        if knows("log_queries") { out.append(("log_queries", "1")) }
        if knows("date_time_input_format") { out.append(("date_time_input_format", "best_effort")) }
        return out
    }

    /// Settings for DDL: 18.x and early 19.x refuse `LowCardinality` columns without the experimental switch.
    public func ddlSettings(lowCardinality: Bool) -> [(String, String)] {
        lowCardinality && knows("allow_experimental_low_cardinality_type")
            ? [("allow_experimental_low_cardinality_type", "1")] : []
    }
}

/// A server version such as `18.16.1` or `24.3.2.23`, compared numerically.
public struct ClickHouseVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var components: [Int]

    public init(_ components: [Int]) { self.components = components }

    /// Parses `18.16.1`, `24.3.2.23`, or `23.8.1.1-lts`; nil without a leading number.
    public init?(_ text: String) {
        var parts: [Int] = []
        for piece in text.split(separator: ".", omittingEmptySubsequences: false) {
            let digits = piece.prefix { $0.isASCII && $0.isNumber }
            guard let n = Int(digits) else { break }
            parts.append(n)
            if digits.count != piece.count { break }
        }
        guard !parts.isEmpty else { return nil }
        components = parts
    }

    public var major: Int { components.first ?? 0 }
    public var minor: Int { components.count > 1 ? components[1] : 0 }

    public var description: String { components.map(String.init).joined(separator: ".") }

    public static func < (a: ClickHouseVersion, b: ClickHouseVersion) -> Bool {
        for i in 0..<max(a.components.count, b.components.count) {
            let x = i < a.components.count ? a.components[i] : 0
            let y = i < b.components.count ? b.components[i] : 0
            if x != y { return x < y }
        }
        return false
    }
}
