/// The stable identity of a finding: a 128-bit FNV-1a hash of the detector, the detection, the dimension values and
/// the event's onset, as 32 hex digits.
///
/// The same event found again by a later run (with more data, or after a crash) hashes to the same id, so that the
/// anomalies table is updated instead of growing duplicates and an alert already sent is not sent again. It is
/// computed from bytes with a fixed algorithm, never with `Hasher`, whose seed changes on every launch.
public struct FindingID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let hex: String

    public init(detector: String, series: String, key: SeriesKey, onset: Int64) {
        var h = FNV128()
        h.add(detector)
        h.add(series)
        h.add(String(key.parts.count))
        for part in key.parts {
            h.add(part.name)
            h.add(part.value)
        }
        h.add(String(onset))
        hex = h.hexDigest
    }

    /// An id read back from storage; nil unless it is 32 lowercase hex digits.
    public init?(hex: String) {
        guard hex.utf8.count == 32, hex.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { return nil }
        self.hex = hex
    }

    public var description: String { hex }

    public static func < (a: FindingID, b: FindingID) -> Bool { a.hex < b.hex }
}

/// FNV-1a over 128 bits. Each field is followed by its length and a separator, so that ("ab", "c") and ("a", "bc")
/// hash apart.
private struct FNV128 {
    private static let prime = UInt128(1) << 88 | UInt128(0x13B)
    private var state = UInt128(0x6c62_272e_07bb_0142) << 64 | UInt128(0x62b8_2175_6295_c58d)

    mutating func add(_ text: String) {
        for byte in text.utf8 { mix(byte) }
        for byte in String(text.utf8.count).utf8 { mix(byte) }
        mix(0x1F)
    }

    private mutating func mix(_ byte: UInt8) {
        state ^= UInt128(byte)
        state = state &* Self.prime
    }

    var hexDigest: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for shift in stride(from: 124, through: 0, by: -4) {
            out.append(digits[Int((state >> UInt128(shift)) & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
