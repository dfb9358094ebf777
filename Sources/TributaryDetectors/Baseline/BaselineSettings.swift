import TributaryCore

/// The settings every baseline detector shares (`spend_spike`, `level_shift`, `unit_cost_drift`,
/// `cache_efficiency`, `revenue_drop`); each detector sets its own defaults.
///
/// | key | type | meaning |
/// |---|---|---|
/// | `min_history` | int or `auto` | periods seen before any is judged (auto: 14 days, 48 hours, 8 weeks, 6 months) |
/// | `ignore_recent_hours` | int | recent hours not judged, since providers restate them (lesson L19) |
/// | `include_one_off` | bool | judge tax, purchases and credits too (false: their part of each value is removed) |
/// | `season` | `auto`, `none`, `daily`, `weekly`, `yearly` or int | the seasonal pattern compared with |
/// | `season_peers` | int | seasons back the seasonal median looks (4: the last 4 Tuesdays) |
/// | `window` | int or `auto` | periods in the trailing median (auto: 28 days, 24 hours, 8 weeks, 6 months) |
/// | `threshold` | number | robust deviations that make a period unusual |
/// | `direction` | `up`, `down`, `both` | which deviations alert |
/// | `adapt_after` | int or `auto` | periods after which a lasting event becomes the new normal |
/// | `close_after` | int or `auto` | ordinary periods in a row that close an event |
/// | `min_impact` | decimal | minimum cumulative impact (money for spend); 0 = not used |
/// | `min_deviation` | decimal | minimum absolute deviation of the latest period; 0 = not used |
/// | `min_percent` | decimal | minimum deviation of the latest period, in percent of expected; 0 = not used |
/// | `gate` | `and`, `or` | how the three minimums combine (also for the severities) |
/// | `high_impact`, `high_percent` | decimal | thresholds for severity `high` (default: +100 %) |
/// | `critical_impact`, `critical_percent` | decimal | thresholds for severity `critical` (default: +300 %) |
/// | `min_band_percent` | decimal | floor of the band in percent of the level, for flat series (default 1) |
public struct BaselineSettings: Sendable, Equatable {
    public var minHistory: Int?
    public var ignoreRecentHours: Int
    public var includeOneOff: Bool
    public var season: SeasonChoice
    public var seasonPeers: Int
    public var window: Int?
    public var threshold: Double
    public var direction: Direction
    public var adaptAfter: Int?
    public var closeAfter: Int?
    public var thresholds: Thresholds
    public var severities: SeverityLevels
    public var minBandPercent: ExactDecimal

    public init(
        minHistory: Int? = nil, ignoreRecentHours: Int = 48, includeOneOff: Bool = false, season: SeasonChoice = .auto,
        seasonPeers: Int = 4, window: Int? = nil, threshold: Double = 4, direction: Direction = .up,
        adaptAfter: Int? = nil, closeAfter: Int? = nil, thresholds: Thresholds = Thresholds(),
        severities: SeverityLevels = SeverityLevels(), minBandPercent: ExactDecimal = ExactDecimal(1)
    ) {
        self.minHistory = minHistory
        self.ignoreRecentHours = ignoreRecentHours
        self.includeOneOff = includeOneOff
        self.season = season
        self.seasonPeers = seasonPeers
        self.window = window
        self.threshold = threshold
        self.direction = direction
        self.adaptAfter = adaptAfter
        self.closeAfter = closeAfter
        self.thresholds = thresholds
        self.severities = severities
        self.minBandPercent = minBandPercent
    }

    /// Reads the shared keys, leaving defaults where a key is absent.
    public mutating func read(_ r: inout OptionReader) throws(DetectorOptionError) {
        try r.autoInt("min_history", into: &minHistory)
        if let v = try r.int("ignore_recent_hours") { ignoreRecentHours = v }
        if let v = try r.bool("include_one_off") { includeOneOff = v }
        if let t = r.string("season") {
            guard let s = SeasonChoice(text: t) else {
                throw .badValue(
                    detector: r.detector, key: "season", value: t,
                    expected: "auto, none, daily, weekly, yearly or a number of periods ≥ 2")
            }
            season = s
        }
        if let v = try r.int("season_peers", minimum: 1) { seasonPeers = v }
        try r.autoInt("window", minimum: 3, into: &window)
        if let v = try r.double("threshold") { threshold = v }
        if let v = try r.choice("direction", Direction.self) { direction = v }
        try r.autoInt("adapt_after", minimum: 2, into: &adaptAfter)
        try r.autoInt("close_after", minimum: 1, into: &closeAfter)
        if let v = try r.decimal("min_impact") { thresholds.minImpact = v }
        if let v = try r.decimal("min_deviation") { thresholds.minDeviation = v }
        if let v = try r.decimal("min_percent") { thresholds.minPercent = v }
        if let v = try r.choice("gate", Gate.self) { thresholds.gate = v }
        if let v = try r.decimal("high_impact") { severities.high.minImpact = v }
        if let v = try r.decimal("high_percent") { severities.high.minPercent = v }
        if let v = try r.decimal("critical_impact") { severities.critical.minImpact = v }
        if let v = try r.decimal("critical_percent") { severities.critical.minPercent = v }
        severities.high.gate = thresholds.gate
        severities.critical.gate = thresholds.gate
        if let v = try r.decimal("min_band_percent") { minBandPercent = v }
    }

    /// The engine plan for a series of `granularity`; `sustain` and `continueFactor` are the detector's rule.
    func plan(for granularity: Granularity, sustain: Int = 1, continueFactor: Double = 0.75) -> ScanPlan {
        var plan = ScanPlan(
            granularity: granularity, season: season, peers: seasonPeers, window: window, minHistory: minHistory,
            adaptAfter: adaptAfter, closeAfter: closeAfter, threshold: threshold, sustain: sustain,
            continueThreshold: threshold * continueFactor, direction: direction, thresholds: thresholds,
            severities: severities, minBandPercent: minBandPercent)
        plan.adaptAfter = max(plan.adaptAfter, plan.sustain + 1)
        return plan
    }

    var ignoreRecentSeconds: Int64 { Int64(ignoreRecentHours) * 3600 }
}
