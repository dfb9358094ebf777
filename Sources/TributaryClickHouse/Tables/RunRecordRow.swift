import TributaryCore

/// One row of `_tributary_runs`: what a run did, in the table's own terms.
///
/// It lives here rather than in the pipeline module so that the ClickHouse module owns every byte of SQL and
/// row text it sends; the pipeline only fills in the values.
public struct RunRecordRow: Sendable, Equatable {
    /// Money of one column, summed over the run's files, in units of `10^-moneyScale`.
    public struct Money: Sendable, Equatable {
        public var column: String
        /// ISO 4217, or "" for a source without currencies.
        public var currency: String
        public var read: Int128
        public var loaded: Int128
        public var filtered: Int128
        public var rejected: Int128

        public init(
            column: String, currency: String = "", read: Int128, loaded: Int128, filtered: Int128, rejected: Int128
        ) {
            self.column = column
            self.currency = currency
            self.read = read
            self.loaded = loaded
            self.filtered = filtered
            self.rejected = rejected
        }
    }

    /// The scale of the `money.*` amounts: the table declares `Decimal(38,12)`, the lineage's own scale.
    public static let moneyScale = 12
    /// The error text is cut to this many bytes: a dashboard needs the gist, and a runaway message (a whole
    /// server response) must not bloat the table.
    public static let maxErrorBytes = 4096

    public var runID: String
    public var pipeline: String
    public var mode: String
    public var host: String
    /// Seconds since the epoch, UTC.
    public var startedAt: Int64
    public var finishedAt: Int64
    public var status: String
    public var rowsRead: UInt64
    public var rowsLoaded: UInt64
    public var rowsFiltered: UInt64
    public var rowsRejected: UInt64
    public var money: [Money]
    public var destination: String
    /// The error's description, which already seals secrets; nil when the run succeeded.
    public var error: String?

    public init(
        runID: String, pipeline: String, mode: String, host: String, startedAt: Int64, finishedAt: Int64,
        status: String, rowsRead: UInt64, rowsLoaded: UInt64, rowsFiltered: UInt64, rowsRejected: UInt64,
        money: [Money], destination: String, error: String?
    ) {
        self.runID = runID
        self.pipeline = pipeline
        self.mode = mode
        self.host = host
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.rowsRead = rowsRead
        self.rowsLoaded = rowsLoaded
        self.rowsFiltered = rowsFiltered
        self.rowsRejected = rowsRejected
        self.money = money
        self.destination = destination
        self.error = error
    }

    /// The columns `tabSeparated` writes, in order; the Nested columns by their flattened names.
    public static let columns = [
        "run_id", "pipeline", "mode", "host", "started_at", "finished_at", "status", "rows_read", "rows_loaded",
        "rows_filtered", "rows_rejected", "money.column", "money.currency", "money.read", "money.loaded", "money.filtered",
        "money.rejected", "destination", "error",
    ]

    /// The row as one TabSeparated line (with its newline).
    ///
    /// TabSeparated rather than JSONEachRow because 18.16 reads arrays of decimals in it as written
    /// (`[1.5,2]`), and Nested columns simply as parallel arrays named `money.column`, `money.read`, ….
    public func tabSeparated() -> String {
        let fields: [String] = [
            Self.escaped(runID), Self.escaped(pipeline), Self.escaped(mode), Self.escaped(host),
            CivilTime.formatDateTime(epochSeconds: startedAt), CivilTime.formatDateTime(epochSeconds: finishedAt),
            Self.escaped(status), String(rowsRead), String(rowsLoaded), String(rowsFiltered), String(rowsRejected),
            "[" + money.map { Self.quoted($0.column) }.joined(separator: ",") + "]",
            "[" + money.map { Self.quoted($0.currency) }.joined(separator: ",") + "]",
            Self.decimals(money.map(\.read)), Self.decimals(money.map(\.loaded)),
            Self.decimals(money.map(\.filtered)), Self.decimals(money.map(\.rejected)),
            Self.escaped(destination), error.map { Self.escaped(Self.truncated($0)) } ?? "\\N",
        ]
        return fields.joined(separator: "\t") + "\n"
    }

    static func decimals(_ units: [Int128]) -> String {
        "[" + units.map { ExactDecimal(units: $0, scale: moneyScale).description }.joined(separator: ",") + "]"
    }

    /// `text` cut to at most `maxErrorBytes` bytes of UTF-8, on a character boundary, marked with `…`.
    static func truncated(_ text: String) -> String {
        guard text.utf8.count > maxErrorBytes else { return text }
        var out = ""
        var bytes = 0
        let budget = maxErrorBytes - "…".utf8.count
        for c in text {
            let n = c.utf8.count
            guard bytes + n <= budget else { break }
            out.append(c)
            bytes += n
        }
        return out + "…"
    }

    /// TabSeparated escaping of a field, the set ClickHouse itself writes (see `ClickHouseEscaping`).
    public static func escaped(_ text: String, quote: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            let letter = ClickHouseEscaping.escapeLetter(b, quote: quote)
            if letter == 0 {
                out.append(b)
            } else {
                out.append(0x5C)
                out.append(letter)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A quoted string inside an array: `'…'` with quotes and backslashes escaped.
    static func quoted(_ text: String) -> String { "'" + escaped(text, quote: true) + "'" }
}
