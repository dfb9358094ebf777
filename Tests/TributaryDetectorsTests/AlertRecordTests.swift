import Foundation
import Testing
import TributaryCore

@testable import TributaryDetectors

struct AlertRecordTests {
    static func object(_ line: String) throws -> [String: Any] {
        let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(parsed as? [String: Any])
    }

    @Test func aJSONLineCarriesExactAmountsAndTheEvent() throws {
        let e = try #require(
            SpendSpikeDetector().analyze([SpendSpikeDetectorTests.plantedSpike()], now: nil).events.first)
        let line = AlertRecord.jsonLine(AlertPlanner.Alert(kind: .opened, event: e))
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix("{\"kind\":\"opened\",\"id\":\"\(e.id.hex)\",\"detector\":\"spend_spike\","))
        // Amounts are JSON numbers written from their decimal text, never through Double.
        #expect(line.contains("\"actual\":812.40,\"expected\":128.10,"))
        #expect(line.contains("\"impact\":684.30,"))
        let o = try Self.object(line)
        #expect(o["key"] as? [String: String] == ["provider": "openai", "model": "gpt-4.1", "project": "web-search"])
        #expect(o["onset"] as? String == "2025-03-04T00:00:00Z")
        #expect(o["end"] is NSNull)
        #expect(o["state"] as? String == "ongoing")
        #expect(o["severity"] as? String == "critical")
        #expect(o["explanation"] as? String == e.explanation)
        #expect(o["unit"] as? String == "USD")
    }

    @Test func aSlackPayloadIsValidJSONWithTextAndBlocks() throws {
        let spike = AlertPlannerTests.event(onset: 10, ongoing: true)
        var critical = AlertPlannerTests.event(onset: 20, ongoing: false)
        critical.severity = .critical
        critical.key = SeriesKey(["project": "a<b>&c"])
        critical.explanation = Explanation.render(critical)
        let body = SlackPayload.build(
            [AlertPlanner.Alert(kind: .opened, event: spike), AlertPlanner.Alert(kind: .closed, event: critical)],
            title: "aws-cur")
        let o = try Self.object(body)
        let text = try #require(o["text"] as? String)
        #expect(text.hasPrefix("aws-cur: 2 anomalies\n"))
        let blocks = try #require(o["blocks"] as? [[String: Any]])
        #expect(blocks.count == 3)
        let sections = blocks.compactMap { ($0["text"] as? [String: Any])?["text"] as? String }
        // Most severe first; Slack's control characters escaped.
        #expect(
            sections[1].hasPrefix(":white_check_mark: *critical* closed · spend_spike · project a&lt;b&gt;&amp;c: "))
        #expect(sections[2].hasPrefix(":large_orange_circle: *high* opened · spend_spike · total: "))
    }

    @Test func aLongListIsCutAtSlacksBlockLimit() throws {
        let alerts = (0..<60).map {
            AlertPlanner.Alert(kind: .opened, event: AlertPlannerTests.event(onset: $0, ongoing: true))
        }
        let o = try Self.object(SlackPayload.build(alerts))
        let blocks = try #require(o["blocks"] as? [[String: Any]])
        #expect(blocks.count == 50)
        let last = try #require(blocks.last?["elements"] as? [[String: Any]])
        #expect(last.first?["text"] as? String == "… and 12 more")
    }

    @Test func stringsAreEscaped() {
        #expect(JSONFields.quoted("a\"b\\c\nd\u{1}") == "\"a\\\"b\\\\c\\nd\\u0001\"")
    }
}
