import TributaryFormats

/// Prints a pipeline document back as TOML with `${VAR}` resolved and secret values replaced by `•••`, for
/// `tributary plan`.
struct ResolvedConfigRenderer {
    let interpolator: EnvironmentInterpolator
    let secrets: SecretPolicy

    func render(_ document: TOMLTable) -> String {
        var lines: [String] = []
        renderTable(document, header: nil, into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private func renderTable(_ table: TOMLTable, header: String?, into lines: inout [String]) {
        var nested: [(String, TOMLNode)] = []
        for (key, node) in table {
            switch node.value {
            case .table: nested.append((key, node))
            // Stage lists (`[[transform]]`) keep their headers; lists of tables inside a stage stay inline,
            // one entry per line, as pipeline files write them.
            case .array(let items)
            where header == nil && !items.isEmpty && items.allSatisfy({ $0.value.tableValue != nil }):
                nested.append((key, node))
            case .array(let items) where !items.isEmpty && items.allSatisfy({ $0.value.tableValue != nil }):
                lines.append("\(quoteKey(key)) = [")
                for item in items { lines.append("    \(inline(item.value, key: key)),") }
                lines.append("]")
            default:
                lines.append("\(quoteKey(key)) = \(inline(node.value, key: key))")
            }
        }
        for (key, node) in nested {
            let name = header.map { "\($0).\(quoteKey(key))" } ?? quoteKey(key)
            switch node.value {
            case .table(let t):
                lines.append("")
                lines.append("[\(name)]")
                renderTable(t, header: name, into: &lines)
            case .array(let items):
                for item in items {
                    guard case .table(let t) = item.value else { continue }
                    lines.append("")
                    lines.append("[[\(name)]]")
                    renderTable(t, header: name, into: &lines)
                }
            default: break
            }
        }
    }

    private func inline(_ value: TOMLValue, key: String) -> String {
        if secrets.isSecret(key), case .string = value { return quote(Secret.mask) }
        switch value {
        case .string(let s):
            switch interpolator.interpolate(s) {
            case .success(let r): return quote(r.text)
            case .failure: return quote(s)
            }
        case .integer(let i): return String(i)
        case .float(let d): return d.isNaN ? "nan" : d.isInfinite ? (d < 0 ? "-inf" : "inf") : String(d)
        case .bool(let b): return b ? "true" : "false"
        case .offsetDateTime(let d), .localDateTime(let d): return String(describing: d)
        case .localDate(let d): return String(describing: d)
        case .localTime(let t): return String(describing: t)
        case .array(let items): return "[" + items.map { inline($0.value, key: key) }.joined(separator: ", ") + "]"
        case .table(let t):
            return "{ "
                + t.map { "\(quoteKey($0.key)) = \(inline($0.node.value, key: $0.key))" }.joined(separator: ", ")
                + " }"
        }
    }

    private func quoteKey(_ key: String) -> String {
        let bare =
            !key.isEmpty
            && key.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
            }
        return bare ? key : quote(key)
    }

    private func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    out += String(format: "\\u%04X", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
