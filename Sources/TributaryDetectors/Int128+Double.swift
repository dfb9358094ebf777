extension Int128 {
    /// The nearest Double, without the standard library's generic conversion, which costs more than the rest of a
    /// baseline step: the two 64-bit halves are converted and combined (exact below 2^53, within a rounding
    /// error above).
    @inlinable
    var approximateDouble: Double {
        let low = UInt64(truncatingIfNeeded: self)
        let high = Int64(truncatingIfNeeded: self >> 64)
        if high == 0 { return Double(low) }
        if high == -1, low >= 1 << 63 { return Double(Int64(bitPattern: low)) }
        return Double(high) * 18_446_744_073_709_551_616.0 + Double(low)
    }
}
