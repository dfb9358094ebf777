import TributaryCore

/// Where every row and every unit of money of one source file went.
///
/// The run's promise: rows read = loaded + filtered + rejected, and for each declared money column, in each
/// currency, the amounts read = loaded + filtered + rejected, exactly, using the amounts as they were read.
public struct FileLedger: Sendable, Equatable {
    /// One money column's amounts in one currency.
    public struct MoneyFlow: Sendable, Equatable {
        public var read: Int128 = 0
        public var sent: Int128 = 0
        public var filtered: Int128 = 0
        public var rejected: Int128 = 0

        public init() {}

        public var reconciles: Bool { read == sent + filtered + rejected }
    }

    public var file: String
    public var bytes = 0
    public var rowsRead = 0
    /// Sent to the sink; loaded once the sink commits.
    public var rowsSent = 0
    public var rowsFiltered = 0
    public var rowsRejected = 0
    /// Per money column and currency.
    public var money: [MoneyKey: MoneyFlow] = [:]
    /// How many money columns the source declares.
    public let moneyColumns: Int

    public init(file: String, moneyColumns: Int) {
        self.file = file
        self.moneyColumns = moneyColumns
    }

    mutating func add(_ totals: [MoneyKey: Int128], to flow: WritableKeyPath<MoneyFlow, Int128>) {
        for (key, units) in totals { money[key, default: MoneyFlow()][keyPath: flow] += units }
    }

    /// The money keys in a stable order: by column, then currency.
    public var moneyKeys: [MoneyKey] { money.keys.sorted() }

    /// True when every row and every amount is accounted for.
    public var reconciles: Bool {
        guard rowsRead == rowsSent + rowsFiltered + rowsRejected else { return false }
        return money.values.allSatisfy(\.reconciles)
    }
}
