import Testing
import TributaryCore
@testable import TributaryTransformers

struct DateTimeFormatTests {
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
            #expect(result == CivilTime.parseTimestamp(expected).mapError { _ in DateTimeFormat.Failure.mismatch })
        } else {
            #expect(throws: DateTimeFormat.Failure.self) { try result.get() }
        }
    }

    @Test func outOfRangeIsToldApartFromMismatch() throws {
        let format = try DateTimeFormat("%Y-%m-%d")
        #expect(format.parse("2025-13-01") == .failure(.outOfRange))
        #expect(format.parse("2025-1x-01") == .failure(.mismatch))
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
}
