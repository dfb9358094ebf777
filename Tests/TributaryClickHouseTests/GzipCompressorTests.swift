import Foundation
import Testing

@testable import TributaryClickHouse

struct GzipCompressorTests {
    @Test func manyChunksMakeOneGzipMember() throws {
        let gzip = try GzipCompressor(level: 1, initialCapacity: 4096)
        var expected = Data()
        var rng = SystemRandomNumberGenerator()
        for i in 0..<300 {
            let chunk = (0..<Int.random(in: 0...20_000, using: &rng)).map { _ in
                i % 2 == 0 ? UInt8.random(in: 0...255, using: &rng) : UInt8(ascii: "a") + UInt8(i % 26)
            }
            expected.append(contentsOf: chunk)
            try gzip.append(chunk)
        }
        #expect(gzip.bytesIn == expected.count)
        let body = try gzip.finish()
        #expect(body.prefix(3) == Data([0x1F, 0x8B, 0x08]))
        #expect(try gunzip(body) == expected)
    }

    @Test func emptyInputIsAValidEmptyMember() throws {
        let body = try GzipCompressor().finish()
        #expect(try gunzip(body).isEmpty)
    }

    @Test(arguments: [1, 6, 9])
    func levels(_ level: Int) throws {
        let text = Array(String(repeating: "aws\t123456789012\tUsage\t0.011600000000\n", count: 5000).utf8)
        let gzip = try GzipCompressor(level: level)
        try gzip.append(text)
        let body = try gzip.finish()
        #expect(body.count < text.count / 20)
        #expect(try gunzip(body) == Data(text))
    }
}

struct BoundedChannelTests {
    @Test func deliversInOrderWithBackpressure() async throws {
        let channel = BoundedChannel<Int>(capacity: 2)
        async let produced: Void = {
            for i in 0..<1000 { try await channel.send(i) }
            channel.finish()
        }()
        var received: [Int] = []
        while let i = try await channel.receive() { received.append(i) }
        try await produced
        #expect(received == Array(0..<1000))
    }

    struct Boom: Error, Equatable {}

    @Test func failureWakesTheProducer() async throws {
        let channel = BoundedChannel<Int>(capacity: 1)
        try await channel.send(1)
        async let blocked: Void = channel.send(2)
        try await Task.sleep(for: .milliseconds(20))
        channel.fail(Boom())
        do {
            try await blocked
            Issue.record("the blocked send returned")
        } catch {
            #expect(error is Boom)
        }
        await #expect(throws: Boom.self) { _ = try await channel.receive() }
    }

    @Test func failureWakesTheConsumer() async throws {
        let channel = BoundedChannel<Int>(capacity: 1)
        async let waiting = channel.receive()
        try await Task.sleep(for: .milliseconds(20))
        channel.fail(Boom())
        do {
            _ = try await waiting
            Issue.record("the waiting receive returned")
        } catch {
            #expect(error is Boom)
        }
    }
}
