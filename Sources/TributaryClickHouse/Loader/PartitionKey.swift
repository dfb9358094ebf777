import TributaryCore

/// A `partition_by` expression the loader can evaluate itself, so that it can group rows by partition before
/// sending (lesson L5) and name each partition in `ALTER TABLE … REPLACE PARTITION`.
///
/// Only a few forms are understood, because each must be computed in Swift exactly as ClickHouse computes it:
/// a bare column, `toYYYYMM(col)`, `toDate(col)`, `toMonday(col)`, or a tuple of those such as
/// `(source, toYYYYMM(day))`. Anything else is refused for `strategy = "replace_partition"` rather than
/// guessed at: a wrong partition value would make the swap replace the wrong month.
///
/// Dates and times are read as ClickHouse reads the loader's columns: `Date` is days since 1970-01-01 and
/// `DateTime('UTC')` is evaluated in UTC. A table whose DateTime column has another zone would disagree; the
/// staging count check before the swap catches that instead of replacing the wrong partition.
public struct PartitionKey: Sendable, Equatable, CustomStringConvertible {
    /// One element of the key: a function of one column.
    public struct Part: Sendable, Equatable {
        public enum Function: String, Sendable, Equatable {
            case identity = ""
            case toYYYYMM
            case toDate
            case toMonday
        }

        public var function: Function
        public var column: String

        public init(_ function: Function, _ column: String) {
            self.function = function
            self.column = column
        }

        var expression: String {
            function == .identity ? "`\(column)`" : "\(function.rawValue)(`\(column)`)"
        }
    }

    public var parts: [Part]
    /// Written as `( … )`: the partition value is then a tuple even with one element.
    public var isTuple: Bool

    /// For messages: what `partition_by` may be with `strategy = "replace_partition"`.
    public static let supportedForms =
        "a column, toYYYYMM(column), toDate(column), toMonday(column), or a tuple of those such as "
        + "(source, toYYYYMM(day))"

    public init(parts: [Part], isTuple: Bool) {
        self.parts = parts
        self.isTuple = isTuple
    }

    /// Parses `text`, or returns nil when it is not one of the supported forms.
    public init?(parsing text: String) {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        var tuple = false
        if s.hasPrefix("("), s.hasSuffix(")") {
            tuple = true
            s = s.dropFirst().dropLast()
        }
        var parts: [Part] = []
        for element in s.split(separator: ",", omittingEmptySubsequences: false) {
            guard let part = Self.part(element.trimmingCharacters(in: .whitespaces)) else { return nil }
            parts.append(part)
        }
        guard !parts.isEmpty, tuple || parts.count == 1 else { return nil }
        self.init(parts: parts, isTuple: tuple)
    }

    /// `name` or `fn(name)`, with optional back quotes around the name.
    private static func part(_ text: String) -> Part? {
        var function = Part.Function.identity
        var argument = Substring(text)
        if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
            guard let f = Part.Function(rawValue: String(text[..<open]).trimmingCharacters(in: .whitespaces)),
                f != .identity
            else { return nil }
            function = f
            argument = text[text.index(after: open)..<text.index(before: text.endIndex)]
        }
        var name = argument.trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("`"), name.hasSuffix("`") { name = String(name.dropFirst().dropLast()) }
        guard ClickHouseIdentifier.isValid(name) else { return nil }
        return Part(function, name)
    }

    /// The expression as SQL, for `WHERE <expression> = <literal>`.
    public var expression: String {
        let inner = parts.map(\.expression).joined(separator: ", ")
        return isTuple ? "(\(inner))" : inner
    }

    public var description: String { expression }

    /// Checks that every column exists in `schema` with a type its function can take, and is not Nullable (a
    /// NULL has no partition the loader could name).
    public func validate(_ schema: Schema) throws(ClickHouseError) {
        for part in parts {
            guard let field = schema.field(named: part.column) else {
                throw .invalidConfiguration(
                    key: "partition_by",
                    problem: "`\(part.column)` is not a column the pipeline writes (columns: "
                        + schema.names.joined(separator: ", ") + ")")
            }
            let ok: Bool =
                switch (part.function, field.type) {
                case (.identity, .string), (.identity, .int64), (.identity, .uint64), (.identity, .date): true
                case (.toYYYYMM, .date), (.toYYYYMM, .dateTime), (.toDate, .date), (.toDate, .dateTime): true
                case (.toMonday, .date), (.toMonday, .dateTime): true
                default: false
                }
            guard ok else {
                let use = part.function == .identity ? "a bare column" : "\(part.function.rawValue)()"
                throw .invalidConfiguration(
                    key: "partition_by",
                    problem: "`\(part.column)` is \(field.type), which \(use) does not take with strategy "
                        + "\"replace_partition\"; bare columns may be strings, integers or dates, and the "
                        + "functions take a date or a date-time")
            }
        }
    }

    /// Each row's partition, as the literal `ALTER TABLE … REPLACE PARTITION` takes on 18.16 (`202501`,
    /// `'2025-01-06'`, `('aws', 202501)`): the partition expression's value, strings single-quoted.
    ///
    /// Throws for a NULL in a key column: ClickHouse would put it in a partition of the type's default.
    public func literals(of batch: RecordBatch, table: String) throws(ClickHouseError) -> [String] {
        var perPart: [[String]] = []
        for part in parts {
            guard let column = batch.column(named: part.column) else {
                throw .schemaChanged(table: table, detail: "no column `\(part.column)` for partition_by")
            }
            if column.nullCount > 0, let row = (0..<batch.count).first(where: { column.isNull($0) }) {
                throw .nullPartitionKey(column: part.column, table: table, row: ClickHouseLoader.line(row, of: batch))
            }
            perPart.append(try Self.literals(part.function, column, table: table))
        }
        if !isTuple, let only = perPart.first { return only }
        return (0..<batch.count).map { row in "(" + perPart.map { $0[row] }.joined(separator: ", ") + ")" }
    }

    private static func literals(_ function: Part.Function, _ column: Column, table: String)
        throws(ClickHouseError) -> [String]
    {
        switch (function, column) {
        case (.identity, .string(let c)): return (0..<c.count).map { quote(c.string(at: $0)) }
        case (.identity, .int64(let c)): return c.values.map { String($0) }
        case (.identity, .uint64(let c)): return c.values.map { String($0) }
        case (.identity, .date(let c)), (.toDate, .date(let c)):
            return c.values.map { quote(CivilTime.formatDate(days: Int64($0))) }
        case (.toYYYYMM, .date(let c)): return c.values.map { yyyymm(days: Int64($0)) }
        case (.toYYYYMM, .dateTime(let c)): return c.values.map { yyyymm(days: days(epochSeconds: $0)) }
        case (.toDate, .dateTime(let c)):
            return c.values.map { quote(CivilTime.formatDate(days: days(epochSeconds: $0))) }
        case (.toMonday, .date(let c)): return c.values.map { quote(CivilTime.formatDate(days: monday(Int64($0)))) }
        case (.toMonday, .dateTime(let c)):
            return c.values.map { quote(CivilTime.formatDate(days: monday(days(epochSeconds: $0)))) }
        default:
            throw .schemaChanged(table: table, detail: "partition_by cannot take a \(column.dataType) column")
        }
    }

    static func days(epochSeconds s: Int64) -> Int64 { s >= 0 ? s / 86400 : -((-s + 86399) / 86400) }

    /// 1970-01-01 was a Thursday, so day 4 is the first Monday.
    static func monday(_ days: Int64) -> Int64 { days - ((days + 3) % 7 + 7) % 7 }

    static func yyyymm(days: Int64) -> String {
        let c = CivilTime.civil(days: days)
        return String(c.year * 100 + c.month)
    }

    /// A ClickHouse string literal: backslash and single quote escaped, as in quoted text formats.
    public static func quote(_ s: String) -> String {
        var out = "'"
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "'"
    }
}
