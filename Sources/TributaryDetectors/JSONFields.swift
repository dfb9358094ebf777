import TributaryCore

/// A JSON object written field by field in a fixed order, with exact decimals as unquoted numbers from their text
/// (never through Double, lesson L7): the one JSON writer of alert records and webhook payloads.
struct JSONFields {
    private(set) var text = "{"
    private var first = true

    private mutating func key(_ k: String) {
        if !first { text += "," }
        first = false
        text += Self.quoted(k) + ":"
    }

    mutating func string(_ k: String, _ v: String?) {
        key(k)
        text += v.map(Self.quoted) ?? "null"
    }

    mutating func decimal(_ k: String, _ v: ExactDecimal?) {
        key(k)
        text += v.map(\.description) ?? "null"
    }

    mutating func int(_ k: String, _ v: Int) {
        key(k)
        text += String(v)
    }

    mutating func double(_ k: String, _ v: Double?, decimals: Int = 4) {
        key(k)
        guard let v, v.isFinite else {
            text += "null"
            return
        }
        let scale = ExactDecimal.powersOfTenDouble[decimals]
        let units = Int128((v * scale).rounded())
        text += ExactDecimal(units: units, scale: decimals).trimmed.description
    }

    mutating func raw(_ k: String, _ json: String) {
        key(k)
        text += json
    }

    var json: String { text + "}" }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    /// `text` as a JSON string, escaping quotes, backslashes and control characters.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `2025-03-04T00:00:00Z`.
    static func timestamp(_ t: Int64) -> String {
        CivilTime.formatDateTime(epochSeconds: t).replacing(" ", with: "T") + "Z"
    }
}
