/// One decoded cell, held until every cell of its row has decoded, then appended to the row's column builders.
///
/// Decoding a whole row before appending any of it means a bad cell rejects the row without leaving a half row
/// in the builders. Plain values only (string cells point into the reader's buffer), so that filling and reading
/// these costs no reference counting on the hot path.
enum CellValue {
    case null
    case int64(Int64)
    case uint64(UInt64)
    /// Units at the column's scale.
    case decimal(Int128)
    case float64(Double)
    case bool(Bool)
    case date(Int32)
    case dateTime(Int64)
    /// Valid UTF-8, valid until the reader moves on.
    case string(UnsafeRawBufferPointer)
    /// A JSON array of strings as text, already checked.
    case stringArrayJSON(UnsafeRawBufferPointer)
    case failure(CellFailure)
}
