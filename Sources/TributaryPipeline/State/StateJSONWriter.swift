import TributaryFormats

/// Writes a state document as indented JSON, so that a person can read it (and `diff` two of them).
///
/// Containers whose compact form fits in `inlineWidth` stay on one line (timestamps, small fingerprints); the
/// rest get one member per line. Key order is the order the `JSONValue` holds, which the encoder makes stable.
enum StateJSONWriter {
    static let inlineWidth = 100

    static func text(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: "", into: &out)
        return out + "\n"
    }

    private static func write(_ value: JSONValue, indent: String, into out: inout String) {
        let compact = value.compactText
        switch value {
        case .object(let object) where compact.count > inlineWidth && !object.isEmpty:
            let inner = indent + "  "
            out += "{\n"
            for (i, member) in object.members.enumerated() {
                out += inner + JSONString.quoted(member.key) + ": "
                write(member.value, indent: inner, into: &out)
                out += i == object.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        case .array(let elements) where compact.count > inlineWidth && !elements.isEmpty:
            let inner = indent + "  "
            out += "[\n"
            for (i, element) in elements.enumerated() {
                out += inner
                write(element, indent: inner, into: &out)
                out += i == elements.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        default:
            out += compact
        }
    }
}
