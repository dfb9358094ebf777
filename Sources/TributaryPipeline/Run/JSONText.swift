import TributaryCore

/// Builds JSON text by hand for the few documents the runner writes (rejects, logs, the summary), so that
/// money goes out as exact unquoted decimals and key order is stable.
struct JSONText {
    private(set) var text = "{"
    private var first = true

    static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    private mutating func key(_ k: String) {
        if !first { text += "," }
        first = false
        text += JSONText.quote(k) + ":"
    }

    mutating func add(_ k: String, _ v: String?) {
        key(k)
        text += v.map(JSONText.quote) ?? "null"
    }

    mutating func add(_ k: String, _ v: Int) {
        key(k)
        text += String(v)
    }

    mutating func add(_ k: String, _ v: Double) {
        key(k)
        text += v.isFinite ? String(v) : "null"
    }

    mutating func add(_ k: String, _ v: Bool) {
        key(k)
        text += v ? "true" : "false"
    }

    /// An exact decimal, unquoted.
    mutating func add(_ k: String, _ v: ExactDecimal) {
        key(k)
        text += v.description
    }

    /// Already-encoded JSON.
    mutating func add(_ k: String, raw: String) {
        key(k)
        text += raw
    }

    func closed() -> String { text + "}" }
}
