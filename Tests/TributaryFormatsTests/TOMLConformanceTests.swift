import Foundation
import Testing
import TributaryFormats

/// Runs the language-independent toml-test cases (TOML 1.0.0) through the parser when they are
/// available next to the package, at `../shared/toml-test`. The project's own tests above do not
/// depend on them; this one is skipped, visibly, when the folder is absent.
@Suite("toml-test conformance")
struct TOMLConformanceTests {
    static let casesRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TributaryFormatsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/toml-test")

    static var casesAvailable: Bool {
        FileManager.default.fileExists(atPath: casesRoot.appendingPathComponent("files-toml-1.0.0").path)
    }

    @Test(.enabled(if: casesAvailable, "needs ../shared/toml-test"))
    func everyValidCaseMatchesAndEveryInvalidCaseFails() throws {
        let list = try String(contentsOf: Self.casesRoot.appendingPathComponent("files-toml-1.0.0"), encoding: .utf8)
        let files = list.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasSuffix(".toml") }
        try #require(files.count > 0, "no cases listed")
        var failures: [String] = []
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: Self.casesRoot.appendingPathComponent(file)))
            if file.hasPrefix("invalid/") {
                if (try? TOMLParser.parse(bytes: bytes)) != nil {
                    failures.append("\(file): accepted an invalid document")
                }
                continue
            }
            let jsonURL = Self.casesRoot.appendingPathComponent(String(file.dropLast(5)) + ".json")
            let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: jsonURL))
            do {
                let table = try TOMLParser.parse(bytes: bytes)
                if let difference = Self.difference(.table(table), expected, at: "") {
                    failures.append("\(file): \(difference)")
                }
            } catch {
                failures.append("\(file): \(error)")
            }
        }
        let report = failures.joined(separator: "\n")
        #expect(failures.isEmpty, "\(failures.count) of \(files.count) cases failed:\n\(report)")
    }

    /// Where `value` differs from toml-test's tagged JSON `expected`, or `nil` when it matches.
    static func difference(_ value: TOMLValue, _ expected: Any, at path: String) -> String? {
        switch value {
        case .table(let table):
            guard let object = expected as? [String: Any], !isTaggedScalar(object) else {
                return "\(path): expected \(expected), found a table"
            }
            guard Set(object.keys) == Set(table.keys) else {
                return "\(path): expected keys \(object.keys.sorted()), found \(table.keys.sorted())"
            }
            for (key, node) in table {
                guard let child = object[key] else { return "\(path).\(key): missing" }
                if let difference = difference(node.value, child, at: "\(path).\(key)") {
                    return difference
                }
            }
            return nil
        case .array(let items):
            guard let array = expected as? [Any], array.count == items.count else {
                return "\(path): expected \(expected), found an array of \(items.count)"
            }
            for (index, pair) in zip(items, array).enumerated() {
                if let difference = difference(pair.0.value, pair.1, at: "\(path)[\(index)]") {
                    return difference
                }
            }
            return nil
        default:
            guard let object = expected as? [String: Any], isTaggedScalar(object),
                let type = object["type"] as? String, let text = object["value"] as? String
            else {
                return "\(path): expected \(expected), found \(value)"
            }
            if scalarMatches(value, type: type, text: text) {
                return nil
            }
            return "\(path): expected \(type) \(text), found \(value)"
        }
    }

    private static func isTaggedScalar(_ object: [String: Any]) -> Bool {
        Set(object.keys) == ["type", "value"] && object["value"] is String
    }

    private static func scalarMatches(_ value: TOMLValue, type: String, text: String) -> Bool {
        switch (value, type) {
        case (.string(let string), "string"):
            return string == text
        case (.integer(let integer), "integer"):
            return Int64(text) == integer
        case (.float(let float), "float"):
            guard let want = Double(text) else { return false }
            return want.isNaN ? float.isNaN : want == float
        case (.bool(let bool), "bool"):
            return text == String(bool)
        case (.offsetDateTime(let dateTime), "datetime"):
            guard case .offsetDateTime(let want)? = parsedScalar(text) else { return false }
            return instant(want) == instant(dateTime)
        case (.localDateTime, "datetime-local"), (.localDate, "date-local"), (.localTime, "time-local"):
            return parsedScalar(text) == value
        default:
            return false
        }
    }

    /// Reads an expected date/time text with the parser itself; its date-time handling is covered
    /// by the unit tests, and this keeps the comparison independent of formatting differences.
    private static func parsedScalar(_ text: String) -> TOMLValue? {
        (try? TOMLParser.parse("v = \(text)"))?["v"]?.value
    }

    /// Seconds since 1970-01-01T00:00Z and nanoseconds, so that `Z` and `+00:00` compare equal.
    private static func instant(_ dateTime: TOMLDateTime) -> [Int] {
        let year = dateTime.month <= 2 ? dateTime.year - 1 : dateTime.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (dateTime.month + (dateTime.month > 2 ? -3 : 9)) + 2) / 5 + dateTime.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + dateTime.hour * 3_600 + dateTime.minute * 60 + dateTime.second
        return [seconds - (dateTime.offsetMinutes ?? 0) * 60, dateTime.nanosecond]
    }
}
