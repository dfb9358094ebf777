/// The last `capacity` values pushed, kept sorted, so that a rolling median is a lookup and an update moves a few
/// machine words instead of sorting: the inner loop of every baseline.
///
/// Values are the scaled integer units of `ExactDecimal`s, so medians stay exact. It also keeps the sum of their
/// magnitudes, for the mean-absolute floor of a baseline's band.
struct SortedWindow {
    let capacity: Int
    private(set) var sorted: [Int128] = []
    private var ring: [Int128] = []
    private var head = 0
    private(set) var magnitudeSum: Int128 = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        sorted.reserveCapacity(self.capacity)
        ring.reserveCapacity(self.capacity)
    }

    var count: Int { sorted.count }
    var isEmpty: Bool { sorted.isEmpty }

    /// Adds `value`, dropping the oldest value when full. When full, the values between the old one's place and
    /// the new one's move by one, in place: no allocation, one memmove.
    mutating func push(_ value: Int128) {
        magnitudeSum &+= Self.magnitude(value)
        guard ring.count == capacity else {
            ring.append(value)
            sorted.insert(value, at: insertionIndex(value))
            return
        }
        let old = ring[head]
        ring[head] = value
        head = head + 1 == capacity ? 0 : head + 1
        magnitudeSum &-= Self.magnitude(old)
        let from = insertionIndex(old)
        let to = insertionIndex(value)
        sorted.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return }
            // Close the old value's place and open the new one's: one overlapping move of the values between.
            if to > from + 1 {
                (base + from).update(from: base + from + 1, count: to - 1 - from)
                base[to - 1] = value
            } else if to <= from {
                (base + to + 1).update(from: base + to, count: from - to)
                base[to] = value
            } else {
                base[from] = value
            }
        }
    }

    /// The index of the first element ≥ `value`.
    private func insertionIndex(_ value: Int128) -> Int {
        sorted.withUnsafeBufferPointer { b in
            var lo = 0
            var hi = b.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if b[mid] < value { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }

    /// The median, exact when the values are even multiples of the unit (the baseline keeps them so); nil when
    /// empty.
    var median: Int128? {
        guard !sorted.isEmpty else { return nil }
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    mutating func removeAll() {
        sorted.removeAll(keepingCapacity: true)
        ring.removeAll(keepingCapacity: true)
        head = 0
        magnitudeSum = 0
    }

    /// Every value multiplied by `factor` (a power of ten), when the series' scale grows.
    mutating func rescale(by factor: Int128) {
        for i in sorted.indices { sorted[i] &*= factor }
        for i in ring.indices { ring[i] &*= factor }
        magnitudeSum &*= factor
    }

    @inline(__always)
    static func magnitude(_ v: Int128) -> Int128 { v == .min ? .max : (v < 0 ? -v : v) }

    /// The median of a few values, sorting `scratch` in place (insertion sort: peers are a handful).
    static func median(of scratch: inout [Int128]) -> Int128? {
        let n = scratch.count
        guard n > 0 else { return nil }
        if n > 1 {
            for i in 1..<n {
                let v = scratch[i]
                var j = i - 1
                while j >= 0, scratch[j] > v {
                    scratch[j + 1] = scratch[j]
                    j -= 1
                }
                scratch[j + 1] = v
            }
        }
        return n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2
    }
}
