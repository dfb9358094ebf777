import Foundation
import Testing
import TributaryTestSupport

/// What every live pull must do, run by the built binary against the loopback server; the provider suites
/// (`OpenAIEndToEndTests`, `AnthropicEndToEndTests`) call these for their sources.
enum AdminAPILiveChecks {
    /// Pages to the end, then an incremental run asks from the watermark (the latest bucket start, 2025-01-12)
    /// less the look-back (3 days): 2025-01-09 for `llm_usage`, which appends; for `spend`, which replaces whole
    /// months, the runner widens that to the start of the month it falls in, 2025-01-01. Nothing is doubled.
    static func pagesToTheEndThenResumesFromTheWatermark(_ source: AdminAPIScenario.Source) async throws {
        let s = try AdminAPIScenario(source)
        defer { s.cleanup() }
        s.serve(s.pages)
        let first = try await s.run()
        #expect(first.status == 0, "\(first.stderr)\n\(first.stdout)")
        #expect(try await s.rows() == "3\n")
        #expect(s.requests.map { $0.queryValue("page") } == [nil, "page_2+/=", "page_3"])
        #expect(s.requests.first?.queryValue(source.startParameter) == source.time(AdminAPIScenario.startDate))
        let files = try await TestClickHouse.query(
            "SELECT DISTINCT x_source_file FROM \(s.database).\(source.table) ORDER BY x_source_file FORMAT TSV")
        #expect(files.split(separator: "\n").count == 3, "a page is a lineage file")
        #expect(files.contains(source.path + "?") && !files.contains(AdminAPIScenario.secret))

        s.serve(s.pages)
        let second = try await s.run()
        #expect(second.status == 0, "\(second.stderr)\n\(second.stdout)")
        let resumed = s.requests.dropFirst(3).first?.queryValue(source.startParameter)
        let jan9: Int64 = 1_736_380_800
        let jan1: Int64 = 1_735_689_600
        #expect(resumed == source.time(source.isCosts ? jan1 : jan9))
        #expect(try await s.rows() == "3\n", "the buckets read again replace what they loaded")
    }

    /// A refused key: exit 1, a message naming the variable, and the key nowhere in the output.
    static func aRefusedKeyExits1WithoutPrintingIt(_ source: AdminAPIScenario.Source) async throws {
        let s = try AdminAPIScenario(source)
        defer { s.cleanup() }
        let echo = "Incorrect API key provided: \(AdminAPIScenario.secret.prefix(9))****cdef."
        s.serve([
            .json(
                #"{"error":{"message":"\#(echo)","type":"invalid_request_error","code":"invalid_api_key"}}"#,
                status: 401)
        ])
        let result = try await s.run()
        #expect(result.status == 1, "\(result.stderr)\n\(result.stdout)")
        let output = result.stdout + result.stderr
        #expect(output.contains(source.variable))
        #expect(output.contains("401"))
        #expect(!output.contains(AdminAPIScenario.secret) && !output.contains("0123456789abcdef"))
        #expect(!output.contains("****cdef"), "the API's masked echo of the key is scrubbed too")
        #expect(s.requests.count == 1, "a refused key is not retried")
    }

    /// A 429 with `Retry-After: 1` is waited out for that second, then the pull goes on.
    static func aRateLimitIsWaitedOutAsTheServerSays(_ source: AdminAPIScenario.Source) async throws {
        let s = try AdminAPIScenario(source)
        defer { s.cleanup() }
        s.serve([.tooManyRequests(retryAfter: "1")] + s.pages)
        let started = Date()
        let result = try await s.run()
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
        #expect(elapsed >= 1.0, "waited \(elapsed) s")
        #expect(s.requests.count == 4)
        #expect(try await s.rows() == "3\n")
    }

    /// A 500 is retried, and the run succeeds.
    static func aServerErrorIsRetried(_ source: AdminAPIScenario.Source) async throws {
        let s = try AdminAPIScenario(source)
        defer { s.cleanup() }
        s.serve([.json(#"{"error":{"message":"boom"}}"#, status: 500)] + s.pages)
        let result = try await s.run()
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
        #expect(s.requests.count == 4)
        #expect(try await s.rows() == "3\n")
    }

    /// A 500 that never ends exits 75 (try again later) after the configured retries, and commits nothing.
    static func aServerErrorThatNeverEndsExits75(_ source: AdminAPIScenario.Source) async throws {
        let s = try AdminAPIScenario(source)
        defer { s.cleanup() }
        s.serve([.json(#"{"error":{"message":"down for maintenance"}}"#, status: 500)])
        let result = try await s.run()
        #expect(result.status == 75, "\(result.stderr)\n\(result.stdout)")
        #expect(s.requests.count == 3, "one attempt and max_retries = 2")
        #expect((result.stdout + result.stderr).contains("try again later"))
        let state =
            (try? String(contentsOf: s.work.url.appendingPathComponent("state/live.state.json"), encoding: .utf8))
        #expect(state?.contains("watermark") != true, "no checkpoint saved")
    }
}
