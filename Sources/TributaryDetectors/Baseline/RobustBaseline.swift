/// The expected value of the next period and the spread around it, learned from the periods before it only.
///
/// Predictors run side by side on exact scaled integers: the median of the trailing window, and the median of the
/// same slot in the last few seasons (same weekday, same hour), for up to two seasons (a day and a week of hours).
/// Each keeps its own past errors; a seasonal one is used when it has been clearly better (a fifth smaller errors,
/// over every period including unusual ones; or whenever it has peers, when the season is forced), so that a series
/// without a pattern, or without enough weeks yet, falls back to the trailing median. Medians resist earlier anomalies, and the caller keeps unusual and acknowledged
/// periods out altogether (`record(include:)`).
///
/// The band is the predictor's typical error (see `ErrorModel`), floored by `min_band_percent` of the expected
/// value and of the window's mean level, and by one unit, so that flat and all-zero stretches never divide by zero.
struct RobustBaseline {
    struct Setup: Sendable, Equatable {
        /// Periods per season; 0 for none.
        var season: Int
        /// A longer season (a week of hours) tried beside `season`; 0 for none.
        var longSeason: Int = 0
        /// Use the seasonal predictor whenever it has peers, not only when it predicts better.
        var forceSeason: Bool
        var peers: Int
        var window: Int
        var errorWindow: Int
        /// Errors a predictor needs before it gives a band (see `ErrorModel`).
        var minimumErrors: Int = 10
        /// The floor of the band in percent of the level, as a fraction `numerator / denominator`.
        var floorNumerator: Int128
        var floorDenominator: Int128
    }

    /// An expected value with its band, in the caller's scaled units.
    struct Expectation {
        var expected: Int128
        /// The robust typical absolute error, floored; nil until enough errors have been seen.
        var band: Int128?
        var basis: BaselineBasis
        var trailing: Int128
        var seasonal: Int128?
        var longSeasonal: Int128?
    }

    static let minimumTrailing = 3
    /// ln(0.8): how much smaller a season's typical error must be to be preferred.
    static let clearlyBetter = -0.223

    let setup: Setup
    private(set) var units: [Int128] = []
    private(set) var slots: [Int64] = []
    /// 0 included; 1 left out as unusual (re-admitted when a new regime starts); 2 left out for good.
    private var state: [UInt8] = []
    private var index = SlotIndex()
    private(set) var regimeStart = Int64.min
    private var trailing: SortedWindow
    private var trailingErrors: ErrorModel
    private var seasonalErrors: ErrorModel
    private var longSeasonalErrors: ErrorModel
    private var scratch: [Int128] = []

    init(_ setup: Setup) {
        self.setup = setup
        trailing = SortedWindow(capacity: setup.window)
        trailingErrors = ErrorModel(capacity: setup.errorWindow, minimumErrors: setup.minimumErrors)
        seasonalErrors = ErrorModel(capacity: setup.errorWindow, minimumErrors: setup.minimumErrors)
        longSeasonalErrors = ErrorModel(capacity: setup.errorWindow, minimumErrors: setup.minimumErrors)
        scratch.reserveCapacity(max(1, setup.peers))
    }

    /// What the baseline expects at `slot`; nil while the trailing window holds fewer than three periods.
    mutating func expectation(slot: Int64) -> Expectation? {
        guard trailing.count >= Self.minimumTrailing, let t = trailing.median else { return nil }
        let level = trailing.magnitudeSum / Int128(max(1, trailing.count))
        var expected = t
        var band = trailingErrors.band(at: t, level: level)
        var basis = BaselineBasis.trailing(points: trailing.count)
        let short = seasonalMedian(slot: slot, season: setup.season)
        let long = seasonalMedian(slot: slot, season: setup.longSeason)
        // The trailing median unless a season has predicted clearly better (its errors a fifth smaller, in the
        // running log mean over all periods); the forced season whenever it has peers.
        var chosen = trailingErrors.selection
        func choose(_ p: Int128, _ peers: Int, _ season: Int, _ errors: ErrorModel, forced: Bool) {
            let seen =
                errors.observed >= 2 * errors.minimumErrors
                && trailingErrors.observed >= 2 * trailingErrors.minimumErrors
            guard forced || (seen && errors.selection < chosen + Self.clearlyBetter) else { return }
            guard let b = errors.band(at: p, level: level) ?? (forced ? band : nil) else { return }
            expected = p
            band = b
            chosen = errors.selection
            basis = .seasonal(peers: peers, season: season)
        }
        if let (p, peers) = short { choose(p, peers, setup.season, seasonalErrors, forced: setup.forceSeason) }
        if let (p, peers) = long { choose(p, peers, setup.longSeason, longSeasonalErrors, forced: false) }
        if let b = band {
            band = max(b, floor(SortedWindow.magnitude(expected)), floor(level), 1)
        }
        return Expectation(
            expected: expected, band: band, basis: basis, trailing: t, seasonal: short?.0, longSeasonal: long?.0)
    }

    /// The median of the same slot in the last `peers` seasons of `season` periods, with how many there were; nil for
    /// fewer than two. Seasons reach back past a new regime: after one, a season is not used until it has predicted
    /// well again (see `startRegime`), which it does once its peers are of the new level, or at once if the "new
    /// regime" was only a pattern of a longer season (a quiet Saturday under a daily season).
    private mutating func seasonalMedian(slot: Int64, season: Int) -> (Int128, Int)? {
        guard season > 0 else { return nil }
        scratch.removeAll(keepingCapacity: true)
        for k in 1...max(1, setup.peers) {
            if let i = index.get(slot - Int64(k * season)), state[i] == 0 { scratch.append(units[i]) }
        }
        guard scratch.count >= 2, let m = SortedWindow.median(of: &scratch) else { return nil }
        return (m, scratch.count)
    }

    private func floor(_ level: Int128) -> Int128 {
        let (p, overflow) = level.multipliedReportingOverflow(by: setup.floorNumerator)
        return overflow ? level / setup.floorDenominator * setup.floorNumerator : p / setup.floorDenominator
    }

    /// Appends a period. `include` puts it into the windows it is later judged against; `permanent` marks an
    /// exclusion that a new regime does not undo (acknowledged periods). Its prediction errors enter the error
    /// windows only when it is included.
    @discardableResult
    mutating func record(slot: Int64, units value: Int128, include: Bool, permanent: Bool, _ e: Expectation?) -> Int {
        let i = units.count
        units.append(value)
        slots.append(slot)
        state.append(include ? 0 : (permanent ? 2 : 1))
        index.set(slot, i)
        if let e {
            let floor = max(1, (trailing.magnitudeSum / Int128(max(1, trailing.count))).approximateDouble / 1000)
            trailingErrors.observe(SortedWindow.magnitude(value &- e.trailing), floor: floor)
            if let s = e.seasonal { seasonalErrors.observe(SortedWindow.magnitude(value &- s), floor: floor) }
            if let s = e.longSeasonal { longSeasonalErrors.observe(SortedWindow.magnitude(value &- s), floor: floor) }
        }
        guard include else { return i }
        trailing.push(value)
        if let e {
            let level = trailing.magnitudeSum / Int128(max(1, trailing.count))
            trailingErrors.record(SortedWindow.magnitude(value &- e.trailing), prediction: e.trailing, level: level)
            if let s = e.seasonal {
                seasonalErrors.record(SortedWindow.magnitude(value &- s), prediction: s, level: level)
            }
            if let s = e.longSeasonal {
                longSeasonalErrors.record(SortedWindow.magnitude(value &- s), prediction: s, level: level)
            }
        }
        return i
    }

    /// Leaves recorded points out after the fact: the first periods of a sustained shift, found only once it lasted.
    mutating func exclude(_ recorded: [Int]) {
        guard !recorded.isEmpty else { return }
        for i in recorded where state[i] == 0 { state[i] = 1 }
        rebuildTrailing()
    }

    /// Starts a new regime at `slot`: the trailing window forgets everything before it, the periods since that were
    /// left out as unusual are re-admitted, and the seasons must prove themselves again, so that a lasting change
    /// becomes the new normal instead of alerting forever.
    mutating func startRegime(at slot: Int64) {
        regimeStart = slot
        seasonalErrors.resetSelection()
        longSeasonalErrors.resetSelection()
        var i = slots.count - 1
        while i >= 0, slots[i] >= slot {
            if state[i] == 1 { state[i] = 0 }
            i -= 1
        }
        rebuildTrailing()
    }

    private mutating func rebuildTrailing() {
        var kept: [Int128] = []
        var i = units.count - 1
        while i >= 0, kept.count < setup.window, slots[i] >= regimeStart {
            if state[i] == 0 { kept.append(units[i]) }
            i -= 1
        }
        trailing.removeAll()
        for v in kept.reversed() { trailing.push(v) }
    }

    /// Every stored amount multiplied by `factor`, when a value with more decimals arrives.
    mutating func rescale(by factor: Int128) {
        for i in units.indices { units[i] &*= factor }
        trailing.rescale(by: factor)
        trailingErrors.rescale(by: factor)
        seasonalErrors.rescale(by: factor)
        longSeasonalErrors.rescale(by: factor)
    }

    /// The largest magnitude stored, to check that a rescale cannot overflow.
    var largestMagnitude: Int128 {
        units.reduce(0) { max($0, SortedWindow.magnitude($1)) }
    }
}
