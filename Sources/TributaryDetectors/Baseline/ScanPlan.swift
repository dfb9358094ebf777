import TributaryCore

/// Everything `DeviationScan` needs, with every `auto` resolved for one granularity: what the baseline detectors
/// (`spend_spike`, `level_shift`, `unit_cost_drift`, `cache_efficiency`, `revenue_drop`) hand the shared engine.
struct ScanPlan: Sendable, Equatable {
    var baseline: RobustBaseline.Setup
    /// Robust deviations (actual − expected over 1.4826 × band) that make a period unusual.
    var threshold: Double
    /// 1 judges each period alone (spikes); n ≥ 2 needs n consecutive unusual periods on the same side (shifts).
    var sustain: Int
    /// The deviation that keeps an open event going (the threshold for spikes, less for shifts).
    var continueThreshold: Double
    var direction: Direction
    /// Periods seen before any is judged.
    var minHistory: Int
    /// An event that lasts this many periods becomes the new normal: the baseline restarts at its onset.
    var adaptAfter: Int
    /// Ordinary periods in a row that close an event.
    var closeAfter: Int
    var thresholds: Thresholds
    var severities: SeverityLevels

    /// Defaults by granularity for the knobs a configuration leaves on `auto`.
    struct Defaults {
        var window: Int
        var minHistory: Int
        var adaptAfter: Int
        var closeAfter: Int
        var errorWindow: Int
        /// A year of months holds twelve periods: waiting for ten errors there would judge nothing before the
        /// second year, so longer periods make do with fewer (whose largest then sets the band, see `ErrorModel`).
        var minimumErrors = 10

        init(_ g: Granularity, season: Int) {
            switch g {
            case .day:
                self.init(window: 28, minHistory: 14, adaptAfter: 7, closeAfter: 1, errorWindow: 112)
            case .hour:
                self.init(window: 24, minHistory: 48, adaptAfter: 24, closeAfter: 2, errorWindow: 168)
            case .week:
                self.init(window: 8, minHistory: 8, adaptAfter: 4, closeAfter: 1, errorWindow: 26)
                minimumErrors = 8
            case .month:
                self.init(window: 6, minHistory: 6, adaptAfter: 3, closeAfter: 1, errorWindow: 24)
                minimumErrors = 5
            case .every:
                let daily = max(season, 48)
                self.init(
                    window: 24, minHistory: min(max(48, daily), 576), adaptAfter: 24, closeAfter: 3,
                    errorWindow: min(max(168, daily), 288))
            }
        }

        init(window: Int, minHistory: Int, adaptAfter: Int, closeAfter: Int, errorWindow: Int) {
            self.window = window
            self.minHistory = minHistory
            self.adaptAfter = adaptAfter
            self.closeAfter = closeAfter
            self.errorWindow = errorWindow
        }
    }

    /// A plan from the keys every baseline detector shares; nil fields take the granularity's default.
    init(
        granularity: Granularity, season: SeasonChoice, peers: Int, window: Int?, minHistory: Int?,
        adaptAfter: Int?, closeAfter: Int?, threshold: Double, sustain: Int, continueThreshold: Double,
        direction: Direction, thresholds: Thresholds, severities: SeverityLevels, minBandPercent: ExactDecimal
    ) {
        let (seasonPeriods, forced) = season.resolved(for: granularity)
        // Below a day, a week of the daily season is tried too (hours, 5-minute metrics), unless one was chosen.
        let daily = granularity.naturalSeason.map { Int64($0) * granularity.nominalSeconds == 86400 } ?? false
        let longSeason = season == .auto && daily ? seasonPeriods * 7 : 0
        let d = Defaults(granularity, season: seasonPeriods)
        let band = minBandPercent.magnitude
        baseline = RobustBaseline.Setup(
            season: seasonPeriods, longSeason: longSeason, forceSeason: forced, peers: max(1, peers),
            window: max(3, window ?? d.window),
            errorWindow: d.errorWindow, minimumErrors: d.minimumErrors, floorNumerator: band.units,
            floorDenominator: 100 * (ExactDecimal.powersOfTen[min(band.scale, 36)]))
        self.threshold = threshold
        self.sustain = max(1, sustain)
        self.continueThreshold = continueThreshold
        self.direction = direction
        self.minHistory = max(0, minHistory ?? d.minHistory)
        self.adaptAfter = max(2, adaptAfter ?? d.adaptAfter)
        self.closeAfter = max(1, closeAfter ?? d.closeAfter)
        self.thresholds = thresholds
        self.severities = severities
    }
}
