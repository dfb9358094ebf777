import Foundation
import TributaryCore
import TributaryExtractors

/// A fresh directory under the system's temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "tributary-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `bytes` to `relative`, creating directories on the way.
    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func write(_ relative: String, _ text: String) throws { try write(relative, Array(text.utf8)) }
}

/// Everything an extractor yielded, in order, and the error that stopped it, if any.
struct Extraction {
    var events: [String] = []
    var batches: [RecordBatch] = []
    var rejects: [Reject] = []
    var error: (any Error)?

    var rows: Int { batches.reduce(0) { $0 + $1.count } }

    /// Column `name` of all batches, row after row.
    func values(_ name: String) -> [Value] {
        batches.flatMap { batch -> [Value] in
            guard let column = batch.column(named: name) else { return [] }
            return (0..<batch.count).map { column.value(at: $0) }
        }
    }

    var lines: [Int] { batches.flatMap(\.lineage.lines) }

    /// Per money column and currency, the money of batches plus rejects.
    var moneyByKey: [MoneyKey: Int128] {
        var totals: [MoneyKey: Int128] = [:]
        for batch in batches { totals.merge(batch.lineage.moneyTotals(), uniquingKeysWith: +) }
        for reject in rejects { totals.merge(reject.moneyByKey, uniquingKeysWith: +) }
        return totals
    }

    /// Per money column, the money of batches plus rejects, for sources without currencies.
    var moneyTotals: [Int128] {
        let byKey = moneyByKey
        let columns = (byKey.keys.map(\.column).max() ?? -1) + 1
        return (0..<columns).map { c in byKey.filter { $0.key.column == c }.values.reduce(0, +) }
    }
}

/// Runs an extractor to its end (or its error).
func extract(_ extractor: some Extractor) async throws -> Extraction {
    var result = Extraction()
    var reader = try extractor.open()
    do {
        while let event = try await reader.next() {
            switch event {
            case .fileStarted(let path): result.events.append("start \(path)")
            case .batch(let batch, _):
                result.events.append("batch \(batch.lineage.file) \(batch.count)")
                result.batches.append(batch)
            case .rejects(let list):
                result.events.append("rejects \(list.count)")
                result.rejects += list
            case .fileFinished(let path, _): result.events.append("finish \(path)")
            }
        }
    } catch {
        result.error = error
    }
    return result
}

/// A gzip member with stored deflate blocks (see the Formats tests): no compressor needed.
func gzipStored(_ data: [UInt8], blockSize: Int = 65535) -> [UInt8] {
    var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
    var offset = 0
    repeat {
        let n = min(blockSize, data.count - offset)
        out.append(offset + n == data.count ? 1 : 0)
        out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
        out += data[offset..<(offset + n)]
        offset += n
    } while offset < data.count
    var table = [UInt32](repeating: 0, count: 256)
    for i in 0..<256 {
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        table[i] = c
    }
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    crc ^= 0xFFFF_FFFF
    out += (0..<4).map { UInt8((crc >> (8 * $0)) & 0xFF) }
    out += (0..<4).map { UInt8((UInt32(truncatingIfNeeded: data.count) >> (8 * $0)) & 0xFF) }
    return out
}

/// A small deterministic generator (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Decimal text for `units` at `scale`, for generated fixtures.
func decimalText(_ units: Int64, scale: Int) -> String {
    ExactDecimal(units: Int128(units), scale: scale).description
}
