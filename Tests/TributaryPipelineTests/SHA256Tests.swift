import Testing

@testable import TributaryPipeline

@Suite struct SHA256Tests {
    struct Vector: CustomTestStringConvertible {
        var name: String
        var message: [UInt8]
        var digest: String
        var testDescription: String { name }
    }

    /// FIPS 180-4 examples (NIST's SHA256.pdf) and the long-message test of the NIST test vectors.
    static let vectors: [Vector] = [
        Vector(
            name: "empty", message: [], digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(
            name: "abc", message: Array("abc".utf8),
            digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Vector(
            name: "448 bits", message: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
            digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        Vector(
            name: "896 bits",
            message: Array(
                ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                    + "mnopqrstnopqrstu").utf8),
            digest: "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ]

    @Test(arguments: vectors) func standardVector(_ v: Vector) {
        #expect(SHA256.hash(v.message).hex == v.digest)
    }

    @Test func oneMillionAs() {
        var hasher = SHA256()
        let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(thousand) }
        #expect(hasher.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every way of cutting the input into chunks gives the same digest, across the padding boundaries.
    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 119, 128, 1000])
    func chunkingDoesNotMatter(length: Int) {
        let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = SHA256.hash(message)
        var byByte = SHA256()
        for b in message { byByte.update([b]) }
        #expect(byByte.finalize() == whole)
        var generator = SystemRandomNumberGenerator()
        var random = SHA256()
        var i = 0
        while i < length {
            let n = Int.random(in: 1...70, using: &generator)
            random.update(Array(message[i..<min(length, i + n)]))
            i += n
        }
        #expect(random.finalize() == whole)
    }
}
