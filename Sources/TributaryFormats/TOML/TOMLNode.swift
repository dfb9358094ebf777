/// A value together with the place it was written, so that later validation (unknown keys,
/// wrong types, out-of-range numbers) can point the user at `line:column` in their file.
///
/// Equality compares positions as well as values: two nodes are the same only when they say the
/// same thing at the same place. Compare `value`s to ignore positions at the top level.
public struct TOMLNode: Sendable, Equatable {
    public var value: TOMLValue
    /// 1-based line where the value starts. For a table opened by a `[header]` or `[[header]]`
    /// this is the header; for a table only implied by a longer header or a dotted key it is the
    /// first place its name was written.
    public var line: Int
    /// 1-based column (in Unicode scalars) where the value starts, e.g. its opening quote or `[`.
    public var column: Int

    public init(_ value: TOMLValue, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }
}
