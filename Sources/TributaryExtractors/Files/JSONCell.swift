import TributaryCore
import TributaryFormats

/// Turns the JSON value at a column's key path into a cell of the column's type.
///
/// Numbers keep their exact text all the way into decimals; texts that must be parsed (numbers as strings,
/// timestamps) go through the same `CellDecoder` as CSV cells, so both sources accept exactly the same values.
enum JSONCell {
    /// A fixed-width value or NULL.
    case value(CellValue)
    case text(String)
    case list([String])
    case failure(String)

    /// `value` (nil when the key is missing) for a column decoded by `decoder`, found at `path`.
    static func decode(
        _ value: JSONValue?, _ decoder: CellDecoder, _ tables: CellDecoder.Tables, path: JSONPath
    ) -> JSONCell {
        guard let value, !value.isNull else {
            return decoder.nullable ? .value(.null) : .failure("missing value at \(path)")
        }
        func wrongType(_ expected: String) -> JSONCell {
            .failure("expected \(expected) at \(path), found \(value.kindDescription)")
        }
        switch (decoder.kind, value) {
        case (.string, .string(let s)):
            return .text(s)
        case (.string, _):
            return .text(value.compactText)
        case (.stringArray, .array(let elements)):
            var strings: [String] = []
            for (i, element) in elements.enumerated() {
                guard case .string(let s) = element else {
                    return .failure(
                        "expected a string at \(path.appending(index: i)), found \(element.kindDescription)")
                }
                strings.append(s)
            }
            return .list(strings)
        case (.stringArray, _):
            return wrongType("an array of strings")
        case (.decimal, .number(let text)), (.decimal, .string(let text)),
            (.int64, .number(let text)), (.int64, .string(let text)),
            (.uint64, .number(let text)), (.uint64, .string(let text)),
            (.float64, .number(let text)), (.float64, .string(let text)),
            (.bool, .string(let text)), (.date, .string(let text)), (.dateTime, .string(let text)):
            return parse(text, decoder, tables, path: path)
        case (.dateTime, .number(let text)):
            // An integer number is epoch seconds, as in the OpenAI and Anthropic usage APIs.
            var bytes = text
            let cell = bytes.withUTF8 { CellDecoder.parseInt64(UnsafeRawBufferPointer($0)) }
            if case .int64(let s) = cell { return .value(.dateTime(s)) }
            return .failure("'\(text)' at \(path) is not a whole number of seconds since the epoch")
        case (.bool, .bool(let b)):
            return .value(.bool(b))
        case (.decimal, _), (.int64, _), (.uint64, _), (.float64, _):
            return wrongType("a number")
        case (.bool, _):
            return wrongType("a boolean")
        case (.date, _), (.dateTime, _):
            return wrongType("a string")
        }
    }

    private static func parse(
        _ text: String, _ decoder: CellDecoder, _ tables: CellDecoder.Tables, path: JSONPath
    ) -> JSONCell {
        var bytes = text
        return bytes.withUTF8 { buffer -> JSONCell in
            let cell = UnsafeRawBufferPointer(buffer)
            let decoded = decoder.decode(cell, tables)
            if case .failure(let failure) = decoded {
                let reason = failure.reason(cell: cell, type: decoder.type, format: decoder.formatPattern(tables))
                return .failure("\(reason) at \(path)")
            }
            return .value(decoded)
        }
    }
}
