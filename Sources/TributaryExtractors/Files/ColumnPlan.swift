import TributaryCore

/// The declared columns, checked and compiled: the output schema, one decoder per column, the money columns.
///
/// Built once when a stage is compiled, so that every mistake in the column list is reported before any file
/// is opened, and the hot loop only looks values up.
struct ColumnPlan: Sendable {
    /// A declared money column: which column, and how to bring its units to `Lineage.moneyScale`.
    struct MoneyColumn: Sendable {
        let column: Int
        let scale: Int
        /// 10^(12 − scale) when the column's scale is at most 12, else 1.
        let multiplier: Int128
    }

    let columns: [ColumnSpec]
    let schema: Schema
    let decoders: [CellDecoder]
    let tables: CellDecoder.Tables
    let money: [MoneyColumn]

    var moneyColumnNames: [String] { money.map { columns[$0.column].name } }

    /// - Parameter checkSource: returns a problem with a column's `source`, if any (JSON Lines checks paths).
    init(
        columns: [ColumnSpec], nullValues: [String], checkSource: (String) -> String? = { _ in nil }
    ) throws(ExtractorError) {
        guard !columns.isEmpty else {
            throw .invalidConfiguration(key: "columns", message: "declare at least one column")
        }
        var seen: Set<String> = []
        var decoders: [CellDecoder] = []
        var money: [MoneyColumn] = []
        var formats: [DateTimeFormat] = []
        for (index, spec) in columns.enumerated() {
            let key = "columns[\(index)]"
            guard !spec.name.isEmpty else { throw .invalidConfiguration(key: "\(key).name", message: "name is empty") }
            guard seen.insert(spec.name).inserted else {
                throw .invalidConfiguration(key: "\(key).name", message: "column '\(spec.name)' is declared twice")
            }
            if let problem = checkSource(spec.source) {
                throw .invalidConfiguration(key: "\(key).source", message: problem)
            }
            var formatIndex: Int?
            if let pattern = spec.format {
                guard spec.type == .date || spec.type == .dateTime else {
                    throw .invalidConfiguration(
                        key: "\(key).format", message: "only date and datetime columns take a format, not \(spec.type)")
                }
                do {
                    formats.append(try DateTimeFormat(pattern))
                    formatIndex = formats.count - 1
                } catch {
                    throw .invalidConfiguration(key: "\(key).format", message: error.message)
                }
            }
            let kind: CellDecoder.Kind
            switch spec.type {
            case .string: kind = .string
            case .int64: kind = .int64
            case .uint64: kind = .uint64
            case .float64: kind = .float64
            case .bool: kind = .bool
            case .date: kind = .date
            case .dateTime: kind = .dateTime
            case .stringArray: kind = .stringArray
            case .decimal(let precision, let scale):
                guard (1...ExactDecimal.maxScale).contains(precision), (0...precision).contains(scale) else {
                    throw .invalidConfiguration(
                        key: "\(key).type",
                        message: "\(spec.type) is not a decimal type: write decimal(P,S), 1 <= P <= 38, 0 <= S <= P")
                }
                var limit = UInt128(ExactDecimal.powersOfTen[precision])
                if spec.money {
                    let multiplier =
                        scale <= Lineage.moneyScale
                        ? ExactDecimal.powersOfTen[Lineage.moneyScale - scale] : 1
                    money.append(MoneyColumn(column: index, scale: scale, multiplier: multiplier))
                    // Units that would overflow at scale 12 cannot be accounted for.
                    limit = min(limit, UInt128(Int128.max / multiplier))
                }
                kind = .decimal(scale: scale, limit: limit)
            }
            if spec.money, !money.contains(where: { $0.column == index }) {
                throw .invalidConfiguration(
                    key: "\(key).money", message: "a money column must be a decimal, not \(spec.type)")
            }
            decoders.append(
                CellDecoder(
                    kind: kind, type: spec.type, nullable: spec.nullable, formatIndex: formatIndex,
                    nullValues: nullValues))
        }
        self.columns = columns
        self.schema = Schema(columns.map { Field($0.name, $0.type, nullable: $0.nullable) })
        self.decoders = decoders
        tables = CellDecoder.Tables(formats: formats, nullValues: nullValues)
        self.money = money
    }

    /// `units` of money column `m` at `Lineage.moneyScale` (rounded half to even when the column is finer).
    @inline(__always)
    func moneyUnits(_ units: Int128, _ m: Int) -> Int128 {
        let column = money[m]
        if column.scale <= Lineage.moneyScale { return units &* column.multiplier }
        return ExactDecimal(units: units, scale: column.scale).rounded(to: Lineage.moneyScale)?.units ?? 0
    }
}
