/// Which rows of a column hold a value: one bit per row, 1 for a value, 0 for NULL (Arrow's convention).
///
/// A column with no NULLs carries no bitmap at all, so the common case costs nothing.
public struct Validity: Sendable, Equatable {
    public private(set) var words: [UInt64]
    public private(set) var count: Int
    public private(set) var nullCount: Int

    public init() {
        words = []
        count = 0
        nullCount = 0
    }

    /// A bitmap of `count` valid rows.
    public init(allValid count: Int) {
        words = [UInt64](repeating: ~0, count: (count + 63) / 64)
        self.count = count
        nullCount = 0
    }

    @inline(__always)
    public func isValid(_ i: Int) -> Bool {
        words[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    @inline(__always)
    public mutating func append(_ valid: Bool) {
        if count & 63 == 0 { words.append(0) }
        if valid {
            words[count >> 6] |= 1 << UInt64(count & 63)
        } else {
            nullCount += 1
        }
        count += 1
    }

    public mutating func reserveCapacity(_ n: Int) { words.reserveCapacity((n + 63) / 64) }
}
