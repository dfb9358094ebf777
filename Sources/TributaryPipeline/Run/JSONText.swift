import TributaryCore
import TributaryFormats

/// Builds JSON text by hand for the few documents the runner writes (rejects, logs, the summary), so that
/// money goes out as exact unquoted decimals and key order is stable.
struct JSONText {
    private(set) var text = "{"
    private var first = true

    static func quote(_ s: String) -> String { JSONString.quoted(s) }

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
