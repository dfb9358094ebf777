// Reads a TOML document on standard input and writes it as toml-test "tagged JSON" on standard
// output, so the parser can be checked against the language-independent toml-test suite.
// Exit status 0 on success; for an invalid document, `line:col: error: message` on standard
// error and exit status 1.
import Foundation
import TributaryFormats

/// Writes tagged JSON by hand: key order is kept, and every scalar becomes
/// `{"type": ..., "value": "..."}` with the value as text, as toml-test expects.
struct TaggedJSONWriter {
    private(set) var output = ""

    mutating func write(_ table: TOMLTable) {
        output += "{"
        var first = true
        for (key, node) in table {
            if !first {
                output += ","
            }
            first = false
            writeString(key)
            output += ":"
            write(node.value)
        }
        output += "}"
    }

    mutating func write(_ value: TOMLValue) {
        switch value {
        case .string(let text): scalar("string", text)
        case .integer(let number): scalar("integer", String(number))
        case .float(let number): scalar("float", Self.format(number))
        case .bool(let flag): scalar("bool", flag ? "true" : "false")
        case .offsetDateTime(let dateTime): scalar("datetime", dateTime.description)
        case .localDateTime(let dateTime): scalar("datetime-local", dateTime.description)
        case .localDate(let date): scalar("date-local", date.description)
        case .localTime(let time): scalar("time-local", time.description)
        case .table(let table): write(table)
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 {
                    output += ","
                }
                write(item.value)
            }
            output += "]"
        }
    }

    /// Swift's shortest round-trip form, with the spellings Python's `float()` accepts.
    static func format(_ number: Double) -> String {
        if number.isNaN {
            return "nan"
        }
        if number.isInfinite {
            return number < 0 ? "-inf" : "inf"
        }
        return number.description
    }

    private mutating func scalar(_ type: String, _ text: String) {
        output += "{\"type\":\"\(type)\",\"value\":"
        writeString(text)
        output += "}"
    }

    private mutating func writeString(_ text: String) {
        output += JSONString.quoted(text)
    }
}

let input = FileHandle.standardInput.readDataToEndOfFile()
do {
    let table = try TOMLParser.parse(bytes: [UInt8](input))
    var writer = TaggedJSONWriter()
    writer.write(table)
    FileHandle.standardOutput.write(Data((writer.output + "\n").utf8))
    exit(0)
} catch {
    FileHandle.standardError.write(Data("\(error.line):\(error.column): error: \(error.message)\n".utf8))
    exit(1)
}
