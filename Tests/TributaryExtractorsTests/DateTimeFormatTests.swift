import Testing
import TributaryCore
@testable import TributaryExtractors

struct DateTimeFormatTests {
    func parse(_ pattern: String, _ text: String) throws -> Result<Int64, CivilTime.ParseFailure> {
        let format = try DateTimeFormat(pattern)
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { format.parse(UnsafeRawBufferPointer($0)) }
    }

    func seconds(_ y: Int64, _ m: Int64, _ d: Int64, _ h: Int64 = 0, _ mi: Int64 = 0, _ s: Int64 = 0) -> Int64 {
        CivilTime.days(year: y, month: m, day: d) * 86400 + h * 3600 + mi * 60 + s
    }

    @Test func readsCommonExportFormats() throws {
        #expect(try parse("%m/%d/%Y %H:%M:%S", "03/04/2025 05:06:07") == .success(seconds(2025, 3, 4, 5, 6, 7)))
        #expect(try parse("%m/%d/%Y", "3/4/2025") == .success(seconds(2025, 3, 4)))
        #expect(try parse("%d-%b-%Y", "04-mar-2025") == .success(seconds(2025, 3, 4)))
        #expect(try parse("%B %e, %Y", "September  7, 2025") == .success(seconds(2025, 9, 7)))
        #expect(
            try parse("%Y-%m-%dT%H:%M:%S%z", "2025-03-04T05:06:07-02:30") == .success(seconds(2025, 3, 4, 7, 36, 7)))
        #expect(try parse("%F %T.%f", "2025-03-04 05:06:07.123456") == .success(seconds(2025, 3, 4, 5, 6, 7)))
        #expect(try parse("%D %I:%M %p", "03/04/25 12:15 AM") == .success(seconds(2025, 3, 4, 0, 15)))
        #expect(try parse("%D %I:%M %p", "03/04/99 12:15 pm") == .success(seconds(1999, 3, 4, 12, 15)))
        #expect(try parse("%s", "1700000000") == .success(1_700_000_000))
        #expect(try parse("%Y%m%d", "20250304") == .success(seconds(2025, 3, 4)))
        #expect(try parse("%Y 100%%", " 2025 100% ") == .success(seconds(2025, 1, 1)))
    }

    @Test func refusesWhatDoesNotFit() throws {
        #expect(try parse("%m/%d/%Y", "2025-03-04") == .failure(.malformed))
        #expect(try parse("%m/%d/%Y", "02/30/2025") == .failure(.outOfRange))
        #expect(try parse("%m/%d/%Y", "03/04/2025 x") == .failure(.malformed))
        #expect(try parse("%H:%M", "24:00") == .failure(.outOfRange))
        #expect(try parse("%I %p", "13 PM") == .failure(.outOfRange))
    }

    @Test func refusesBadPatterns() {
        #expect(throws: DateTimeFormat.PatternError.self) { try DateTimeFormat("%Y-%q") }
        #expect(throws: DateTimeFormat.PatternError.self) { try DateTimeFormat("%Y %") }
        #expect(
            throws: DateTimeFormat.PatternError(message: "the format '%I:%M' needs %I and %p together (12-hour clock)")
        ) {
            try DateTimeFormat("%I:%M")
        }
    }
}
