import Testing

@testable import TributaryDetectors

struct SortedWindowTests {
    /// Against a plain array kept sorted the slow way, over random pushes with many repeats.
    @Test(arguments: [1, 2, 7, 28, 112])
    func matchesANaiveWindow(_ capacity: Int) {
        var rng = SeededRandom(seed: UInt64(capacity))
        var window = SortedWindow(capacity: capacity)
        var naive: [Int128] = []
        for _ in 0..<2000 {
            let v = Int128(Int64(rng.next() % 50)) - 25
            window.push(v)
            naive.append(v)
            if naive.count > capacity { naive.removeFirst() }
            #expect(window.sorted == naive.sorted())
            #expect(window.magnitudeSum == naive.reduce(0) { $0 + ($1 < 0 ? -$1 : $1) })
        }
        let s = naive.sorted()
        let median = s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        #expect(window.median == median)
    }

    @Test func theMedianOfAFewValuesIsExact() {
        var values: [Int128] = [400, 100, 300, 200]
        #expect(SortedWindow.median(of: &values) == 250)
        var one: [Int128] = [7]
        #expect(SortedWindow.median(of: &one) == 7)
        var none: [Int128] = []
        #expect(SortedWindow.median(of: &none) == nil)
    }

    @Test func int128ConvertsToTheNearestDouble() {
        for v: Int128 in [
            0, 1, -1, 1 << 62, -(1 << 62), 1 << 64, -(1 << 64) - 1, Int128(Int64.max) * 1000, -(Int128(1) << 100),
        ] {
            let exact = Double(v)
            #expect(abs(v.approximateDouble - exact) <= abs(exact) * 1e-15)
        }
    }
}
