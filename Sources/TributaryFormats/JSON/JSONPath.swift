/// A path to a value inside a JSON document, printed the way JSONPath writes it: `$.data[3].amount`.
///
/// Rejects and errors name the exact value at fault with it, and column specs use its short form
/// (`usage.input_tokens`) to pick nested values.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    /// `$`, the document itself.
    public static let root = JSONPath([])

    public init(_ components: [Component]) {
        self.components = components
    }

    /// Parses `usage.input_tokens`, `$.data[3].amount`, `items[0]` or `$["key with.dot"]`.
    ///
    /// A key runs to the next `.` or `[`; a bracketed, double-quoted key may hold anything, with `\"` and `\\`
    /// escaped. Returns nil for an empty key, an unclosed bracket, or a bracket holding neither an index nor a
    /// quoted key.
    public init?(parsing text: String) {
        var chars = Array(text.unicodeScalars)[...]
        if chars.first == "$" { chars = chars.dropFirst() }
        var components: [Component] = []
        var expectKey = !chars.isEmpty && chars.first != "." && chars.first != "["
        while !chars.isEmpty || expectKey {
            if expectKey || chars.first == "." {
                if !expectKey { chars = chars.dropFirst() }
                expectKey = false
                let key = chars.prefix { $0 != "." && $0 != "[" && $0 != "]" }
                guard !key.isEmpty else { return nil }
                components.append(.key(String(String.UnicodeScalarView(key))))
                chars = chars.dropFirst(key.count)
            } else if chars.first == "[" {
                chars = chars.dropFirst()
                if chars.first == "\"" {
                    chars = chars.dropFirst()
                    var key = String.UnicodeScalarView()
                    while let c = chars.first, c != "\"" {
                        chars = chars.dropFirst()
                        if c == "\\" {
                            guard let escaped = chars.first else { return nil }
                            key.append(escaped)
                            chars = chars.dropFirst()
                        } else {
                            key.append(c)
                        }
                    }
                    guard chars.first == "\"" else { return nil }
                    chars = chars.dropFirst()
                    components.append(.key(String(key)))
                } else {
                    let digits = chars.prefix { $0.value >= 0x30 && $0.value <= 0x39 }
                    guard let index = Int(String(String.UnicodeScalarView(digits))) else { return nil }
                    components.append(.index(index))
                    chars = chars.dropFirst(digits.count)
                }
                guard chars.first == "]" else { return nil }
                chars = chars.dropFirst()
            } else {
                return nil
            }
        }
        self.components = components
    }

    public func appending(key: String) -> JSONPath { JSONPath(components + [.key(key)]) }
    public func appending(index: Int) -> JSONPath { JSONPath(components + [.index(index)]) }

    public var description: String {
        var text = "$"
        for component in components {
            switch component {
            case .index(let i):
                text += "[\(i)]"
            case .key(let key) where Self.isIdentifier(key):
                text += ".\(key)"
            case .key(let key):
                text += "[\""
                for c in key.unicodeScalars {
                    if c == "\\" || c == "\"" { text += "\\" }
                    text.unicodeScalars.append(c)
                }
                text += "\"]"
            }
        }
        return text
    }

    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(0x30...0x39).contains(first) else { return false }
        return key.utf8.allSatisfy { c in
            (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x5F
        }
    }
}
