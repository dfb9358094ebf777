import TributaryCore

/// Where every row and every unit of money of one source file went.
///
/// The run's promise: rows read = loaded + filtered + rejected, and for each declared money column the
/// amounts read = loaded + filtered + rejected, exactly, using the amounts as they were read.
public struct FileLedger: Sendable, Equatable {
    public var file: String
    public var bytes = 0
    public var rowsRead = 0
    /// Sent to the sink; loaded once the sink commits.
    public var rowsSent = 0
    public var rowsFiltered = 0
    public var rowsRejected = 0
    public var moneyRead: [Int128]
    public var moneySent: [Int128]
    public var moneyFiltered: [Int128]
    public var moneyRejected: [Int128]

    public init(file: String, moneyColumns: Int) {
        self.file = file
        let zeros = [Int128](repeating: 0, count: moneyColumns)
        moneyRead = zeros
        moneySent = zeros
        moneyFiltered = zeros
        moneyRejected = zeros
    }

    static func add(_ a: inout [Int128], _ b: [Int128]) {
        for i in a.indices where i < b.count { a[i] += b[i] }
    }

    /// True when every row and every amount is accounted for.
    public var reconciles: Bool {
        guard rowsRead == rowsSent + rowsFiltered + rowsRejected else { return false }
        return moneyRead.indices.allSatisfy {
            moneyRead[$0] == moneySent[$0] + moneyFiltered[$0] + moneyRejected[$0]
        }
    }
}
