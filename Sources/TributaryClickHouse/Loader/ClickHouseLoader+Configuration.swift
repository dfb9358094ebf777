import Foundation
import TributaryCore

extension ClickHouseLoader {
    /// The `[sink]` table of a pipeline whose `type` is `clickhouse`.
    ///
    /// | key | type | default | |
    /// |---|---|---|---|
    /// | `url` | string | `http://127.0.0.1:8123` | the server's HTTP address; no credentials in it |
    /// | `database` | string | `tributary` | created if missing |
    /// | `table` | string | — | **required**; created if missing |
    /// | `user` | string | `default` | sent as `X-ClickHouse-User` |
    /// | `password` | string (secret) | `""` | sent as `X-ClickHouse-Key`; never printed |
    /// | `order_by` | [string] | `[]` (`tuple()`) | MergeTree sorting key; non-nullable output columns only; with `merge`, the natural key, required |
    /// | `partition_by` | string | none | a ClickHouse expression, e.g. `toYYYYMM(billing_period_start)` |
    /// | `strategy` | `append` \| `replace_partition` \| `merge` | `append` | `replace_partition`: stage, then swap partitions; `merge`: latest version per key |
    /// | `version_column` | string | — | **required** with `merge`, only there: a non-nullable int64, uint64, date or datetime output column; the highest wins |
    /// | `low_cardinality` | [string] | `[]` | string columns to declare `LowCardinality` in a new table |
    /// | `compression` | `auto` \| `gzip` \| `none` | `gzip` | request body encoding; `auto` is gzip except to a loopback server |
    /// | `compression_level` | integer 1–9 | `1` | gzip level; 1 is several times faster than 6 |
    /// | `max_insert_rows` | integer | `1000000` | rows per insert; ≤ `max_insert_block_size` keeps it one block |
    /// | `max_insert_bytes` | integer | `67108864` | uncompressed bytes per insert, approximately |
    /// | `timeout_secs` | number | `300` | per request, without progress |
    /// | `max_retries` | integer | `5` | retries of a failed request after the first attempt |
    /// | `retry_base_delay_secs` | number | `0.5` | first backoff; doubles per retry, with full jitter |
    /// | `retry_max_delay_secs` | number | `30` | backoff cap |
    /// | `add_missing_columns` | bool | `true` | add output columns the table lacks, as Nullable |
    ///
    /// `strategy = "replace_partition"` loads the run into a staging table and then replaces, one
    /// `ALTER TABLE … REPLACE PARTITION` each, the partitions the run wrote; partitions it did not write are left
    /// alone. It needs `partition_by` as a column, `toYYYYMM(col)`, `toDate(col)`, `toMonday(col)` or a tuple
    /// of those, because the loader computes each row's partition itself (`PartitionKey`).
    ///
    /// `strategy = "merge"` is for entities that change (invoices, files): the table is created
    /// `ENGINE = ReplacingMergeTree(<version_column>) ORDER BY (<order_by>)`, the `order_by` columns being the
    /// natural key, and rows are inserted exactly as with `append`. ClickHouse keeps, per key, the row with the
    /// highest version, but only when it merges parts, in the background and at no set time: until then the older
    /// rows stay visible. Readers who need one row per key ask for it:
    ///
    ///     SELECT … FROM t FINAL
    ///     SELECT key, argMax(col, updated_at) … FROM t GROUP BY key
    ///
    /// (`FINAL` is slow on old servers; `argMax` of each column by the version picks the latest row's values.) An
    /// older version loaded later does not win. Two rows of one key with the same version leave either one. Rows of
    /// one key are only merged within a partition, so a `partition_by` must not split a key. A table that exists
    /// with another engine is refused before any row is sent.
    public struct Configuration: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
        CustomReflectable
    {
        public enum Compression: String, Sendable, Equatable, CaseIterable {
            /// gzip, except to a server on this machine: over loopback, compressing only spends the core the
            /// server needs for parsing (BENCHMARKS.md: about 0.85× instead of 1.1× of the server's own ingest
            /// time on two cores), at the price of holding plain insert bodies (more memory).
            case auto
            case gzip
            case none
        }

        /// How a run's rows reach the table.
        public enum Strategy: String, Sendable, Equatable, CaseIterable {
            /// Insert straight into the table: a re-run of the same input appends its rows again.
            case append
            /// Insert into a staging table, then `ALTER TABLE … REPLACE PARTITION … FROM` it for each partition
            /// the run wrote: a re-run replaces instead of appending (lessons L13, L18).
            case replacePartition = "replace_partition"
            /// Insert straight into a `ReplacingMergeTree(version_column)` table: a re-run, or a newer version of
            /// a row, leaves one row per `order_by` key once merged (read with `FINAL` or `argMax`).
            case merge
        }

        /// What `auto` comes to for this URL.
        public var effectiveCompression: Compression {
            guard compression == .auto else { return compression }
            let host = (url.host ?? "").lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
            return loopback ? .none : .gzip
        }

        public var url: URL
        public var database: String
        public var table: String
        public var user: String
        /// Secret: `description`, `debugDescription` and mirrors show `•••` instead.
        public var password: String
        public var orderBy: [String]
        public var partitionBy: String?
        public var strategy: Strategy
        public var lowCardinality: [String]
        public var compression: Compression
        public var compressionLevel: Int
        public var maxInsertRows: Int
        public var maxInsertBytes: Int
        public var timeoutSecs: Double
        public var maxRetries: Int
        public var retryBaseDelaySecs: Double
        public var retryMaxDelaySecs: Double
        public var addMissingColumns: Bool
        /// `merge` only: the column whose highest value wins per key.
        public var versionColumn: String?
        /// Column types for a new table where the logical type's default is wider than the data model's:
        /// `["latency_ms": "UInt32"]` (Nullable is added for nullable fields). Only unsigned integer types for
        /// uint64 fields, and signed ones for int64 fields; the values are checked against the range when sent
        /// (a value that does not fit fails the insert with the server's message).
        public var columnTypes: [String: String] = [:]
        /// `append` only: a non-nullable uint64 column identifying each row (`x_row_id`, set by the pipeline).
        /// With it the table is a `ReplacingMergeTree` ordered by `order_by` and then this column, so that a
        /// row inserted twice is kept once; without it, a plain `MergeTree` that keeps every copy.
        public var rowIDColumn: String?

        public static let defaultURL = URL(string: "http://127.0.0.1:8123") ?? URL(fileURLWithPath: "/")

        public init(
            url: URL = Configuration.defaultURL, database: String = "tributary", table: String = "",
            user: String = "default", password: String = "", orderBy: [String] = [], partitionBy: String? = nil,
            strategy: Strategy = .append, lowCardinality: [String] = [], compression: Compression = .gzip,
            compressionLevel: Int = 1,
            maxInsertRows: Int = 1_000_000, maxInsertBytes: Int = 64 << 20, timeoutSecs: Double = 300,
            maxRetries: Int = 5, retryBaseDelaySecs: Double = 0.5, retryMaxDelaySecs: Double = 30,
            addMissingColumns: Bool = true, versionColumn: String? = nil, rowIDColumn: String? = nil
        ) {
            self.url = url
            self.database = database
            self.table = table
            self.user = user
            self.password = password
            self.orderBy = orderBy
            self.partitionBy = partitionBy
            self.strategy = strategy
            self.lowCardinality = lowCardinality
            self.compression = compression
            self.compressionLevel = compressionLevel
            self.maxInsertRows = maxInsertRows
            self.maxInsertBytes = maxInsertBytes
            self.timeoutSecs = timeoutSecs
            self.maxRetries = maxRetries
            self.retryBaseDelaySecs = retryBaseDelaySecs
            self.retryMaxDelaySecs = retryMaxDelaySecs
            self.addMissingColumns = addMissingColumns
            self.versionColumn = versionColumn
            self.rowIDColumn = rowIDColumn
        }

        /// Every problem with the values, each naming its key; empty when the configuration can work.
        public var problems: [ClickHouseError] {
            var out: [ClickHouseError] = []
            if !["http", "https"].contains(url.scheme?.lowercased() ?? "") || url.host == nil {
                out.append(
                    .invalidConfiguration(key: "url", problem: "`\(redactedURL)` is not an http:// or https:// address")
                )
            }
            if url.user != nil || url.password != nil {
                out.append(
                    .invalidConfiguration(
                        key: "url",
                        problem: "the address carries credentials; put them in `user` and `password` instead"))
            }
            if url.query != nil {
                out.append(
                    .invalidConfiguration(
                        key: "url", problem: "the address has a query string; settings are chosen by the loader"))
            }
            if table.isEmpty {
                out.append(.invalidConfiguration(key: "table", problem: "required, and missing"))
            }
            do {
                _ = try ClickHouseSchemaManager(
                    database: database, table: table.isEmpty ? "t" : table, orderBy: orderBy, partitionBy: partitionBy)
            } catch {
                out.append(error)
            }
            if strategy == .replacePartition {
                if partitionBy?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
                    out.append(
                        .invalidConfiguration(
                            key: "partition_by",
                            problem: "required with strategy \"replace_partition\": \(PartitionKey.supportedForms)"))
                } else if partitionKey == nil {
                    out.append(
                        .invalidConfiguration(
                            key: "partition_by",
                            problem: "strategy \"replace_partition\" computes partitions itself and understands "
                                + "only \(PartitionKey.supportedForms), not `\(partitionBy ?? "")`"))
                }
            }
            if strategy == .merge {
                if versionColumn?.isEmpty ?? true {
                    out.append(
                        .invalidConfiguration(
                            key: "version_column",
                            problem: "required with strategy \"merge\": the column whose highest value wins per key, "
                                + "e.g. version_column = \"updated_at\""))
                }
                if orderBy.isEmpty {
                    out.append(
                        .invalidConfiguration(
                            key: "order_by",
                            problem: "must name the natural key with strategy \"merge\": rows with equal order_by "
                                + "values are the ones that replace each other"))
                }
            } else if versionColumn != nil {
                out.append(
                    .invalidConfiguration(
                        key: "version_column",
                        problem: "only used with strategy \"merge\", not \"\(strategy.rawValue)\""))
            }
            if !(1...9).contains(compressionLevel) {
                out.append(
                    .invalidConfiguration(key: "compression_level", problem: "must be 1 to 9, not \(compressionLevel)"))
            }
            if maxInsertRows < 1 {
                out.append(.invalidConfiguration(key: "max_insert_rows", problem: "must be at least 1"))
            }
            if maxInsertBytes < 1 << 16 {
                out.append(.invalidConfiguration(key: "max_insert_bytes", problem: "must be at least 65536"))
            }
            if !(timeoutSecs > 0) {
                out.append(.invalidConfiguration(key: "timeout_secs", problem: "must be more than 0"))
            }
            if maxRetries < 0 {
                out.append(.invalidConfiguration(key: "max_retries", problem: "must be 0 or more"))
            }
            if !(retryBaseDelaySecs >= 0) || !(retryMaxDelaySecs >= retryBaseDelaySecs) {
                out.append(
                    .invalidConfiguration(
                        key: "retry_max_delay_secs",
                        problem: "must be at least retry_base_delay_secs, and both 0 or more"))
            }
            return out
        }

        /// A client for this server and user: the one place the password leaves the configuration.
        /// `timeoutSecs` overrides `timeout_secs` (the run history caps it).
        public func makeClient(timeoutSecs: Double? = nil, transport: any HTTPTransport = URLSessionTransport())
            -> ClickHouseClient
        {
            ClickHouseClient(
                endpoint: url, user: user, password: password, timeoutSecs: timeoutSecs ?? self.timeoutSecs,
                transport: transport)
        }

        /// The parsed `partition_by`, when it is one of the forms `replace_partition` understands.
        public var partitionKey: PartitionKey? { partitionBy.flatMap { PartitionKey(parsing: $0) } }

        /// The URL with its password masked, for messages.
        var redactedURL: String {
            guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "(unreadable URL)" }
            let user = parts.user
            let masked = user != nil || parts.password != nil
            parts.user = nil
            parts.password = nil
            var text = parts.string ?? "(unreadable URL)"
            if masked, let scheme = text.range(of: "://") {
                text.insert(contentsOf: "\(user ?? ""):•••@", at: scheme.upperBound)
            }
            return text
        }

        public var description: String {
            var fields = [
                "url: \(redactedURL)", "database: \(database)", "table: \(table)", "user: \(user)",
                "password: \(password.isEmpty ? "(empty)" : "•••")",
            ]
            if !orderBy.isEmpty { fields.append("order_by: \(orderBy)") }
            if let partitionBy { fields.append("partition_by: \(partitionBy)") }
            if strategy != .append { fields.append("strategy: \(strategy.rawValue)") }
            if let versionColumn { fields.append("version_column: \(versionColumn)") }
            if let rowIDColumn { fields.append("row_id: \(rowIDColumn)") }
            if !columnTypes.isEmpty {
                fields.append("column_types: \(columnTypes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" })")
            }
            if !lowCardinality.isEmpty { fields.append("low_cardinality: \(lowCardinality)") }
            fields += [
                "compression: \(compression.rawValue)", "compression_level: \(compressionLevel)",
                "max_insert_rows: \(maxInsertRows)", "max_insert_bytes: \(maxInsertBytes)",
                "timeout_secs: \(timeoutSecs)", "max_retries: \(maxRetries)",
                "retry_base_delay_secs: \(retryBaseDelaySecs)", "retry_max_delay_secs: \(retryMaxDelaySecs)",
                "add_missing_columns: \(addMissingColumns)",
            ]
            return "ClickHouseLoader.Configuration(" + fields.joined(separator: ", ") + ")"
        }

        public var debugDescription: String { description }

        /// Keeps the password out of `dump()` and debugger views too.
        public var customMirror: Mirror {
            Mirror(
                self,
                children: [
                    "url": redactedURL, "database": database, "table": table, "user": user, "password": "•••",
                    "orderBy": orderBy, "partitionBy": partitionBy as Any, "strategy": strategy,
                    "versionColumn": versionColumn as Any, "rowIDColumn": rowIDColumn as Any,
                    "lowCardinality": lowCardinality,
                    "compression": compression, "compressionLevel": compressionLevel, "maxInsertRows": maxInsertRows,
                    "maxInsertBytes": maxInsertBytes, "timeoutSecs": timeoutSecs, "maxRetries": maxRetries,
                    "retryBaseDelaySecs": retryBaseDelaySecs, "retryMaxDelaySecs": retryMaxDelaySecs,
                    "addMissingColumns": addMissingColumns,
                ])
        }
    }
}
