import Foundation
import Testing
import TributaryCore
import TributaryExtractors
import TributaryFormats
import TributaryTestSupport

/// A live `pennylane` source against the loopback server: real HTTP, a clock that never sleeps.
struct PennyLaneLive {
    let server: LoopbackHTTPServer
    let clock = TestClock()

    init(_ handler: @escaping @Sendable (RecordedRequest) -> ScriptedResponse) throws {
        server = try LoopbackHTTPServer(handler: handler)
    }

    func extractor(
        _ entity: PennyLaneEntity, version: PennyLaneAPIVersion = .v2, filter: String? = nil,
        environment: [String: String] = ["PENNYLANE_API_TOKEN": secretToken]
    ) throws -> any CheckpointedExtractor {
        let settings = PennyLaneLiveSettings(
            apiVersion: version, baseURL: server.baseURL, filter: filter, lookbackSeconds: 600,
            pipeline: "Pipelines/pennylane-test.toml")
        let source = try PennyLaneSource.extractor(
            entity: entity, input: .live(settings), sourceID: "pennylane",
            connection: PennyLaneConnection(clock: clock, retry: exactRetry(), environment: environment))
        return try #require(source as? any CheckpointedExtractor)
    }

    /// Reads to the end (or the error); the reader's checkpoint when it ended.
    func run(_ extractor: any CheckpointedExtractor, _ request: ExtractRequest = ExtractRequest()) async
        -> (Extraction, ExtractCheckpoint?)
    {
        var result = Extraction()
        do {
            var reader = try extractor.open(request)
            while let event = try await reader.next() {
                switch event {
                case .batch(let batch, _): result.batches.append(batch)
                case .rejects(let list): result.rejects += list
                case .fileStarted(let path): result.events.append(path)
                case .fileFinished: break
                }
            }
            return (result, reader.checkpoint)
        } catch {
            result.error = error
            return (result, nil)
        }
    }

    /// The wall clock's now, as the reader sees it.
    var now: Int64 { Int64(clock.now().timeIntervalSince1970) }

    /// `seconds` as PennyLane writes a changelog time.
    static func time(_ seconds: Int64, millis: Int = 250) -> String {
        CivilTime.formatDateTime(epochSeconds: seconds).replacingOccurrences(of: " ", with: "T")
            + String(format: ".%03dZ", millis)
    }
}

extension RecordedRequest {
    var v2Path: String { path.replacingOccurrences(of: "/api/external/v2", with: "") }
}

struct PennyLaneAPITests {
    static let invoices = "/api/external/v2/customer_invoices"

    @Test func aV2ListingIsReadToTheEndResendingSortLimitAndFilter() async throws {
        let live = try PennyLaneLive { r in
            guard r.path == Self.invoices else { return .notFound }
            return .json(r.queryValue("cursor") == nil ? PennyLaneFixtures.v2Page1 : PennyLaneFixtures.v2Page2)
        }
        defer { live.server.stop() }
        let filter = #"[{"field":"date","operator":"gteq","value":"2024-01-01"}]"#
        let (x, checkpoint) = await live.run(try live.extractor(.customerInvoices, filter: filter))
        #expect(x.error == nil, "\(String(describing: x.error))")
        #expect(x.values("id") == [.string("1000103"), .string("1000102"), .string("1000101")])
        let requests = live.server.requests
        #expect(requests.map { $0.queryValue("cursor") } == [nil, "eyJpZCI6MTAwMDEwMn0="])
        for r in requests {
            #expect(r.queryValue("sort") == "id")
            #expect(r.queryValue("limit") == "100")
            #expect(r.queryValue("filter") == filter, "the cursor encodes only the position")
            #expect(r.header("Authorization") == "Bearer \(secretToken)")
        }
        #expect(x.batches.first?.lineage.file.hasPrefix("\(live.server.baseURL)\(Self.invoices)?limit=100") == true)
        // The next run reads the changelog from when this listing started.
        #expect(checkpoint == .watermark(Watermark(maxSeen: ExactTimestamp(seconds: live.now), lookbackSeconds: 600)))
        // 25 requests per 5 s: the second request waited 0.2 s.
        #expect(live.clock.sleeps == [0.2])
    }

    @Test func aV1ListingIsReadByPageNumberUnderItsOwnLimit() async throws {
        let live = try PennyLaneLive { r in
            guard r.path == "/api/external/v1/customer_invoices" else { return .notFound }
            return .json(r.queryValue("page") == "1" ? PennyLaneFixtures.v1Page1 : PennyLaneFixtures.v1Page2)
        }
        defer { live.server.stop() }
        let (x, checkpoint) = await live.run(try live.extractor(.customerInvoices, version: .v1))
        #expect(x.error == nil, "\(String(describing: x.error))")
        #expect(x.values("id") == [.string("1000101"), .string("1000104")])
        #expect(live.server.requests.map { $0.queryValue("page") } == ["1", "2"])
        #expect(live.server.requests.allSatisfy { $0.queryValue("per_page") == "100" })
        #expect(checkpoint == nil, "v1 has no changelog: every run lists everything")
        #expect(live.clock.sleeps == [0.5], "v1 customer invoices: 2 requests per second")
    }

    @Test func aTooManyRequestsAnswerIsRetriedAfterItsRetryAfter() async throws {
        let script = ResponseScript([
            Self.invoices: [
                .text(
                    "Rate limit exceeded. Please retry in 2 seconds.", status: 429,
                    headers: [("retry-after", "2"), ("ratelimit-limit", "25"), ("ratelimit-remaining", "0")]),
                .json(PennyLaneFixtures.v2Page2),
            ]
        ])
        let live = try PennyLaneLive(script.handler)
        defer { live.server.stop() }
        let (x, _) = await live.run(try live.extractor(.customerInvoices))
        #expect(x.error == nil, "\(String(describing: x.error))")
        #expect(x.rows == 1)
        #expect(live.clock.sleeps.contains(2))
        #expect(live.server.requests.count == 2)
    }

    @Test func aServerErrorIsRetriedAndThenTheRunGoesOn() async throws {
        let script = ResponseScript([
            Self.invoices: [
                .json(#"{"error":"Internal Server Error","status":500}"#, status: 500),
                .json(PennyLaneFixtures.v2Page2),
            ]
        ])
        let live = try PennyLaneLive(script.handler)
        defer { live.server.stop() }
        let (x, _) = await live.run(try live.extractor(.customerInvoices))
        #expect(x.error == nil, "\(String(describing: x.error))")
        #expect(x.rows == 1)
        #expect(live.server.requests.count == 2)
    }

    @Test func anUnauthorizedTokenNamesItsVariableAndNeverTheToken() async throws {
        let live = try PennyLaneLive { _ in .json(#"{"error":"Unauthorized","status":401}"#, status: 401) }
        defer { live.server.stop() }
        let (x, _) = await live.run(try live.extractor(.customers))
        let error = try #require(x.error as? APIError)
        guard case .unauthorized(_, 401, "PENNYLANE_API_TOKEN", _) = error else {
            Issue.record("expected unauthorized, got \(error)")
            return
        }
        #expect(error.description.contains("the credential in PENNYLANE_API_TOKEN is missing, wrong or expired"))
        #expect(!allRenderings(error).contains(secretToken))
        #expect(live.server.requests.count == 1, "a 401 is never retried")
    }

    @Test func aMissingTokenFailsWhenTheSourceOpensAndNothingIsAsked() async throws {
        let live = try PennyLaneLive { _ in .notFound }
        defer { live.server.stop() }
        let (x, _) = await live.run(try live.extractor(.customers, environment: [:]))
        #expect(x.error as? APIError == .missingCredential(variable: "PENNYLANE_API_TOKEN"))
        #expect(live.server.requests.isEmpty)
    }
}
