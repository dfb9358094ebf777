/// What a series' values count, so that explanations print `$812.40`, `1.2M tokens` or `62 %` and so that money
/// gates only apply to money.
public enum ValueUnit: Sendable, Hashable {
    /// An amount of money in an ISO 4217 currency (`USD`).
    case money(currency: String)
    /// A count of something (`tokens`, `requests`).
    case count(String)
    /// A share between 0 and 1, printed as a percentage.
    case share
    /// A plain number without a unit (offline series).
    case plain

    public var isMoney: Bool {
        if case .money = self { return true }
        return false
    }
}
