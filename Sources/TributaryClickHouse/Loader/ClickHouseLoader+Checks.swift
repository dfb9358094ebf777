import TributaryCore

extension ClickHouseLoader {
    /// Refuses a batch that the table would not store as it is: other columns than prepared, a NULL for a
    /// non-Nullable column (stored as a default), or a date outside what ClickHouse's `Date`/`DateTime` hold
    /// (18.16 stores those as 1970-01-01 or another wrong day, without an error).
    ///
    /// Such rows should have been rejected by a transform; the loader is the last place to stop them before they
    /// are stored wrong.
    func check(_ batch: RecordBatch) throws(ClickHouseError) {
        guard let schema else { throw .notPrepared(table: configuration.table) }
        guard batch.schema.names == schema.names else {
            throw .schemaChanged(table: tableName, detail: "columns \(batch.schema.names) instead of \(schema.names)")
        }
        for (j, column) in batch.columns.enumerated() {
            let field = schema[j]
            let stored = column.dataType
            let fits: Bool =
                switch (stored, field.type) {
                case (.decimal(_, let a), .decimal(_, let b)): a == b
                default: stored == field.type
                }
            guard fits else {
                throw .schemaChanged(table: tableName, detail: "`\(field.name)` holds \(stored), not \(field.type)")
            }
            if !acceptsNull[j], column.nullCount > 0, let row = (0..<batch.count).first(where: { column.isNull($0) }) {
                throw .nullInRequiredColumn(column: field.name, table: tableName, row: Self.line(row, of: batch))
            }
            if let (row, text, range) = Self.firstOutOfRange(column) {
                throw .outOfRange(
                    column: field.name, table: tableName, row: Self.line(row, of: batch), value: text, range: range)
            }
        }
    }

    static func line(_ row: Int, of batch: RecordBatch) -> SourceLines {
        let line = batch.lineage.lines[row]
        return SourceLines(file: batch.lineage.file, first: line, last: line)
    }

    /// The first non-NULL date or time ClickHouse cannot hold, as (row, text, the range as text).
    static func firstOutOfRange(_ column: Column) -> (Int, String, String)? {
        switch column {
        case .dateTime(let c):
            let limits = ClickHouseTypeMapping.dateTimeRange
            guard let row = firstOutside(c.values, c.validity, limits) else { return nil }
            return (
                row, CivilTime.formatDateTime(epochSeconds: c.values[row]),
                "\(CivilTime.formatDateTime(epochSeconds: limits.lowerBound)) to "
                    + CivilTime.formatDateTime(epochSeconds: limits.upperBound)
            )
        case .date(let c):
            let limits = ClickHouseTypeMapping.dateRange
            guard let row = firstOutside(c.values, c.validity, limits) else { return nil }
            return (
                row, CivilTime.formatDate(days: Int64(c.values[row])),
                "\(CivilTime.formatDate(days: Int64(limits.lowerBound))) to "
                    + CivilTime.formatDate(days: Int64(limits.upperBound))
            )
        default:
            return nil
        }
    }

    /// A min/max pass first (NULL slots hold 0, which is in range), so that the common case is one cheap scan.
    static func firstOutside<T: FixedWidthInteger>(_ values: [T], _ validity: Validity?, _ range: ClosedRange<T>)
        -> Int?
    {
        guard let low = values.min(), let high = values.max(), low < range.lowerBound || high > range.upperBound
        else { return nil }
        return values.indices.first { i in
            !range.contains(values[i]) && (validity.map { $0.isValid(i) } ?? true)
        }
    }
}
