import Testing

@testable import TributaryCore

struct ExactDecimalTests {
    struct ParseCase: Sendable, CustomStringConvertible {
        var text: String
        var scale: Int?
        var expected: String?
        var description: String { "\(text) @\(scale.map(String.init) ?? "natural")" }
    }

    @Test(arguments: [
        ParseCase(text: "12.340", scale: nil, expected: "12.340"),
        ParseCase(text: "-0.05", scale: 12, expected: "-0.050000000000"),
        ParseCase(text: "+5", scale: 2, expected: "5.00"),
        ParseCase(text: ".5", scale: nil, expected: "0.5"),
        ParseCase(text: "3.6E-7", scale: 12, expected: "0.000000360000"),
        ParseCase(text: "1.5e3", scale: nil, expected: "1500"),
        ParseCase(text: " 7 ", scale: 0, expected: "7"),
        ParseCase(text: "75.57", scale: 12, expected: "75.570000000000"),
        ParseCase(text: "95891.74", scale: 12, expected: "95891.740000000000"),
        ParseCase(
            text: "99999999999999999999999999.999999999999", scale: 12,
            expected: "99999999999999999999999999.999999999999"),
        ParseCase(text: "0.1234567890123", scale: 12, expected: nil),
        ParseCase(text: "0.1234567890120", scale: 12, expected: "0.123456789012"),
        ParseCase(text: "abc", scale: nil, expected: nil),
        ParseCase(text: "1.2.3", scale: nil, expected: nil),
        ParseCase(text: "", scale: nil, expected: nil),
        ParseCase(text: "-", scale: nil, expected: nil),
        ParseCase(text: "1e", scale: nil, expected: nil),
        ParseCase(text: "1,5", scale: nil, expected: nil),
    ])
    func parse(_ c: ParseCase) {
        var bytes = Array(c.text.utf8)
        let result = bytes.withUnsafeMutableBytes { ExactDecimal.parse(UnsafeRawBufferPointer($0), scale: c.scale) }
        switch result {
        case .value(let d): #expect(d.description == c.expected)
        case .failure: #expect(c.expected == nil)
        }
    }

    @Test func tooManyDecimalsSaysHowMany() {
        var bytes = Array("1.12345".utf8)
        let r = bytes.withUnsafeMutableBytes { ExactDecimal.parse(UnsafeRawBufferPointer($0), scale: 2) }
        #expect(r == .failure(.tooManyDecimals(found: 5, allowed: 2)))
    }

    @Test func overflowIsRefused() {
        let big = String(repeating: "9", count: 39)
        #expect(ExactDecimal(big) == nil)
        var bytes = Array("99999999999999999999999999999.0".utf8)
        let r = bytes.withUnsafeMutableBytes { ExactDecimal.parse(UnsafeRawBufferPointer($0), scale: 12) }
        #expect(r == .failure(.overflow))
    }

    @Test func sumsAreExactWhereDoublesAreNot() throws {
        var total = ExactDecimal.zero
        let tenth = try #require(ExactDecimal("0.1"))
        for _ in 0..<10 { total = try #require(total.adding(tenth)) }
        #expect(total == ExactDecimal("1"))
        #expect(total.description == "1.0")
    }

    @Test func arithmetic() throws {
        let a = try #require(ExactDecimal("10.25"))
        let b = try #require(ExactDecimal("-0.75"))
        #expect(a.subtracting(b)?.description == "11.00")
        #expect(a.multiplying(b)?.description == "-7.6875")
        #expect(ExactDecimal("1")?.dividing(by: ExactDecimal("3")!)?.description == "0.333333333333")
        #expect(ExactDecimal("2")?.dividing(by: ExactDecimal("3")!)?.description == "0.666666666667")
        #expect(ExactDecimal("-2")?.dividing(by: ExactDecimal("3")!)?.description == "-0.666666666667")
        #expect(ExactDecimal("1")?.dividing(by: ExactDecimal("0")!) == nil)
        // Half to even at the 12th place.
        let m = try #require(ExactDecimal("0.0000000000005")?.multiplying(ExactDecimal("1")!, maxResultScale: 12))
        #expect(m.description == "0.000000000000")
        let n = try #require(ExactDecimal("0.0000000000015")?.rounded(to: 12))
        #expect(n.description == "0.000000000002")
        #expect(ExactDecimal("-1.005")?.rounded(to: 2)?.description == "-1.00")
        #expect(ExactDecimal("-1.015")?.rounded(to: 2)?.description == "-1.02")
    }

    @Test func comparisonAcrossScales() throws {
        #expect(ExactDecimal("1.50")! == ExactDecimal("1.5")!)
        #expect(ExactDecimal("1.49")! < ExactDecimal("1.5")!)
        #expect(ExactDecimal("-2")! < ExactDecimal("-1.999")!)
        #expect(Set([ExactDecimal("1.50")!, ExactDecimal("1.5")!]).count == 1)
    }
}
