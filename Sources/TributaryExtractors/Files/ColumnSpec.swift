import TributaryCore

/// A column an extractor produces, and where in the input it comes from.
///
/// Declaring columns (rather than inferring them from a header) is what makes a file that drifted fail loudly:
/// a renamed header column is a structural error that names it, not a column of NULLs.
public struct ColumnSpec: Sendable, Equatable {
    /// The output column name.
    public var name: String
    public var type: DataType
    /// Whether an empty cell or a missing key is NULL (true) or a reject, "missing value" (false).
    public var nullable: Bool
    /// The header name (CSV) or key path such as `usage.input_tokens` (JSON Lines) to read; default `name`.
    public var source: String
    /// For `date` and `datetime` columns, a strptime-like pattern such as `%m/%d/%Y %H:%M:%S`
    /// (see `DateTimeFormat`); nil reads ISO 8601 / RFC 3339.
    public var format: String?
    /// A declared money column: must be a decimal; its amounts as read travel in `Lineage.money` and
    /// `Reject.money` so that the run can reconcile money in against money out.
    public var money: Bool
    /// A column the header may lack: every row then has NULL in it (a provider's native columns with `raw = true`,
    /// where exports differ in which optional columns they carry). Declared columns are required by default.
    public var optional: Bool

    public init(
        name: String, type: DataType, nullable: Bool = true, source: String? = nil, format: String? = nil,
        money: Bool = false, optional: Bool = false
    ) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.source = source ?? name
        self.format = format
        self.money = money
        self.optional = optional
    }
}
