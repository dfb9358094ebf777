import Foundation
import Testing
import TributaryCore

@testable import TributaryClickHouse

/// The real ClickHouse server the integration tests use: `scripts/clickhouse start` starts a private one, and
/// `CLICKHOUSE_TEST_URL=$(scripts/clickhouse url)` points the tests at it. Without it the tests fail: a test
/// that skips proves nothing.
enum TestServer {
    static let howToStart =
        "CLICKHOUSE_TEST_URL is not set. Start the private test server and pass its address: "
        + "`scripts/clickhouse start && CLICKHOUSE_TEST_URL=$(scripts/clickhouse url) swift test --filter ClickHouse` "
        + "(or `make test`, which does both)."

    static func url(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> URL {
        let text = try #require(
            ProcessInfo.processInfo.environment["CLICKHOUSE_TEST_URL"].flatMap { $0.isEmpty ? nil : $0 },
            Comment(rawValue: howToStart), sourceLocation: sourceLocation)
        return try #require(
            URL(string: text), "CLICKHOUSE_TEST_URL is not a URL: \(text)", sourceLocation: sourceLocation)
    }

    /// Runs `body` with a fresh database `t_<random>` and drops it afterwards, whatever happens.
    static func withDatabase(
        sourceLocation: Testing.SourceLocation = #_sourceLocation,
        _ body: (_ database: String, _ client: ClickHouseClient, _ url: URL) async throws -> Void
    ) async throws {
        let url = try url(sourceLocation: sourceLocation)
        let client = ClickHouseClient(endpoint: url, timeoutSecs: 60)
        let database = "t_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        _ = try await client.query("CREATE DATABASE \(database)")
        // Not dropped here: `scripts/test` drops every scratch database once the run is over (on 18.16 a DROP
        // waits for the tables' merges and holds up other DDL, and dozens at once stalled the whole server).
        try await body(database, client, url)
    }
}

/// Reads a TabSeparated result row back into values of the schema's types.
enum ReadBack {
    static func rows(_ text: String, schema: Schema) throws -> [[Value]] {
        try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            let raw = line.split(separator: "\t", omittingEmptySubsequences: false)
            try #require(raw.count == schema.count, "row has \(raw.count) fields: \(line)")
            return try zip(raw, schema.fields).map { try value(String($0), $1.type) }
        }
    }

    static func value(_ raw: String, _ type: DataType) throws -> Value {
        if raw == "\\N" { return .null }
        if case .stringArray = type { return .stringArray(try arrayLiteral(raw)) }
        let text = try #require(TabSeparatedDecoder.rows(raw + "\n").first?.first ?? "")
        switch type {
        case .string: return .string(text)
        case .int64: return .int64(try #require(Int64(text)))
        case .uint64: return .uint64(try #require(UInt64(text)))
        case .decimal(_, let scale):
            let d = try #require(ExactDecimal(text))
            #expect(d.scale == scale, "server printed \(text) with another scale")
            return .decimal(d)
        case .float64: return .float64(try #require(Double(text)))
        case .bool: return .bool(text == "1")
        case .date:
            guard case .success(let s) = CivilTime.parseTimestamp(text) else { throw ReadBackError(text: text) }
            return .date(Int32(s / 86400))
        case .dateTime:
            guard case .success(let s) = CivilTime.parseTimestamp(text) else { throw ReadBackError(text: text) }
            return .dateTime(s)
        case .stringArray: return .null
        }
    }

    struct ReadBackError: Error { var text: String }

    /// `['a','b\'c']` as ClickHouse prints an Array(String).
    static func arrayLiteral(_ raw: String) throws -> [String] {
        let b = Array(raw.utf8)
        guard b.first == UInt8(ascii: "["), b.last == UInt8(ascii: "]") else { throw ReadBackError(text: raw) }
        var out: [String] = []
        var i = 1
        while i < b.count - 1 {
            guard b[i] == 0x27 else { throw ReadBackError(text: raw) }
            i += 1
            var element: [UInt8] = []
            while b[i] != 0x27 {
                if b[i] == 0x5C {
                    i += 1
                    let map: [UInt8: UInt8] = [0x74: 9, 0x6E: 10, 0x72: 13, 0x30: 0, 0x62: 8, 0x66: 12]
                    element.append(map[b[i]] ?? b[i])
                } else {
                    element.append(b[i])
                }
                i += 1
            }
            out.append(String(decoding: element, as: UTF8.self))
            i += 1
            if b[i] == UInt8(ascii: ",") { i += 1 }
        }
        return out
    }

    /// Equal, with NaN equal to itself.
    static func same(_ a: Value, _ b: Value) -> Bool {
        if case .float64(let x) = a, case .float64(let y) = b, x.isNaN, y.isNaN { return true }
        return a == b
    }
}
