/// The expected value of the next period and the spread around it, learned from the periods before it only.
///
/// Two predictors run side by side on exact scaled integers: the median of the same slot in the last few seasons
/// (same weekday, same hour) and the median of the trailing window. Each keeps a window of its own past absolute
/// errors; the seasonal one is used when it has been clearly better (or when the season is forced), so that a
/// series without a weekly pattern, or without enough weeks yet, falls back to the trailing median. Medians resist
/// earlier anomalies, and the caller keeps unusual and acknowledged periods out altogether (`record(include:)`).
///
/// The band is the predictor's typical error (see `ErrorModel`), floored by `min_band_percent` of the expected
/// value and of the window's mean level, and by one unit, so that flat and all-zero stretches never divide by zero.
struct RobustBaseline {
    struct Setup: Sendable, Equatable {
        /// Periods per season; 0 for none.
        var season: Int
        /// Use the seasonal predictor whenever it has peers, not only when it predicts better.
        var forceSeason: Bool
        var peers: Int
        var window: Int
        var errorWindow: Int
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
    }

    static let minimumTrailing = 3

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
    private var scratch: [Int128] = []

    init(_ setup: Setup) {
        self.setup = setup
        trailing = SortedWindow(capacity: setup.window)
        trailingErrors = ErrorModel(capacity: setup.errorWindow)
        seasonalErrors = ErrorModel(capacity: setup.errorWindow)
        scratch.reserveCapacity(max(1, setup.peers))
    }

    /// What the baseline expects at `slot`; nil while the trailing window holds fewer than three periods.
    mutating func expectation(slot: Int64) -> Expectation? {
        guard trailing.count >= Self.minimumTrailing, let t = trailing.median else { return nil }
        var seasonal: Int128?
        var peerCount = 0
        if setup.season > 0 {
            scratch.removeAll(keepingCapacity: true)
            for k in 1...max(1, setup.peers) {
                let s = slot - Int64(k * setup.season)
                if s < regimeStart { break }
                if let i = index.get(s), state[i] == 0 { scratch.append(units[i]) }
            }
            if scratch.count >= 2 {
                peerCount = scratch.count
                seasonal = SortedWindow.median(of: &scratch)
            }
        }
        let level = trailing.magnitudeSum / Int128(max(1, trailing.count))
        let trailingBand = trailingErrors.band(at: t, level: level)
        let seasonalBand = seasonal.flatMap { seasonalErrors.band(at: $0, level: level) }
        var useSeasonal = false
        if let _ = seasonal {
            if setup.forceSeason {
                useSeasonal = true
            } else if let sb = seasonalBand, let tb = trailingBand {
                useSeasonal = sb * 5 < tb * 4
            }
        }
        let expected = useSeasonal ? (seasonal ?? t) : t
        var band = useSeasonal ? (seasonalBand ?? trailingBand) : trailingBand
        if let b = band {
            band = max(b, floor(SortedWindow.magnitude(expected)), floor(level), 1)
        }
        let basis: BaselineBasis =
            useSeasonal ? .seasonal(peers: peerCount, season: setup.season) : .trailing(points: trailing.count)
        return Expectation(expected: expected, band: band, basis: basis, trailing: t, seasonal: seasonal)
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
        guard include else { return i }
        trailing.push(value)
        if let e {
            let level = trailing.magnitudeSum / Int128(max(1, trailing.count))
            trailingErrors.record(SortedWindow.magnitude(value &- e.trailing), prediction: e.trailing, level: level)
            if let s = e.seasonal {
                seasonalErrors.record(SortedWindow.magnitude(value &- s), prediction: s, level: level)
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

    /// Starts a new regime at `slot`: the baseline forgets everything before it and re-admits the periods since
    /// that were left out as unusual, so that a lasting change becomes the new normal instead of alerting forever.
    mutating func startRegime(at slot: Int64) {
        regimeStart = slot
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
    }

    /// The largest magnitude stored, to check that a rescale cannot overflow.
    var largestMagnitude: Int128 {
        units.reduce(0) { max($0, SortedWindow.magnitude($1)) }
    }
}
