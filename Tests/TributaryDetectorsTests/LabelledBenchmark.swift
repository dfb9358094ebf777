import Foundation
import TributaryCore

@testable import TributaryDetectors

/// Labelled synthetic series in the manner of public anomaly benchmarks (NAB, Yahoo S5): scales from cents to
/// millions, 5-minute to daily spacing, trends, daily and weekly cycles, Gaussian, heavy-tailed, proportional and
/// count noise, stuck (flat) stretches that are not anomalies, and planted spikes, dips and level shifts.
enum LabelledBenchmark {
    enum Kind: String, CaseIterable { case spike, dip, shift, stuck }

    struct Label {
        var kind: Kind
        var index: Int
        /// The points after `index` within which a detection counts.
        var tolerance: Int
    }

    struct Case {
        var series: Series
        var labels: [Label]
        var description: String
    }

    static func cases(count: Int, seed: UInt64) -> [Case] {
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { _ in make(&rng) }
    }

    private static func make(_ rng: inout SeededRandom) -> Case {
        let spacing: Int64 = [300, 3600, 86400][Int(rng.next() % 3)]
        let perDay = Int(86400 / spacing)
        let n = spacing == 86400 ? 730 : (spacing == 3600 ? 2000 : 4000)
        let scale = pow(10, rng.uniform() * 7 - 2)
        let trend = (rng.uniform() - 0.5) * 1.0
        let dailyAmplitude = perDay > 1 ? rng.uniform() * 0.5 : 0
        let weeklyAmplitude = rng.uniform() < 0.5 ? rng.uniform() * 0.4 : 0
        let noiseKind = Int(rng.next() % 4)
        let noise = 0.03 + rng.uniform() * 0.07
        var level = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let day = Double(i) / Double(perDay)
            let daily = dailyAmplitude * sin(2 * .pi * Double(i % max(1, perDay)) / Double(max(1, perDay)))
            let weekly = weeklyAmplitude * (Int(day) % 7 >= 5 ? -1 : 0.4)
            level[i] = 1 + trend * Double(i) / Double(n) + daily + weekly
        }
        var values = level
        for i in 0..<n {
            switch noiseKind {
            case 0: values[i] += noise * rng.gaussian()
            case 1: values[i] *= 1 + noise * rng.gaussian()
            case 2:
                // Student-t with 3 degrees of freedom, scaled to the same spread.
                let z = rng.gaussian()
                let chi =
                    (rng.gaussian() * rng.gaussian() + rng.gaussian() * rng.gaussian() + rng.gaussian() * rng.gaussian())
                    / 3
                values[i] += noise * 0.6 * z / max(0.2, abs(chi)).squareRoot()
            default: break
            }
        }
        let counts = noiseKind == 3
        let countLevel = 5 + rng.uniform() * 200
        // Counts are whole numbers, as event counts are.
        if counts {
            for i in 0..<n { values[i] = poisson(max(0.1, level[i]) * countLevel, &rng) }
        }
        var labels: [Label] = []
        // A stuck stretch (a flat line): labelled, since a stuck sensor is one, but not counted for recall.
        if rng.uniform() < 0.3 {
            let at = n / 3 + Int(rng.next() % UInt64(n / 6))
            for i in at..<min(n, at + n / 20) { values[i] = values[at] }
            labels.append(Label(kind: .stuck, index: at, tolerance: n / 20 + 12))
        }
        let sigma = counts ? countLevel.squareRoot() * 1.2 : noise
        var at = n / 2 + Int(rng.next() % UInt64(n / 10))
        while at < n - 40 {
            let kind = [Kind.spike, .dip, .shift][Int(rng.next() % 3)]
            let size = (6 + rng.uniform() * 6) * sigma
            switch kind {
            case .spike: values[at] += size
            case .dip: values[at] -= size
            case .shift, .stuck:
                let sign: Double = rng.uniform() < 0.5 ? -1 : 1
                for i in at..<min(n, at + n / 10) { values[i] += sign * size * 0.7 }
            }
            labels.append(Label(kind: kind, index: at, tolerance: kind == .shift ? 12 : 3))
            at += n / 8 + Int(rng.next() % UInt64(n / 10))
        }
        let start: Int64 = 1_704_067_200
        let series = Series(
            name: "bench", granularity: .every(seconds: spacing, phase: start),
            timestamps: (0..<n).map { start + Int64($0) * spacing },
            values: values.map {
                counts ? ExactDecimal(Int64($0)) : ExactDecimal(units: Int128(($0 * scale * 1e4).rounded()), scale: 4)
            })
        return Case(
            series: reinfer(series), labels: labels,
            description: "spacing \(spacing) s, noise \(noiseKind), scale \(counts ? countLevel : scale)")
    }

    /// The granularity the offline command would infer.
    private static func reinfer(_ s: Series) -> Series {
        var copy = s
        copy.granularity = Granularity.inferred(from: s.timestamps) ?? s.granularity
        return copy
    }

    private static func poisson(_ lambda: Double, _ rng: inout SeededRandom) -> Double {
        if lambda > 30 { return max(0, (lambda + lambda.squareRoot() * rng.gaussian()).rounded()) }
        let l = exp(-lambda)
        var k = 0.0
        var p = 1.0
        repeat {
            k += 1
            p *= rng.uniform()
        } while p > l
        return k - 1
    }

    struct Score: CustomStringConvertible {
        var found = 0
        var labelled = 0
        var falseEvents = 0
        var events = 0
        var recall: Double { labelled == 0 ? 1 : Double(found) / Double(labelled) }
        var description: String {
            "found \(found) of \(labelled) (\(Int((recall * 100).rounded())) %), \(falseEvents) false events"
        }
    }

    /// Event-level scoring: a label is found when a point within its tolerance scores ≥ 0.5; an alerting run of
    /// points that touches no label's window is one false event.
    static func score(_ detector: any Detector, _ cases: [Case], kinds: Set<Kind>) -> Score {
        var total = Score()
        for c in cases {
            let scores = detector.analyze([c.series], now: nil).scores[0]
            let mine = c.labels.filter { kinds.contains($0.kind) }
            total.labelled += mine.count
            for l in mine
            where (l.index...min(scores.count - 1, l.index + l.tolerance)).contains(where: { scores[$0] >= 0.5 }) {
                total.found += 1
            }
            var i = 0
            while i < scores.count {
                guard scores[i] >= 0.5 else {
                    i += 1
                    continue
                }
                var j = i
                while j + 1 < scores.count, scores[j + 1] >= 0.5 || (j + 2 < scores.count && scores[j + 2] >= 0.5) {
                    j += 1
                }
                total.events += 1
                let explained = c.labels.contains { l in
                    let windowEnd =
                        l.kind == .shift ? l.index + c.series.count / 10 + l.tolerance : l.index + l.tolerance
                    return i <= windowEnd && j >= l.index
                }
                if !explained { total.falseEvents += 1 }
                i = j + 1
            }
        }
        return total
    }
}
