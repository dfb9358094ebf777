/// A row that could not go on, and why: what goes to the run's rejects file.
///
/// Bad rows are data, not exceptions: the run records them and goes on, until `max_rejects` says otherwise.
public struct Reject: Sendable, Equatable {
    /// The stage that refused the row (`source`, or a transform's id).
    public var stage: String
    public var file: String
    public var line: Int
    /// The field at fault, when one is.
    public var field: String?
    public var reason: String
    /// The row as read (field → text), or the raw record when it could not be split into fields.
    public var raw: [(String, String?)]
    /// Per declared money column, the amount as read (0 when missing or unreadable), scale `Lineage.moneyScale`.
    public var money: [Int128]
    /// The currency of `money` ("" when the source has none or it could not be read).
    public var currency: String

    public init(
        stage: String, file: String, line: Int, field: String?, reason: String, raw: [(String, String?)],
        money: [Int128], currency: String = ""
    ) {
        self.stage = stage
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        self.raw = raw
        self.money = money
        self.currency = currency
    }

    /// The reject's money per column and currency, for the run's books.
    public var moneyByKey: [MoneyKey: Int128] {
        var out: [MoneyKey: Int128] = [:]
        // Nothing read, nothing to count: a reject without amounts adds no line to the books.
        for (c, units) in money.enumerated() where units != 0 {
            out[MoneyKey(column: c, currency: currency), default: 0] += units
        }
        return out
    }

    public static func == (a: Reject, b: Reject) -> Bool {
        a.stage == b.stage && a.file == b.file && a.line == b.line && a.field == b.field && a.reason == b.reason
            && a.raw.map(\.0) == b.raw.map(\.0) && a.raw.map(\.1) == b.raw.map(\.1) && a.money == b.money
            && a.currency == b.currency
    }
}

/// A row a transform refused: its index in the batch the transform received, the field and the reason.
public struct RowIssue: Sendable, Equatable {
    public var row: Int
    public var field: String?
    public var reason: String

    public init(row: Int, field: String?, reason: String) {
        self.row = row
        self.field = field
        self.reason = reason
    }
}
