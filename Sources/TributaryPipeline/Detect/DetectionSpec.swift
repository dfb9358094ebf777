import TributaryCore
import TributaryDetectors

/// One `[[detect]]` section, compiled: which series to read back from ClickHouse after the load, which detector
/// judges them, and where its alerts go.
///
///     [[detect]]
///     id = "daily-spend"                   # required; part of every finding's id
///     detector = "spend_spike"             # tributary detect --help lists them
///     table = "spend"                      # default: the sink's table
///     time_column = "charge_period_start"  # default: the table's time column
///     granularity = "day"                  # hour, day, week or month
///     value = "sum(billed_cost)"           # a ClickHouse aggregate; default per table
///     dimensions = ["provider", "x_model", "sub_account_id"]   # the series are split by these
///     group_by = ["provider", "x_model"]   # findings are reported at this level (default: all dimensions)
///     filter = "charge_category = 'Usage'" # a ClickHouse condition
///     lookback_days = 120                  # default: 21 (hour), 120 (day), 365 (week), 760 (month)
///     alerts = ["console", "jsonl", "webhook"]
///     webhook_url = "${SLACK_WEBHOOK_URL}" # a secret: never printed
///     options = { min_impact = 50, min_percent = 20, gate = "and" }
///     scope = "source"                     # the pipeline's own rows (default), or "table": every source's
///
/// Money series are split by their currency column too (`billing_currency` for `spend`), so that no series adds
/// amounts of two currencies. Every column the expressions name is checked against the table's columns when the
/// file is compiled.
public struct DetectionSpec: Sendable {
    /// What a series' values count.
    public enum Unit: Sendable, Equatable {
        /// Money; each series is in the currency its `currencyColumn` says (or in `currency`, for one-currency tables).
        case money(currencyColumn: String?, currency: String?)
        case count(String)
        case share
        case plain
    }

    public var id: String
    public var detectorName: String
    public var detector: any Detector
    public var table: String
    public var timeColumn: String
    /// The time column is a `Date` (not a `DateTime`).
    public var timeIsDate: Bool
    public var granularity: Granularity
    public var value: String
    public var dimensions: [String]
    public var groupBy: [String]
    public var filter: String?
    /// The one-off part of each value (tax, purchases, credits), left out of baselines unless a detector is told.
    public var oneOff: String?
    /// What ratio detectors divide the value by (tokens, requests).
    public var denominator: String?
    public var denominatorUnit: String?
    public var unit: Unit
    public var lookbackDays: Int
    /// The source whose rows the detection reads (`x_source`), when it reads the pipeline's own table, which
    /// other pipelines' sources may feed too (`spend`); nil with `scope = "table"`.
    public var sourceScope: String?
    public var topContributors: Int
    public var alerts: AlertTargets

    /// Where a detection's alerts go.
    public struct AlertTargets: Sendable {
        public var console = true
        /// A JSON Lines file, appended to.
        public var jsonl: String?
        public var webhook: Secret?

        public init() {}
    }

    /// All dimensions the query groups by: the configured ones and, for money split by currency, the currency.
    public var queryDimensions: [String] {
        var d = dimensions
        if case .money(let column?, _) = unit, !d.contains(column) { d.append(column) }
        return d
    }

    /// The level findings are reported at, with the currency for money.
    public var reportDimensions: [String] {
        var g = groupBy
        if case .money(let column?, _) = unit, !g.contains(column) { g.append(column) }
        return g
    }
}

/// What a `[[detect]]` section assumes for a table of the data model when it says nothing.
struct DetectionDefaults {
    var timeColumn: String
    var value: String
    var unit: DetectionSpec.Unit
    var oneOff: String?

    static func forTable(_ table: String) -> DetectionDefaults? {
        switch table {
        case "spend":
            DetectionDefaults(
                timeColumn: "charge_period_start", value: "sum(billed_cost)",
                unit: .money(currencyColumn: "billing_currency", currency: nil),
                oneOff: "sumIf(billed_cost, charge_category IN ('Tax', 'Purchase', 'Credit'))")
        case "llm_usage":
            DetectionDefaults(
                timeColumn: "period_start",
                value: "sum(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens)",
                unit: .count("tokens"), oneOff: nil)
        default: nil
        }
    }
}
