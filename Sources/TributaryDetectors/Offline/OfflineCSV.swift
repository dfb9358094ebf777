import TributaryCore

/// A CSV of `timestamp,value[,dimension…]` read for offline detection, each row kept with its line and its
/// original text so that the output echoes exactly what came in.
public struct OfflineInput: Sendable {
    public var path: String
    public var dimensionNames: [String]
    public var timestampTexts: [String]
    public var valueTexts: [String]
    public var timestamps: [Int64]
    /// Nil for an empty or `NaN` cell: a period without a value.
    public var values: [ExactDecimal?]
    /// Per row, an index into `combinations`.
    public var combination: [Int]
    public var combinations: [[String]]
    public var lines: [Int]

    public var count: Int { timestamps.count }
}

/// Why an offline CSV was refused: where (file and line) and what.
public struct OfflineInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }
}

/// Reads offline CSVs: a header with `timestamp` and `value` columns (any other column is a dimension), then rows.
///
/// Timestamps are ISO 8601 / RFC 3339 (`2025-03-04`, `2025-03-04 05:06:07`, `…T05:06:07Z`, offsets) or epoch
/// seconds (milliseconds when above 10^11, as exporters write them); values are decimals, in scientific notation
/// too. Values with more precision than 38 digits hold (`1e-50`) are rounded to 36 decimals, since offline values
/// are measurements, not money; empty, `NaN`, `null` and `NA` cells are periods without a value.
public enum OfflineCSV {
    public static func parse(_ bytes: [UInt8], path: String) throws(OfflineInputError) -> OfflineInput {
        var records = RecordSplitter(bytes: bytes)
        guard let (headerLine, header) = records.next() else {
            throw OfflineInputError(
                SourceLocation(file: path, line: 1), "empty file; expected a header timestamp,value")
        }
        let names = header.map { $0.lowercased().trimmedSpaces }
        guard let ti = names.firstIndex(of: "timestamp"), let vi = names.firstIndex(of: "value") else {
            throw OfflineInputError(
                SourceLocation(file: path, line: headerLine),
                "the header must name a timestamp and a value column (timestamp,value[,dimension…]), not '\(header.joined(separator: ","))'"
            )
        }
        let dims = names.indices.filter { $0 != ti && $0 != vi }
        var input = OfflineInput(
            path: path, dimensionNames: dims.map { header[$0].trimmedSpaces }, timestampTexts: [], valueTexts: [],
            timestamps: [], values: [], combination: [], combinations: [], lines: [])
        var comboIndex: [[String]: Int] = [:]
        while let (line, fields) = records.next() {
            if fields.count == 1, fields[0].trimmedSpaces.isEmpty { continue }
            let at = SourceLocation(file: path, line: line)
            guard fields.count == header.count else {
                throw OfflineInputError(at, "expected \(header.count) fields as in the header, found \(fields.count)")
            }
            guard let t = timestamp(fields[ti]) else {
                throw OfflineInputError(
                    at, "timestamp '\(fields[ti])' is neither ISO 8601 (2025-03-04 05:06:07) nor epoch seconds")
            }
            let v: ExactDecimal?
            switch value(fields[vi]) {
            case .some(let parsed): v = parsed
            case .none: throw OfflineInputError(at, "value '\(fields[vi])' is not a number")
            }
            let combo = dims.map { fields[$0] }
            let c: Int
            if let known = comboIndex[combo] {
                c = known
            } else {
                c = input.combinations.count
                comboIndex[combo] = c
                input.combinations.append(combo)
            }
            input.timestampTexts.append(fields[ti])
            input.valueTexts.append(fields[vi])
            input.timestamps.append(t)
            input.values.append(v)
            input.combination.append(c)
            input.lines.append(line)
        }
        return input
    }

    /// Epoch seconds of ISO text or of a number of seconds (milliseconds above 10^11).
    static func timestamp(_ text: String) -> Int64? {
        let t = text.trimmedSpaces
        if let n = Int64(t) { return abs(n) >= 100_000_000_000 ? n / 1000 : n }
        if let d = Double(t), d.isFinite, abs(d) < 9e15 {
            let seconds = abs(d) >= 1e11 ? d / 1000 : d
            return Int64(seconds.rounded(.down))
        }
        if case .success(let s) = CivilTime.parseTimestamp(t) { return s }
        return nil
    }

    /// `.some(nil)` for a cell without a value, `.some(v)` for a number, nil for text that is neither.
    static func value(_ text: String) -> ExactDecimal?? {
        let t = text.trimmedSpaces
        if t.isEmpty || ["nan", "null", "na", "none"].contains(t.lowercased()) { return .some(nil) }
        if let d = ExactDecimal(t) { return .some(d) }
        guard let d = Double(t) else { return nil }
        guard d.isFinite else { return .some(nil) }
        // More digits than an Int128 holds: keep 17 significant digits, at most 36 decimals.
        let magnitude = d == 0 ? 0 : Int((abs(d)).decimalExponent)
        let scale = max(0, min(36, 17 - magnitude))
        let units = (d * ExactDecimal.powersOfTenDouble[scale]).rounded()
        guard abs(units) < 1e37 else { return nil }
        return .some(ExactDecimal(units: Int128(units), scale: scale))
    }
}

extension Double {
    /// The decimal exponent, roughly: floor(log10(x)) for x > 0, without Foundation.
    fileprivate var decimalExponent: Double {
        (Double(exponent) * 0.30103).rounded(.down)
    }
}

extension StringProtocol {
    var trimmedSpaces: String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}

/// Splits CSV bytes into records of fields (RFC 4180 quoting, `\n` or `\r\n`), with the 1-based line each starts on.
struct RecordSplitter {
    let bytes: [UInt8]
    private var i = 0
    private var line = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte order mark is not part of the first header name.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
    }

    mutating func next() -> (Int, [String])? {
        guard i < bytes.count else { return nil }
        let start = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if quoted {
                if c == UInt8(ascii: "\"") {
                    if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                        field.append(c)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if c == UInt8(ascii: "\n") { line += 1 }
                    field.append(c)
                }
            } else if c == UInt8(ascii: "\"") && field.isEmpty {
                quoted = true
            } else if c == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if c == UInt8(ascii: "\n") {
                line += 1
                break
            } else if c != UInt8(ascii: "\r") {
                field.append(c)
            }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        return (start, fields)
    }
}
