import Testing

@testable import TributaryFormats

struct UTF8ValidatorTests {
    func check(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { UTF8Validator.firstInvalidByte(in: $0) }
    }

    @Test(
        arguments: [
            ([], nil), (Array("plain ascii text of some length".utf8), nil), (Array("é中😀".utf8), nil),
            ([0x61, 0xFF], 1), ([0xC0, 0x80], 0), ([0xE0, 0x80, 0x80], 0), ([0xED, 0xA0, 0x80], 0),
            ([0xF4, 0x90, 0x80, 0x80], 0), ([0xF5, 0x80, 0x80, 0x80], 0), ([0x61, 0x62, 0xE2, 0x82], 2),
            (Array("12345678abcdefgh".utf8) + [0x80], 16),
            (Array("abcdefg".utf8) + [0xC3, 0xA9] + Array("xyz".utf8), nil),
            (Array("abcdefghij".utf8) + [0xC3], 10), ([0x61, 0x62, 0x63, 0xC3, 0xA9], nil), ([0x61, 0xC3], 1),
        ] as [([UInt8], Int?)])
    func findsTheFirstInvalidByte(_ bytes: [UInt8], _ expected: Int?) {
        #expect(check(bytes) == expected)
    }

    @Test func agreesWithTheStandardLibraryOnRandomInput() {
        var rng = SplitMix(seed: 11)
        let pieces: [[UInt8]] = [
            [0x61], [0xC3, 0xA9], [0xE4, 0xB8, 0xAD], [0xF0, 0x9F, 0x98, 0x80], [0x80], [0xC3],
            [0xED, 0xA0, 0x80], [0xF8], [0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69],
        ]
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &rng) { bytes += pieces.randomElement(using: &rng)! }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect((check(bytes) == nil) == valid, "\(bytes)")
        }
    }
}
