import TributaryFormats

/// A framed CSV record copied out of the reader's buffer, for comparing runs.
struct FramedRecord: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [[UInt8]]
    var issue: CSVRecordIssue?

    init(line: Int, _ fields: [String], issue: CSVRecordIssue? = nil) {
        self.line = line
        self.fields = fields.map { Array($0.utf8) }
        self.issue = issue
    }

    init(_ record: CSVRecord) {
        line = record.line
        fields = (0..<record.count).map { Array(record[$0]) }
        issue = record.issue
    }

    var description: String {
        "\(line): \(fields.map { String(decoding: $0, as: UTF8.self).debugDescription })\(issue.map { " \($0)" } ?? "")"
    }
}

/// Frames `bytes` with the given read schedule and buffer size.
func frame(
    _ bytes: [UInt8], chunkSizes: [Int] = [Int.max], bufferSize: Int = 1 << 20, delimiter: UInt8 = UInt8(ascii: ","),
    maxRecordBytes: Int = 64 << 20
) throws -> [FramedRecord] {
    let reader = CSVReader(
        source: MemoryByteSource(bytes, chunkSizes: chunkSizes), path: "test.csv",
        configuration: .init(delimiter: delimiter, bufferSize: bufferSize, maxRecordBytes: maxRecordBytes))
    var records: [FramedRecord] = []
    while let record = try reader.next() { records.append(FramedRecord(record)) }
    return records
}

/// A small deterministic generator (SplitMix64), so that "random" splits are the same on every run.
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

/// Read schedules every reader is verified under: all at once, byte by byte, small and random splits.
func chunkSchedules(seed: UInt64 = 7) -> [[Int]] {
    var rng = SplitMix(seed: seed)
    let random = (0..<64).map { _ in Int.random(in: 1...40, using: &rng) }
    return [[Int.max], [1], [2], [3], [7], [1, 5, 2, 11], random]
}

/// A gzip member with "stored" (uncompressed) deflate blocks: enough to test framing of gzip without a compressor.
func gzipStored(_ data: [UInt8], blockSize: Int = 65535) -> [UInt8] {
    var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
    var offset = 0
    repeat {
        let n = min(blockSize, data.count - offset)
        let final: UInt8 = offset + n == data.count ? 1 : 0
        out.append(final)
        out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
        out += data[offset..<(offset + n)]
        offset += n
    } while offset < data.count
    let crc = crc32(data)
    out += (0..<4).map { UInt8((crc >> (8 * $0)) & 0xFF) }
    out += (0..<4).map { UInt8((UInt32(truncatingIfNeeded: data.count) >> (8 * $0)) & 0xFF) }
    return out
}

func crc32(_ data: [UInt8]) -> UInt32 {
    var table = [UInt32](repeating: 0, count: 256)
    for i in 0..<256 {
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        table[i] = c
    }
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
}

/// Drains a byte source into an array.
func readAll(_ source: inout some ByteSource, chunk: Int = 4096) throws -> [UInt8] {
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: chunk)
    while true {
        let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        if n == 0 { return out }
        out += buffer[0..<n]
    }
}
