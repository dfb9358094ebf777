/// Reads small `TabSeparated` results (probes, `system.columns`, test read-backs) into rows of fields.
///
/// Not a hot path: the loader writes TabSeparated in bulk but only reads a few lines back.
public enum TabSeparatedDecoder {
    /// Rows of fields; `\N` is nil. A trailing newline does not make an empty row.
    public static func rows(_ text: String) -> [[String?]] {
        var rows: [[String?]] = []
        var fields: [String?] = []
        var field: [UInt8] = []
        var isNull = false
        var escaped = false
        var sawAny = false
        func endField() {
            fields.append(isNull && field.isEmpty ? nil : String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            isNull = false
        }
        for b in text.utf8 {
            if escaped {
                escaped = false
                switch b {
                case UInt8(ascii: "t"): field.append(0x09)
                case UInt8(ascii: "n"): field.append(0x0A)
                case UInt8(ascii: "r"): field.append(0x0D)
                case UInt8(ascii: "0"): field.append(0x00)
                case UInt8(ascii: "b"): field.append(0x08)
                case UInt8(ascii: "f"): field.append(0x0C)
                case UInt8(ascii: "a"): field.append(0x07)
                case UInt8(ascii: "v"): field.append(0x0B)
                case UInt8(ascii: "N"): isNull = true
                default: field.append(b)
                }
                continue
            }
            switch b {
            case 0x5C:
                escaped = true
                sawAny = true
            case 0x09:
                endField()
                sawAny = true
            case 0x0A:
                endField()
                rows.append(fields)
                fields.removeAll()
                sawAny = false
            default:
                field.append(b)
                sawAny = true
            }
        }
        if sawAny {
            endField()
            rows.append(fields)
        }
        return rows
    }
}
