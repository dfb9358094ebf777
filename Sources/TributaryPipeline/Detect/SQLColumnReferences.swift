/// The column names a ClickHouse expression of a `[[detect]]` section refers to (`sum(billed_cost)`,
/// `charge_category = 'Usage' AND provider IN ('aws')`), so that a misspelt column is refused when the pipeline
/// file is validated, with its TOML line, instead of failing the query after the load.
///
/// A deliberately small reading of SQL: string literals and numbers are skipped, a name followed by `(` is a
/// function, keywords are skipped, and every other name (or `` `back-quoted` `` name) is a column. It does not
/// validate the SQL: ClickHouse does that when the query runs.
enum SQLColumnReferences {
    static let keywords: Set<String> = [
        "and", "or", "not", "in", "is", "null", "like", "ilike", "between", "case", "when", "then", "else", "end",
        "as", "true", "false", "interval", "second", "minute", "hour", "day", "week", "month", "quarter", "year",
        "distinct", "if", "global", "asc", "desc", "any", "all",
    ]

    /// The names `sql` uses as columns, in order of first use.
    static func columns(in sql: String) -> [String] {
        let s = Array(sql.unicodeScalars)
        var out: [String] = []
        var i = 0
        func isStart(_ c: Unicode.Scalar) -> Bool { c == "_" || (c.isASCII && c.properties.isAlphabetic) }
        func isPart(_ c: Unicode.Scalar) -> Bool { isStart(c) || ("0"..."9").contains(c) || c == "." }
        while i < s.count {
            let c = s[i]
            if c == "'" {
                i += 1
                while i < s.count, s[i] != "'" { i += s[i] == "\\" ? 2 : 1 }
                i += 1
            } else if c == "`" {
                var name = ""
                i += 1
                while i < s.count, s[i] != "`" {
                    name.unicodeScalars.append(s[i])
                    i += 1
                }
                i += 1
                if !out.contains(name) { out.append(name) }
            } else if ("0"..."9").contains(c) {
                while i < s.count, isPart(s[i]) { i += 1 }
            } else if isStart(c) {
                var name = ""
                while i < s.count, isPart(s[i]) {
                    name.unicodeScalars.append(s[i])
                    i += 1
                }
                var j = i
                while j < s.count, s[j] == " " { j += 1 }
                let isFunction = j < s.count && s[j] == "("
                if !isFunction, !keywords.contains(name.lowercased()), !out.contains(name) { out.append(name) }
            } else {
                i += 1
            }
        }
        return out
    }
}
