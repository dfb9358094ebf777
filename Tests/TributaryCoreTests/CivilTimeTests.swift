import Testing

@testable import TributaryCore

struct CivilTimeTests {
    @Test(arguments: [
        ("1970-01-01", Int64(0)),
        ("2024-02-29T12:00:00Z", Int64(1_709_208_000)),
        ("2024-02-29 12:00:00", Int64(1_709_208_000)),
        ("2024-02-29T14:00:00+02:00", Int64(1_709_208_000)),
        ("2024-02-29T07:00:00-0500", Int64(1_709_208_000)),
        ("2024-02-29T12:00:00.999Z", Int64(1_709_208_000)),
        ("2024-02-29T12:00Z", Int64(1_709_208_000)),
        ("1969-12-31T23:59:59Z", Int64(-1)),
    ])
    func parses(_ text: String, _ epoch: Int64) {
        #expect(CivilTime.parseTimestamp(text) == .success(epoch))
    }

    @Test(arguments: ["2023-02-29", "2024-13-01", "2024-01-01T24:00:00", "2024-1-01", "yesterday", "2024-01-01T10"])
    func refuses(_ text: String) {
        guard case .failure = CivilTime.parseTimestamp(text) else {
            Issue.record("\(text) parsed")
            return
        }
    }

    @Test func roundTripsEveryDayOfFourHundredYears() {
        var day = CivilTime.days(year: 1900, month: 1, day: 1)
        let end = CivilTime.days(year: 2300, month: 1, day: 1)
        while day < end {
            let (y, m, d) = CivilTime.civil(days: day)
            #expect(CivilTime.days(year: y, month: m, day: d) == day)
            day += 1
        }
        #expect(CivilTime.formatDateTime(epochSeconds: 1_709_208_000) == "2024-02-29 12:00:00")
        #expect(CivilTime.formatDateTime(epochSeconds: -1) == "1969-12-31 23:59:59")
    }
}
