import TributaryCore

/// What only one kind of finding knows, for its explanation and its record.
public enum EventDetail: Sendable, Hashable {
    /// A period far from its baseline.
    case spike
    /// A lasting change of level: the baseline before, and the median of the periods since the onset.
    case shift(before: ExactDecimal, after: ExactDecimal)
    /// A dimension value that started spending: when it was first seen, its total since, and how many periods of
    /// data preceded it without it.
    case newDimension(firstSeen: Int64, total: ExactDecimal, historyPeriods: Int)
    /// A series that stopped reporting: its last period with data, that value, the periods missing so far, and how
    /// many of the `window` periods before it reported.
    case missing(lastReported: Int64?, lastValue: ExactDecimal?, missingPeriods: Int, reported: Int, window: Int)
    /// A unit cost (value per `per` units of the denominator) that moved; `impact` is then money: the change times
    /// the `quantity` used over the event.
    case unitCost(per: ExactDecimal, quantity: ExactDecimal, quantityUnit: ValueUnit, moneyUnit: ValueUnit)
    /// A cached share that fell; `impact` is the input tokens no longer served from the cache.
    case cacheShare(inputTokens: ExactDecimal)
    /// Monthly revenue below its trailing baseline.
    case revenueDrop
    /// Month-to-date spend and its forecast against a budget; `hard` when the month-to-date itself passed the hard
    /// limit.
    case budget(budget: ExactDecimal, monthToDate: ExactDecimal, forecast: ExactDecimal, month: Int64, hard: Bool)
}
