import Testing

@testable import TributaryCore

/// The cases of the extractors' and the transformers' former copies of `DateTimeFormat`, which now share this one,
/// and the cases of the choices made where the two copies disagreed.
struct DateTimeFormatTests {
    func parse(_ pattern: String, _ text: String) throws -> Result<Int64, CivilTime.ParseFailure> {
        let format = try DateTimeFormat(pattern)
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { format.parse(UnsafeRawBufferPointer($0)) }
    }

    func seconds(_ y: Int64, _ m: Int64, _ d: Int64, _ h: Int64 = 0, _ mi: Int64 = 0, _ s: Int64 = 0) -> Int64 {
        CivilTime.days(year: y, month: m, day: d) * 86400 + h * 3600 + mi * 60 + s
    }

    // MARK: From the extractors' copy.

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
            throws: DateTimeFormat.PatternError(
                message: "format '%I:%M' has %I without %p; a 12-hour clock needs both", offset: 0)
        ) {
            try DateTimeFormat("%I:%M")
        }
    }

    // MARK: From the transformers' copy.

    struct Case: Sendable, CustomStringConvertible {
        var pattern: String
        var input: String
        /// ISO text of the expected instant (UTC), or nil when the input must not parse.
        var expected: String?
        var description: String { "\(pattern) ← \(input)" }
    }

    @Test(arguments: [
        Case(pattern: "%Y-%m-%d", input: "2025-03-04", expected: "2025-03-04T00:00:00Z"),
        Case(pattern: "%F %T", input: "2025-03-04 05:06:07", expected: "2025-03-04T05:06:07Z"),
        Case(pattern: "%m/%d/%Y %H:%M", input: "3/4/2025 5:06", expected: "2025-03-04T05:06:00Z"),
        Case(pattern: "%d/%m/%y", input: "04/03/25", expected: "2025-03-04T00:00:00Z"),
        Case(pattern: "%d/%m/%y", input: "04/03/69", expected: "1969-03-04T00:00:00Z"),
        Case(pattern: "%d %b %Y", input: "04 mar 2025", expected: "2025-03-04T00:00:00Z"),
        Case(pattern: "%d %B %Y", input: "4 September 2025", expected: "2025-09-04T00:00:00Z"),
        Case(pattern: "%b %e %Y", input: "Mar  4 2025", expected: "2025-03-04T00:00:00Z"),
        Case(pattern: "%Y%j", input: "2024366", expected: "2024-12-31T00:00:00Z"),
        Case(pattern: "%Y-%m-%dT%H:%M:%S%z", input: "2025-03-04T05:06:07+02:00", expected: "2025-03-04T03:06:07Z"),
        Case(pattern: "%Y-%m-%dT%H:%M:%S%z", input: "2025-03-04T05:06:07-0130", expected: "2025-03-04T06:36:07Z"),
        Case(pattern: "%Y-%m-%dT%H:%M:%S%z", input: "2025-03-04T05:06:07Z", expected: "2025-03-04T05:06:07Z"),
        Case(pattern: "%Y-%m-%d %H:%M:%S.%f", input: "2025-03-04 05:06:07.123456", expected: "2025-03-04T05:06:07Z"),
        Case(pattern: "%I:%M %p %D", input: "12:15 AM 03/04/25", expected: "2025-03-04T00:15:00Z"),
        Case(pattern: "%I:%M %p %D", input: "12:15 pm 03/04/25", expected: "2025-03-04T12:15:00Z"),
        Case(pattern: "%s", input: "1741064767", expected: "2025-03-04T05:06:07Z"),
        Case(pattern: "%Y-%m-%d", input: "  2025-03-04  ", expected: "2025-03-04T00:00:00Z"),
        Case(pattern: "%Y-%m-%d", input: "2025-02-29", expected: nil),
        Case(pattern: "%Y-%m-%d", input: "2025-03-04x", expected: nil),
        Case(pattern: "%Y-%m-%d", input: "2025/03/04", expected: nil),
        Case(pattern: "%H:%M", input: "24:00", expected: nil),
        Case(pattern: "%b", input: "Foo", expected: nil),
        Case(pattern: "%Y%j", input: "2025366", expected: nil),
    ])
    func parse(_ c: Case) throws {
        let format = try DateTimeFormat(c.pattern)
        let result = format.parse(c.input)
        if let expected = c.expected {
            #expect(result == CivilTime.parseTimestamp(expected))
        } else {
            #expect(throws: CivilTime.ParseFailure.self) { try result.get() }
        }
    }

    @Test func outOfRangeIsToldApartFromMalformed() throws {
        let format = try DateTimeFormat("%Y-%m-%d")
        #expect(format.parse("2025-13-01") == .failure(.outOfRange))
        #expect(format.parse("2025-1x-01") == .failure(.malformed))
    }

    @Test(arguments: [
        (
            "%Y-%Q",
            "unknown directive '%Q' in format '%Y-%Q'; known: %Y %y %m %b %B %h %d %e %j %H %I %p %M %S %f %z %s %T %F "
                + "%D %R %%",
            3
        ),
        ("%Y-%", "format '%Y-%' ends with a lone '%'", 3),
    ])
    func patternErrors(_ pattern: String, _ message: String, _ offset: Int) {
        do {
            _ = try DateTimeFormat(pattern)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == message)
            #expect(error.offset == offset)
        }
    }

    // MARK: Where the two copies disagreed, and what the merged type does.

    @Test func yearsHaveTheirFullWidth() throws {
        // `%Y` once read 1–4 digits in `cast`, which took `25` for the year 25.
        #expect(try parse("%m/%d/%Y", "3/4/25") == .failure(.malformed))
        #expect(try parse("%m/%d/%Y", "3/4/0025") == .success(seconds(25, 3, 4)))
        // `%y` is two digits, whatever follows.
        #expect(try parse("%y-%m", "5-03") == .failure(.malformed))
        #expect(try parse("%y-%m", "05-03") == .success(seconds(2005, 3, 1)))
    }

    @Test func minutesAndSecondsMayHaveOneDigit() throws {
        #expect(try parse("%H:%M:%S", "5:6:7") == .success(seconds(1970, 1, 1, 5, 6, 7)))
        #expect(try parse("%R", "05:06") == .success(seconds(1970, 1, 1, 5, 6)))
        #expect(try parse("%S", "60") == .success(59))
        #expect(try parse("%S", "61") == .failure(.outOfRange))
    }

    @Test func onlyPaddedDaysSkipASpace() throws {
        #expect(try parse("%m/%e/%Y", "03/ 4/2025") == .success(seconds(2025, 3, 4)))
        #expect(try parse("%m/%d/%Y", "03/ 4/2025") == .failure(.malformed))
    }

    @Test func tabsAndSpacesMatchAnyRunOfEither() throws {
        #expect(try parse("%Y\t%m", "2025 \t 03") == .success(seconds(2025, 3, 1)))
        #expect(try parse("%Y %m", "2025\t03") == .success(seconds(2025, 3, 1)))
        #expect(try parse("%Y %m", "202503") == .success(seconds(2025, 3, 1)))
    }

    @Test func offsetsMayOmitTheMinutes() throws {
        #expect(try parse("%F %T%z", "2025-03-04 05:06:07+02") == .success(seconds(2025, 3, 4, 3, 6, 7)))
        #expect(try parse("%F %T%z", "2025-03-04 05:06:07+0230") == .success(seconds(2025, 3, 4, 2, 36, 7)))
        #expect(try parse("%F %T%z", "2025-03-04 05:06:07+24:00") == .failure(.malformed))
        #expect(try parse("%F %T%z", "2025-03-04 05:06:07+02:60") == .failure(.malformed))
    }

    @Test func epochSecondsAreAlreadyUTC() throws {
        #expect(try parse("%s%z", "1700000000+0100") == .success(1_700_000_000))
        #expect(try parse("%s", "-86400") == .success(-86400))
    }

    @Test func dayOfYearWinsOverMonthAndDay() throws {
        #expect(try parse("%Y-%m-%d %j", "2025-12-31 001") == .success(seconds(2025, 1, 1)))
        #expect(try parse("%Y %j", "2025 0") == .failure(.outOfRange))
    }

    @Test func twelveHourClockNeedsBothHalves() {
        #expect(
            throws: DateTimeFormat.PatternError(
                message: "format '%H:%M %p' has %p without %I; a 12-hour clock needs both", offset: 6)
        ) {
            try DateTimeFormat("%H:%M %p")
        }
        #expect(
            throws: DateTimeFormat.PatternError(
                message: "format '%F %I:%M' has %I without %p; a 12-hour clock needs both", offset: 3)
        ) {
            try DateTimeFormat("%F %I:%M")
        }
    }

    @Test func longFractionsDoNotOverflow() throws {
        let text = "2025-03-04 05:06:07." + String(repeating: "9", count: 40)
        #expect(try parse("%F %T.%f", text) == .success(seconds(2025, 3, 4, 5, 6, 7)))
    }

    @Test func unknownDirectivesAreNamedWhole() {
        do {
            _ = try DateTimeFormat("%Y%é")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("unknown directive '%é' in format '%Y%é'"))
            #expect(error.offset == 2)
        }
    }

    @Test func textAndBytesAgree() throws {
        let format = try DateTimeFormat("%d-%b-%Y %I:%M %p")
        #expect(format.parse("04-Mar-2025 01:02 PM") == (try parse("%d-%b-%Y %I:%M %p", "04-Mar-2025 01:02 PM")))
        #expect(format.description == "%d-%b-%Y %I:%M %p")
        #expect(format == (try DateTimeFormat("%d-%b-%Y %I:%M %p")))
        #expect(format != (try DateTimeFormat("%F")))
    }
}
