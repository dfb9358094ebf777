import Testing

@testable import TributaryFormats

struct ByteScanTests {
    @Test func specialMaskMatchesAByteByByteScan() {
        var rng = SplitMix(seed: 3)
        let palette: [UInt8] = [0x41, 0x2C, 0x0A, 0x22, 0x2D, 0x0B, 0x23, 0xAC, 0x00, 0xFF, 0x3B]
        var block = [UInt8](repeating: 0, count: 64)
        for _ in 0..<5000 {
            for i in 0..<64 { block[i] = palette.randomElement(using: &rng)! }
            for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
                var expected: UInt64 = 0
                for i in 0..<64 where block[i] == delimiter || block[i] == 0x0A || block[i] == 0x22 {
                    expected |= 1 << UInt64(i)
                }
                let mask = block.withUnsafeBytes {
                    SpecialByteCursor.specials($0.baseAddress!, SIMD16(repeating: delimiter))
                }
                #expect(mask == expected)
            }
        }
    }

    @Test func cursorFindsEverySpecialInOrderAndStopsAtTheEnd() {
        let text = Array("ab,cd\"e\nfg" + String(repeating: "h", count: 100) + ",x")
        var bytes = text.map { UInt8($0.asciiValue!) }
        let end = bytes.count
        bytes += [UInt8](repeating: UInt8(ascii: ","), count: 64)  // specials past the end must be ignored
        var found: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            var cursor = SpecialByteCursor(base: buffer.baseAddress!, end: end, delimiter: UInt8(ascii: ","))
            var p = 0
            while true {
                let j = cursor.next(from: p)
                if j == end { break }
                found.append(j)
                p = j + 1
            }
        }
        #expect(found == [2, 5, 7, 110])
    }

    @Test func wordSearchFindsTheFirstMatch() {
        var bytes = Array("abcdefghijklmnop\nq".utf8)
        let end = bytes.count
        bytes += [UInt8](repeating: 0, count: 8)
        bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            #expect(ByteScan.first(ByteScan.broadcast(0x0A), in: base, from: 0, end: end) == 16)
            #expect(ByteScan.first(ByteScan.broadcast(0x0A), in: base, from: 17, end: end) == end)
            #expect(ByteScan.first(ByteScan.broadcast(0x2D), in: base, from: 0, end: end) == end)
        }
    }
}
