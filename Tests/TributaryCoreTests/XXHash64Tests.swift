import Testing
import TributaryCore

/// The reference implementation's values (python-xxhash 3, seed 0): row ids depend on every bit of them.
struct XXHash64Tests {
    @Test(arguments: [
        ([UInt8](), 0xEF46_DB37_51D8_E999),
        (Array("a".utf8), 0xD24E_C4F1_A98C_6E5B),
        (Array("abc".utf8), 0x44BC_2CF5_AD77_0999),
        (Array("0123456789abcdef0123456789abcdef".utf8), 0x642A_9495_8E71_E6C5),
        (Array(0..<100), 0x6AC1_E580_3216_6597),
        ([UInt8](repeating: UInt8(ascii: "x"), count: 33), 0xB3FA_465F_5542_08A6),
    ] as [([UInt8], UInt64)])
    func matchesTheReference(_ input: [UInt8], _ expected: UInt64) {
        #expect(XXHash64.hash(input) == expected)
    }
}
