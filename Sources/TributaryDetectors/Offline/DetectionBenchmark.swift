import Dispatch
import TributaryCore

/// The detection speed check of the issue: `series` daily spend series of `days` points (weekly pattern, noise, a
/// few planted spikes), run through a detector, timed. No executable needed: `make bench` (or
/// `tributary detect --benchmark`) calls `run` on a release build and prints the report; no test asserts a time.
public enum DetectionBenchmark {
    public struct Report: Sendable, CustomStringConvertible {
        public var detector: String
        public var series: Int
        public var points: Int
        public var events: Int
        /// Wall-clock seconds of `analyze` alone (the synthetic data is built before the clock starts).
        public var seconds: Double

        public var description: String {
            let tenths = seconds > 0 ? Int((Double(points) / seconds / 1e5).rounded()) : 0
            return "\(detector): \(series) series × \(points / max(1, series)) points in "
                + "\(Int((seconds * 1000).rounded())) ms (\(tenths / 10).\(tenths % 10) M points/s), \(events) events"
        }
    }

    /// Times `detector` (spend_spike by default) over freshly generated series; best of `repeats` runs.
    public static func run(
        detector: any Detector = SpendSpikeDetector(), series: Int = 1000, days: Int = 365, repeats: Int = 3,
        seed: UInt64 = 42
    ) -> Report {
        let data = syntheticDaily(series: series, days: days, seed: seed)
        var best = Double.infinity
        var events = 0
        for _ in 0..<max(1, repeats) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let result = detector.analyze(data, now: nil)
            let t1 = DispatchTime.now().uptimeNanoseconds
            best = min(best, Double(t1 - t0) / 1e9)
            events = result.events.count
        }
        return Report(detector: detector.kind, series: series, points: series * days, events: events, seconds: best)
    }

    /// Daily series from 2024-01-01 with levels from $1 to $10,000, a weekday/weekend pattern, 8 % noise and a
    /// spike every few hundred days.
    static func syntheticDaily(series: Int, days: Int, seed: UInt64) -> [Series] {
        var rng = SeededRandom(seed: seed)
        let start = CivilTime.days(year: 2024, month: 1, day: 1) * 86400
        let weekly: [Double] = [1.15, 1.2, 1.15, 1.1, 1.05, 0.6, 0.55]
        var out: [Series] = []
        out.reserveCapacity(series)
        for k in 0..<series {
            let level = 1 + rng.uniform() * 10_000
            var values: [ExactDecimal] = []
            values.reserveCapacity(days)
            for d in 0..<days {
                // 2024-01-01 was a Monday.
                var v = level * weekly[d % 7] * (1 + 0.08 * rng.normal())
                if rng.uniform() < 0.003 { v *= 3 }
                values.append(ExactDecimal(units: Int128(max(0, v * 100).rounded()), scale: 2))
            }
            out.append(
                Series(
                    name: "bench", key: SeriesKey([SeriesKey.Part("account", "a\(k)")]), granularity: .day,
                    unit: .money(currency: "USD"), timestamps: (0..<days).map { start + Int64($0) * 86400 },
                    values: values))
        }
        return out
    }
}
