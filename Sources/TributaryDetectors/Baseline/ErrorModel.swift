import Foundation

/// A predictor's recent errors, and the band they give at a new prediction.
///
/// Errors are kept twice: as they are, and relative to the level they were made at. Spend varies in proportion to
/// its level (a busy Monday varies more than a quiet Sunday), many other series by a constant amount, and pooling
/// the wrong way would call every busy Monday unusual or miss every quiet Sunday. Each new error scores both
/// readings by how far (in log terms) it fell from the band each predicted, and the reading with the smaller
/// running score is used: the one under which errors look alike. Until both have enough errors, the larger reading
/// is used, which is the quieter choice.
///
/// A reading is the largest of the median error and the 80th and 90th percentile errors brought to the median's
/// scale under a normal law (× 0.6745 / 1.2816 and × 0.6745 / 1.6449), so that sparse or discrete series, whose
/// median error is zero, still get an honest spread.
struct ErrorModel {
    /// Errors needed before a reading is made: fewer for long periods, where a year holds only twelve.
    let minimumErrors: Int
    static let relativeScale = 1_000_000.0
    /// The weight of the newest error in the running scores.
    static let decay = 1.0 / 64

    private var absolute: SortedWindow
    /// Errors in millionths of the level they were made at.
    private var relative: SortedWindow
    private var absoluteScore = 0.0
    private var relativeScore = 0.0
    private var scored = 0
    /// The running mean of ln(error + floor) over every period the predictor was tried on, unusual ones included:
    /// what predictors are compared by. The windows cannot be, since they keep only the periods judged ordinary, and a
    /// predictor that calls every Saturday unusual would look perfect by its own ordinary periods.
    private(set) var selection = 0.0
    private(set) var observed = 0
    /// The readings of the windows as they are, updated on every `record`.
    private var typicalAbsolute: Int128?
    private var typicalRelative: Int128?

    init(capacity: Int, minimumErrors: Int) {
        self.minimumErrors = max(3, minimumErrors)
        absolute = SortedWindow(capacity: capacity)
        relative = SortedWindow(capacity: capacity)
    }

    /// The band at `prediction`, where the window's mean level is `level`; nil until enough errors were seen.
    func band(at prediction: Int128, level: Int128) -> Int128? {
        guard let a = typicalAbsolute else { return nil }
        guard let r = typicalRelative else { return a }
        let b = Self.scaled(r, Self.base(prediction, level))
        guard scored >= 2 * minimumErrors else { return max(a, b) }
        return relativeScore < absoluteScore ? b : a
    }

    /// Counts the error of any period towards `selection`.
    mutating func observe(_ error: Int128, floor: Double) {
        let x = log(error.approximateDouble + floor)
        selection = observed == 0 ? x : selection + Self.decay * (x - selection)
        observed += 1
    }

    /// Forgets how well the predictor did, after a change of regime.
    mutating func resetSelection() {
        selection = 0
        observed = 0
    }

    /// Adds the error `error` (a magnitude) of a prediction `prediction` of an ordinary period.
    mutating func record(_ error: Int128, prediction: Int128, level: Int128) {
        let base = Self.base(prediction, level)
        if let a = typicalAbsolute, let r = typicalRelative {
            let e = error.approximateDouble
            let floor = max(1, a.approximateDouble * 0.1)
            absoluteScore += Self.decay * (abs(log((e + floor) / (a.approximateDouble + floor))) - absoluteScore)
            let rb = Self.scaled(r, base).approximateDouble
            relativeScore += Self.decay * (abs(log((e + floor) / (rb + floor))) - relativeScore)
            scored += 1
        }
        absolute.push(error)
        relative.push(Self.integer(error.approximateDouble / base.approximateDouble * Self.relativeScale))
        typicalAbsolute = typical(absolute)
        typicalRelative = typical(relative)
    }

    /// Every absolute error multiplied by `factor` (relative ones are ratios and stay).
    mutating func rescale(by factor: Int128) {
        absolute.rescale(by: factor)
        typicalAbsolute = typical(absolute)
    }

    /// The level an error is relative to: the prediction, or half the window's mean level when the prediction is
    /// near zero, so that errors around zero do not explode.
    private static func base(_ prediction: Int128, _ level: Int128) -> Int128 {
        max(SortedWindow.magnitude(prediction), level / 2, 1)
    }

    private static func scaled(_ relative: Int128, _ base: Int128) -> Int128 {
        integer(relative.approximateDouble * base.approximateDouble / relativeScale)
    }

    /// A non-negative Double as a whole number of units (statistics only: bands are spreads, not amounts).
    private static func integer(_ d: Double) -> Int128 {
        guard d.isFinite, d > 0 else { return 0 }
        if d < 9.2e18 { return Int128(Int64(d)) }
        return d < 1.7e38 ? Int128(d) : Int128.max
    }

    private func typical(_ window: SortedWindow) -> Int128? {
        guard window.count >= minimumErrors, let median = window.median else { return nil }
        let n = window.count
        let q80 = window.sorted[min(n - 1, n * 8 / 10)]
        let q90 = window.sorted[min(n - 1, n * 9 / 10)]
        return max(median, Self.integer(q80.approximateDouble * 0.5263), Self.integer(q90.approximateDouble * 0.4101))
    }
}
