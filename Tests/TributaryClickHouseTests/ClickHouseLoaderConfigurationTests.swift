import Foundation
import Testing
import TributaryCore

@testable import TributaryClickHouse

struct ClickHouseLoaderConfigurationTests {
    @Test func defaults() {
        let c = ClickHouseLoader.Configuration(table: "usage")
        #expect(c.url.absoluteString == "http://127.0.0.1:8123")
        #expect(c.database == "tributary")
        #expect(c.user == "default")
        #expect(c.password == "")
        #expect(c.compression == .gzip)
        #expect(c.maxInsertRows == 1_000_000)
        #expect(c.maxInsertBytes == 64 << 20)
        #expect(c.timeoutSecs == 300)
        #expect(c.maxRetries == 5)
        #expect(c.problems.isEmpty)
    }

    @Test(arguments: [
        ("http://127.0.0.1:8123", ClickHouseLoader.Configuration.Compression.none),
        ("http://127.0.0.2:8123", .none), ("http://localhost:8123", .none), ("http://[::1]:8123", .none),
        ("https://ch.example.com:8443", .gzip), ("http://10.0.0.5:8123", .gzip),
    ])
    func autoCompressionIsGzipExceptOnLoopback(_ url: String, _ expected: ClickHouseLoader.Configuration.Compression)
        throws
    {
        var c = ClickHouseLoader.Configuration(url: try #require(URL(string: url)), table: "usage")
        #expect(c.effectiveCompression == .gzip, "gzip is the default")
        c.compression = .auto
        #expect(c.effectiveCompression == expected)
        c.compression = .gzip
        #expect(c.effectiveCompression == .gzip, "an explicit choice wins")
    }

    @Test func thePasswordNeverShows() {
        let c = ClickHouseLoader.Configuration(table: "usage", user: "loader", password: "hunter2-secret")
        #expect(!c.description.contains("hunter2"))
        #expect(c.description.contains("password: •••"))
        #expect(!String(reflecting: c).contains("hunter2"))
        #expect(!"\(c)".contains("hunter2"))
        var dumped = ""
        dump(c, to: &dumped)
        #expect(!dumped.contains("hunter2"))
    }

    @Test func clientsAndRequestsHideThePasswordToo() {
        let client = ClickHouseClient(endpoint: ClickHouseLoader.Configuration.defaultURL, password: "hunter2")
        var dumped = ""
        dump(client, to: &dumped)
        #expect(!dumped.contains("hunter2") && !"\(client)".contains("hunter2"))
        let request = HTTPRequest(
            method: "POST", url: ClickHouseLoader.Configuration.defaultURL,
            headers: [("X-ClickHouse-User", "u"), ("X-ClickHouse-Key", "hunter2")])
        #expect(!"\(request)".contains("hunter2"))
        #expect("\(request)".contains("X-ClickHouse-User: u"))
    }

    @Test func everyProblemIsReportedWithItsKey() {
        let c = ClickHouseLoader.Configuration(
            url: URL(string: "ftp://u:pw@host/?x=1")!, database: "bad-db", table: "", compressionLevel: 0,
            maxInsertRows: 0, maxInsertBytes: 10, timeoutSecs: 0, maxRetries: -1)
        let text = c.problems.map(\.description)
        #expect(text.contains { $0.hasPrefix("sink key `url`: `ftp://u:•••@host/?x=1` is not an http") })
        #expect(
            text.contains("sink key `url`: the address carries credentials; put them in `user` and `password` instead"))
        #expect(text.contains("sink key `table`: required, and missing"))
        #expect(text.contains { $0.hasPrefix("'bad-db' is not a usable ClickHouse database name") })
        for key in ["compression_level", "max_insert_rows", "max_insert_bytes", "timeout_secs", "max_retries"] {
            #expect(text.contains { $0.hasPrefix("sink key `\(key)`") }, "\(key)")
        }
        #expect(!text.joined().contains("pw@"))
    }

    @Test func planNeedsNoServer() throws {
        let schema = Schema([Field("id", .int64, nullable: false), Field("cost", .money)])
        let c = ClickHouseLoader.Configuration(table: "usage", orderBy: ["id"], partitionBy: "intDiv(id, 1000)")
        let statements = try ClickHouseLoader.plan(schema: schema, configuration: c)
        #expect(statements.count == 2)
        #expect(statements[1].contains("`cost` Nullable(Decimal(38, 12))"))
        #expect(statements[1].contains("PARTITION BY intDiv(id, 1000)\nORDER BY (`id`)"))
        #expect(throws: ClickHouseError.invalidConfiguration(key: "table", problem: "required, and missing")) {
            try ClickHouseLoader.plan(schema: schema, configuration: .init())
        }
    }
}
