import TributaryCore
/// Rows of one source file: where the rows of an insert came from.
public struct SourceLines: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var first: Int
    public var last: Int

    public init(file: String, first: Int, last: Int) {
        self.file = file
        self.first = first
        self.last = last
    }

    public var description: String { first == last ? "\(file):\(first)" : "\(file):\(first)-\(last)" }
}

/// Everything that can stop the ClickHouse loader, each rendered as a sentence a user can act on.
///
/// Cases carry data; `description` renders them. `isAuthentication` and `isUnreachable` let the caller pick
/// the exit code (unreachable is "try later", 75), and `failureClass` decides between retrying and halting.
public enum ClickHouseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A database, table or column name ClickHouse would need quoted beyond what we allow.
    case invalidIdentifier(String, role: String)
    /// A configuration value that cannot work, named by its pipeline key.
    case invalidConfiguration(key: String, problem: String)
    case unknownOrderByColumn(column: String, table: String, columns: [String])
    case nullableOrderByColumn(column: String, table: String)
    /// The table has `column` with a type the pipeline's values do not fit.
    case typeConflict(column: String, table: String, existing: String, written: String)
    /// An added column did not show up in `system.columns` in time.
    case columnDidNotAppear(column: String, table: String, waitedSecs: Double)
    /// A NULL for a column the table declares non-Nullable; ClickHouse would store a default instead.
    case nullInRequiredColumn(column: String, table: String, row: SourceLines)
    /// A date or time the column's ClickHouse type cannot hold; it would be stored as another value.
    case outOfRange(column: String, table: String, row: SourceLines, value: String, range: String)
    /// A NULL in a `partition_by` column with `strategy = "replace_partition"`: it has no partition to name.
    case nullPartitionKey(column: String, table: String, row: SourceLines)
    /// The staging table holds another number of rows for a partition than were sent, so the swap was refused.
    case stagedRowsMismatch(table: String, partition: String, staged: Int, sent: Int)
    /// A batch whose schema is not the one `prepare(schema:)` set the table up for.
    case schemaChanged(table: String, detail: String)
    /// `write` or `commit` before `prepare(schema:)`.
    case notPrepared(table: String)
    /// The server answered with an exception.
    case server(ClickHouseException)
    /// The server refused the user or password; `code` is nil when only the HTTP status (401) said so.
    case authentication(user: String, code: Int?, message: String)
    /// A non-200 answer without a ClickHouse error in it (a proxy, a load balancer).
    case httpStatus(Int, body: String)
    /// No complete HTTP exchange with the server.
    case transport(HTTPTransportError, endpoint: String)
    /// A 200 answer that does not say what it should (a probe's result that does not parse).
    case unexpectedResponse(query: String, body: String)
    case compression(detail: String)
    /// A DDL statement the server refused while preparing the table (a bad `partition_by`, say).
    indirect case ddlFailed(table: String, statement: String, cause: ClickHouseError)
    /// An insert that failed for good: what it held, where its rows came from, and why.
    indirect case insertFailed(
        table: String, rows: Int, sources: [SourceLines], attempts: Int, culprit: SourceLines?, cause: ClickHouseError)

    public var description: String {
        switch self {
        case .invalidIdentifier(let name, let role):
            return "\(Self.quote(name)) is not a usable ClickHouse \(role) name: use letters, digits and underscores, "
                + "not starting with a digit"
        case .invalidConfiguration(let key, let problem):
            return "sink key `\(key)`: \(problem)"
        case .unknownOrderByColumn(let column, let table, let columns):
            let known =
                columns.count <= 12
                ? columns.joined(separator: ", ") : columns.prefix(12).joined(separator: ", ") + ", …"
            return
                "order_by names `\(column)`, which is not a column the pipeline writes to \(table) (columns: \(known))"
        case .nullableOrderByColumn(let column, let table):
            return "order_by column `\(column)` of \(table) is nullable, and a MergeTree table cannot be sorted by a "
                + "Nullable column; declare the field non-nullable (and reject rows without it), "
                + "or leave it out of order_by"
        case .typeConflict(let column, let table, let existing, let written):
            return "column `\(column)` is \(existing) in \(table) but the pipeline writes \(written); "
                + "change the pipeline's type for `\(column)`, or alter or rename the table's column"
        case .columnDidNotAppear(let column, let table, let waited):
            return "column `\(column)` was added to \(table) but did not appear in system.columns within "
                + "\(HTTPTransportError.seconds(waited)) s; check the server's log and run again"
        case .nullInRequiredColumn(let column, let table, let row):
            return "\(row): `\(column)` is empty, but \(table) declares it non-Nullable and ClickHouse would store a "
                + "default instead; reject such rows in a transform, or make the table's column Nullable"
        case .outOfRange(let column, let table, let row, let value, let range):
            return "\(row): `\(column)` is \(value), outside what \(table) can store (\(range)); ClickHouse would "
                + "keep another value instead, so reject such rows in a transform"
        case .nullPartitionKey(let column, let table, let row):
            return "\(row): `\(column)` is empty, but it is part of \(table)'s partition_by, and replace_partition "
                + "needs every row's partition; reject such rows in a transform"
        case .stagedRowsMismatch(let table, let partition, let staged, let sent):
            return "the staging table for \(table) holds \(staged) rows of partition \(partition) but \(sent) were "
                + "sent, so the partition was not replaced; check that the table's partition_by and time zone "
                + "match the pipeline's (DateTime columns are read as UTC)"
        case .schemaChanged(let table, let detail):
            return "a batch for \(table) does not match the schema the table was prepared for: \(detail)"
        case .notPrepared(let table):
            return "the loader for \(table) was used before prepare(schema:)"
        case .server(let e):
            return e.description + Self.advice(for: e)
        case .authentication(let user, _, let message):
            return
                "ClickHouse refused the credentials for user '\(user)' (\(message)); check the sink's user and password"
        case .httpStatus(let status, let body):
            let text = body.count > 300 ? String(body.prefix(300)) + "…" : body
            return
                "ClickHouse's address answered HTTP \(status) without a ClickHouse error"
                + (text.isEmpty ? "" : ": \(text)")
        case .transport(let e, let endpoint):
            return "cannot reach ClickHouse at \(endpoint): \(e); check the sink's url and that the server is running"
        case .unexpectedResponse(let query, let body):
            let text = body.count > 200 ? String(body.prefix(200)) + "…" : body
            return "ClickHouse answered `\(query)` with something unexpected: \(Self.quote(text))"
        case .compression(let detail):
            return "gzip compression failed: \(detail)"
        case .ddlFailed(let table, let statement, let cause):
            let first = statement.split(separator: "\n").first.map(String.init) ?? statement
            return "preparing \(table) failed on `\(first)`: \(cause)"
        case .insertFailed(let table, let rows, let sources, let attempts, let culprit, let cause):
            var text = "inserting \(rows) row\(rows == 1 ? "" : "s") into \(table)"
            if !sources.isEmpty { text += " (from \(Self.list(sources)))" }
            text += attempts > 1 ? " failed after \(attempts) attempts: " : " failed: "
            text += cause.description
            if let culprit { text += "; the row at fault is \(culprit)" }
            return text
        }
    }

    /// What to do about errors whose message alone does not say.
    static func advice(for e: ClickHouseException) -> String {
        switch e.code {
        case 252 where e.message.contains("partitions"):
            return "; one insert spans too many partitions (max_partitions_per_insert_block): choose a coarser "
                + "partition_by (a month, not a day) or a smaller max_insert_rows"
        case 252: return "; the table has too many parts: inserts are too small or too frequent"
        case 60, 81:
            return "; it was dropped or renamed during the load, so this insert and the ones after it were not stored"
        default: return ""
        }
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "\\'") + "'" }

    static func list(_ sources: [SourceLines]) -> String {
        let shown = sources.prefix(3).map(\.description).joined(separator: ", ")
        return sources.count > 3 ? "\(shown) and \(sources.count - 3) more" : shown
    }

    /// The server's error code, when the server gave one.
    public var serverCode: Int? {
        switch self {
        case .server(let e): e.code
        case .authentication(_, let code, _): code
        case .insertFailed(_, _, _, _, _, let cause), .ddlFailed(_, _, let cause): cause.serverCode
        default: nil
        }
    }

    /// True when the server refused the user or password: the run fails (exit 1) with this message.
    public var isAuthentication: Bool {
        switch self {
        case .authentication: true
        case .server(let e): Self.authenticationCodes.contains(e.code)
        case .insertFailed(_, _, _, _, _, let cause), .ddlFailed(_, _, let cause): cause.isAuthentication
        default: false
        }
    }

    /// True when ClickHouse could not be reached or did not answer: a later run may succeed (exit 75).
    public var isUnreachable: Bool {
        switch self {
        case .transport: true
        case .httpStatus(let status, _): status == 502 || status == 503 || status == 504
        case .insertFailed(_, _, _, _, _, let cause), .ddlFailed(_, _, let cause): cause.isUnreachable
        default: false
        }
    }

    /// UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, AUTHENTICATION_FAILED.
    static let authenticationCodes: Set<Int> = [192, 193, 194, 516]
}
