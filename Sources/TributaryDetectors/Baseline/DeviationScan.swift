import TributaryCore

/// The engine of the baseline detectors: one causal pass over a series that judges each period against the
/// `RobustBaseline` of the periods before it, scores it, and groups unusual periods into events.
///
/// Causal by construction: the state after point i depends on points 0…i only, so that appending points never
/// changes an earlier score, and `detect` (events up to "now") and the offline scores agree. Values are held as
/// integers at the series' scale plus two digits, so that medians of two values and their errors stay exact; the
/// scale grows (and the state is rescaled) when a value with more decimals arrives.
///
/// Per judged period: the deviation z = (actual − expected) / (1.4826 × band); for whole-number series (counts)
/// the band is at least the Poisson spread of the expected count. A period is unusual when |z| reaches
/// the threshold (for `sustain` n ≥ 2, when the last n periods all did, on one side). Unusual periods, in either
/// direction, are kept out of the baseline. They form a run; the run alerts from the first period whose direction
/// is allowed and whose cumulative impact and percentage pass the gate. A run closes after `close_after`
/// ordinary periods, when it reverses, or after `adapt_after` periods, when it becomes the new normal.
struct DeviationScan {
    let plan: ScanPlan
    private var baseline: RobustBaseline
    private var scale = 0
    private var observed = 0
    private var run: Run?
    private var ring: [Judged] = []
    private var ringHead = 0
    private var output: ScanOutput

    /// One judged period, for sustained runs.
    private struct Judged {
        var point: Int
        var recorded: Int
        var z: Double
        var residual: Int128
    }

    private struct Run {
        var sign: Int
        var onset: Int
        var onsetSlot: Int64
        var cumulative: Int128
        var pending: Int128 = 0
        var normal = 0
        var judged: Int
        var pendingJudged = 0
        var event: ScanEvent?
    }

    private init(plan: ScanPlan, count: Int) {
        self.plan = plan
        baseline = RobustBaseline(plan.baseline)
        output = ScanOutput(
            scores: Array(repeating: 0, count: count), expected: Array(repeating: nil, count: count), events: [])
        ring.reserveCapacity(plan.sustain)
    }

    /// Scans `values` (nil where a period has no value), judging periods up to `judgeUntil` (a slot; nil for all).
    /// `acknowledged` periods are judged but never learned from.
    static func run(
        slots: [Int64], values: [ExactDecimal?], acknowledged: [Bool], plan: ScanPlan, judgeUntil: Int64? = nil
    ) -> ScanOutput {
        var scan = DeviationScan(plan: plan, count: values.count)
        for i in values.indices {
            if let limit = judgeUntil, slots[i] > limit { break }
            guard let v = values[i], let units = scan.units(of: v) else { continue }
            scan.step(
                point: i, slot: slots[i], units: units, acknowledged: acknowledged.isEmpty ? false : acknowledged[i])
        }
        scan.finish()
        return scan.output
    }

    private var internalScale: Int { scale + 2 }

    /// `v` in internal units, growing the scale first when `v` has more decimals; nil if it cannot be held.
    private mutating func units(of v: ExactDecimal) -> Int128? {
        if v.scale > scale, v.scale <= 36 {
            let factor = ExactDecimal.powersOfTen[v.scale - scale]
            let (_, overflow) = max(baseline.largestMagnitude, 1).multipliedReportingOverflow(by: factor)
            if !overflow {
                baseline.rescale(by: factor)
                run?.cumulative &*= factor
                run?.pending &*= factor
                for k in ring.indices { ring[k].residual &*= factor }
                scale = v.scale
            }
        }
        let native = v.rounded(to: scale) ?? v
        guard native.scale == scale else { return nil }
        let (u, overflow) = native.units.multipliedReportingOverflow(by: 100)
        return overflow ? nil : u
    }

    private func decimal(_ units: Int128) -> ExactDecimal { ExactDecimal(units: units, scale: internalScale) }

    private mutating func step(point i: Int, slot: Int64, units x: Int128, acknowledged: Bool) {
        observed += 1
        let e = baseline.expectation(slot: slot)
        if let e { output.expected[i] = decimal(e.expected) }
        guard let e, let learned = e.band else {
            baseline.record(slot: slot, units: x, include: !acknowledged, permanent: acknowledged, e)
            return
        }
        // Whole numbers are counts until a decimal shows up: their spread is at least a Poisson one.
        let band = scale == 0 ? max(learned, Self.countSpread(e.expected)) : learned
        let residual = x &- e.expected
        let z = residual.approximateDouble / (1.4826 * band.approximateDouble)
        guard observed > plan.minHistory else {
            // Warm-up: nothing is judged, but outliers are still kept out of what later periods are judged against.
            let outlier = abs(z) >= plan.threshold
            baseline.record(slot: slot, units: x, include: !acknowledged && !outlier, permanent: acknowledged, e)
            return
        }
        let sign = residual > 0 ? 1 : (residual < 0 ? -1 : 0)
        let continuing = run.map { $0.sign == sign && sign != 0 } ?? false
        var unusual: Bool
        var stat: Double
        var onsetRing: [Judged] = []
        if continuing {
            stat = abs(z) / plan.continueThreshold
            unusual = abs(z) >= plan.continueThreshold
        } else if plan.sustain == 1 {
            stat = abs(z) / plan.threshold
            unusual = abs(z) >= plan.threshold
        } else {
            // The earlier periods of the ring must all be on this side too; the weakest of them all decides.
            var weakest = abs(z)
            var sameSide = ring.count == plan.sustain - 1 && sign != 0
            for j in ring where sameSide {
                sameSide = (j.z > 0) == (z > 0)
                weakest = min(weakest, abs(j.z))
            }
            if !sameSide { weakest = 0 }
            stat = weakest / plan.threshold
            unusual = sameSide && weakest >= plan.threshold
            if unusual { onsetRing = ringOldestFirst() }
        }
        if !plan.direction.allows(sign) { stat = 0 }
        let recorded = baseline.record(
            slot: slot, units: x, include: !unusual && !acknowledged, permanent: acknowledged, e)
        remember(Judged(point: i, recorded: recorded, z: z, residual: residual))

        guard unusual else {
            output.scores[i] = ScoreScale.calibrated(
                min(ScoreScale.map(stat), gateScore(residual, residual, e)), alerts: false)
            if var r = run {
                r.normal += 1
                r.pending &+= residual
                r.pendingJudged += 1
                run = r
                if r.normal >= plan.closeAfter { close(.recovered) }
            }
            return
        }
        if !continuing {
            if run != nil { close(.reversed) }
            let onset = onsetRing.first?.point ?? i
            let onsetSlot = onsetRing.isEmpty ? slot : (baseline.slots[onsetRing[0].recorded])
            let earlier = onsetRing.reduce(Int128(0)) { $0 &+ $1.residual }
            run = Run(sign: sign, onset: onset, onsetSlot: onsetSlot, cumulative: earlier, judged: onsetRing.count)
            baseline.exclude(onsetRing.map(\.recorded))
        }
        guard var r = run else { return }
        r.cumulative = r.cumulative &+ r.pending &+ residual
        r.judged += r.pendingJudged + 1
        r.pending = 0
        r.pendingJudged = 0
        r.normal = 0
        let impact = decimal(r.cumulative)
        let deviation = decimal(residual)
        let expected = decimal(e.expected)
        let alerts =
            plan.direction.allows(sign)
            && plan.thresholds.passes(impact: impact, deviation: deviation, expected: expected)
        let score = ScoreScale.calibrated(
            min(ScoreScale.map(stat), gateScore(r.cumulative, residual, e)), alerts: alerts)
        output.scores[i] = score
        if alerts {
            let severity = plan.severities.severity(impact: impact, deviation: deviation, expected: expected)
            var event =
                r.event
                ?? ScanEvent(
                    onset: r.onset, start: i, lastSeen: i, closed: nil, sign: sign, impact: impact, actual: decimal(x),
                    expected: expected, band: decimal(band), basis: e.basis, severity: severity, score: score,
                    periods: 0)
            event.lastSeen = i
            event.actual = decimal(x)
            event.expected = expected
            event.band = decimal(band)
            event.basis = e.basis
            event.severity = max(event.severity, severity)
            event.score = max(event.score, score)
            r.event = event
        }
        run = r
        if slot - r.onsetSlot + 1 >= Int64(plan.adaptAfter) {
            baseline.startRegime(at: r.onsetSlot)
            close(.adapted)
        }
    }

    /// 0.6745 √λ, the median absolute deviation of a Poisson count of mean λ, in internal units (× 100).
    static func countSpread(_ expected: Int128) -> Int128 {
        let counts = abs(expected.approximateDouble) / 100
        return Int128(Int64(min(9e15, 67.45 * max(1, counts).squareRoot())))
    }

    /// The gate's score for a cumulative impact and the latest deviation, in Double.
    private func gateScore(_ cumulative: Int128, _ residual: Int128, _ e: RobustBaseline.Expectation) -> Double {
        let unit = ExactDecimal.powersOfTenDouble[internalScale]
        let expected = abs(e.expected.approximateDouble)
        let percent =
            expected == 0 ? (residual == 0 ? 0 : Double.infinity) : abs(residual.approximateDouble) / expected * 100
        return plan.thresholds.score(
            impact: cumulative.approximateDouble / unit, deviation: residual.approximateDouble / unit, percent: percent)
    }

    /// The earlier judged periods a sustained run looks back on, oldest first.
    private func ringOldestFirst() -> [Judged] {
        guard !ring.isEmpty else { return [] }
        return (0..<ring.count).map { ring[(ringHead + $0) % ring.count] }
    }

    private mutating func remember(_ j: Judged) {
        guard plan.sustain > 1 else { return }
        let capacity = plan.sustain - 1
        if ring.count < capacity {
            ring.append(j)
            ringHead = ring.count % capacity
        } else {
            ring[ringHead] = j
            ringHead = (ringHead + 1) % capacity
        }
    }

    private mutating func close(_ reason: CloseReason) {
        guard let r = run else { return }
        run = nil
        ring.removeAll(keepingCapacity: true)
        ringHead = 0
        guard var event = r.event else { return }
        event.closed = reason
        event.impact = decimal(r.cumulative)
        event.periods = r.judged
        output.events.append(event)
    }

    private mutating func finish() {
        guard let r = run, var event = r.event else { return }
        event.impact = decimal(r.cumulative)
        event.periods = r.judged
        output.events.append(event)
    }
}
