import TributaryCore

/// Stamps each row with where it came from and a deterministic id: the lineage columns of the data model.
///
/// The runner adds it after the pipeline's own transforms, once per run (it needs the run id), whenever the
/// sink asks for a row id or for lineage:
///
/// - `x_row_id` (UInt64): XXH64 of the row's natural key (`[sink] key`), or, without a key, of where the row was
///   read (source id, file or URL, line). The same row read again, by a retried insert or a re-run, gets the same
///   id, so a ReplacingMergeTree ordered by it keeps one copy (the `append` strategy, lesson L3).
/// - with `lineage = true` also `x_source` (the source id), `x_source_file` (file path or URL, no secrets: the
///   extractors never put any there), `x_source_row` (line or record number), `x_run_id`, `x_ingested_at`.
///
/// A key value's bytes are hashed with a separator and a NULL marker, so that `("ab", "c")` and `("a", "bc")`,
/// or NULL and the empty string, never share an id.
public struct LineageTransformer: Transformer {
    /// What to add.
    ///
    /// Keys of `[sink]`:
    /// - `key` (array of strings, default `[]`): the natural key the row id is computed from; empty: the row's
    ///   source file and line.
    /// - `lineage` (bool, default `false` for `csv` and `jsonl`): also add the other lineage columns.
    public struct Configuration: Sendable, Equatable {
        public var key: [String]
        public var lineage: Bool

        public init(key: [String] = [], lineage: Bool = false) {
            self.key = key
            self.lineage = lineage
        }
    }

    public static let rowIDColumn = "x_row_id"
    public static let lineageColumns = ["x_source", "x_source_file", "x_source_row", "x_run_id", "x_ingested_at"]

    public let id = "lineage"
    public let configuration: Configuration
    public let inputSchema: Schema
    public let outputSchema: Schema
    public let runID: String
    /// Epoch seconds, the same for every row of the run.
    public let ingestedAt: Int64
    private let keyPositions: [Int]

    /// The columns added to `input`; fails naming a key column that `input` lacks, or a lineage column it already
    /// has (a pipeline may not set them itself).
    public static func outputSchema(for input: Schema, configuration: Configuration) throws(TransformerError)
        -> Schema
    {
        var issues: [ConfigurationIssue] = []
        for (i, name) in configuration.key.enumerated() where input.index(of: name) == nil {
            let hint = NameSuggestion.nearest(to: name, in: input.names).map { "; did you mean '\($0)'?" } ?? ""
            issues.append(ConfigurationIssue(key: "key[\(i)]", message: "unknown column '\(name)'\(hint)"))
        }
        var added = [Field(rowIDColumn, .uint64, nullable: false)]
        if configuration.lineage {
            added += [
                Field("x_source", .string, nullable: false), Field("x_source_file", .string, nullable: false),
                Field("x_source_row", .uint64, nullable: false), Field("x_run_id", .string, nullable: false),
                Field("x_ingested_at", .dateTime, nullable: false),
            ]
        }
        for field in added where input.index(of: field.name) != nil {
            issues.append(
                ConfigurationIssue(
                    key: "lineage",
                    message: "the rows already have a column '\(field.name)', which tributary sets itself; rename it"))
        }
        guard issues.isEmpty else { throw .invalidConfiguration(stage: "sink", issues: issues) }
        return Schema(input.fields + added)
    }

    public init(configuration: Configuration, inputSchema: Schema, runID: String, ingestedAt: Int64)
        throws(TransformerError)
    {
        self.configuration = configuration
        self.inputSchema = inputSchema
        outputSchema = try Self.outputSchema(for: inputSchema, configuration: configuration)
        self.runID = runID
        self.ingestedAt = ingestedAt
        keyPositions = configuration.key.compactMap { inputSchema.index(of: $0) }
    }

    public func transform(_ batch: RecordBatch) throws -> TransformOutput {
        guard batch.schema == inputSchema else {
            throw TransformerError.unexpectedBatchSchema(stage: id, expected: inputSchema, found: batch.schema)
        }
        let n = batch.count
        var ids = [UInt64]()
        ids.reserveCapacity(n)
        var scratch: [UInt8] = []
        scratch.reserveCapacity(256)
        if keyPositions.isEmpty {
            let prefix = Array(batch.lineage.sourceID.utf8) + [0x1F] + Array(batch.lineage.file.utf8) + [0x1F]
            for row in 0..<n {
                scratch.removeAll(keepingCapacity: true)
                scratch += prefix
                Self.appendDecimal(Int64(batch.lineage.lines[row]), to: &scratch)
                ids.append(XXHash64.hash(scratch))
            }
        } else {
            for row in 0..<n {
                scratch.removeAll(keepingCapacity: true)
                for p in keyPositions {
                    Self.appendKey(batch.columns[p], row, to: &scratch)
                    scratch.append(0x1F)
                }
                ids.append(XXHash64.hash(scratch))
            }
        }
        var columns = batch.columns
        columns.append(.uint64(FixedColumn(values: ids)))
        if configuration.lineage {
            columns.append(.string(Self.repeated(batch.lineage.sourceID, n)))
            columns.append(.string(Self.repeated(batch.lineage.file, n)))
            columns.append(.uint64(FixedColumn(values: batch.lineage.lines.map { UInt64(max(0, $0)) })))
            columns.append(.string(Self.repeated(runID, n)))
            columns.append(.dateTime(FixedColumn(values: [Int64](repeating: ingestedAt, count: n))))
        }
        return TransformOutput(batch: RecordBatch(schema: outputSchema, columns: columns, lineage: batch.lineage))
    }

    /// One key value's canonical bytes: a NULL is a lone 0xFF (never valid UTF-8 text), strings their UTF-8,
    /// numbers, dates and times their decimal text, lists their elements separated by 0x1E.
    static func appendKey(_ column: Column, _ row: Int, to out: inout [UInt8]) {
        if column.isNull(row) {
            out.append(0xFF)
            return
        }
        switch column {
        case .string(let c): out += c.bytes[c.offsets[row]..<c.offsets[row + 1]]
        case .int64(let c): appendDecimal(c.values[row], to: &out)
        case .uint64(let c): out += Array(String(c.values[row]).utf8)
        case .decimal(let c, let scale): ExactDecimal.write(units: c.values[row], scale: scale, into: &out)
        case .float64(let c): out += Array(String(c.values[row]).utf8)
        case .bool(let c): out.append(c.values[row] ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        case .date(let c): appendDecimal(Int64(c.values[row]), to: &out)
        case .dateTime(let c): appendDecimal(c.values[row], to: &out)
        case .stringArray(let c):
            for e in c.offsets[row]..<c.offsets[row + 1] {
                out += c.elements.bytes[c.elements.offsets[e]..<c.elements.offsets[e + 1]]
                out.append(0x1E)
            }
        }
    }

    static func appendDecimal(_ v: Int64, to out: inout [UInt8]) {
        if v == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        if v < 0 { out.append(UInt8(ascii: "-")) }
        let start = out.count
        var m = v.magnitude
        while m > 0 {
            out.append(UInt8(ascii: "0") + UInt8(m % 10))
            m /= 10
        }
        out[start...].reverse()
    }

    static func repeated(_ s: String, _ n: Int) -> StringColumn {
        let b = Array(s.utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(b.count * n)
        var offsets = [0]
        offsets.reserveCapacity(n + 1)
        for _ in 0..<n {
            bytes += b
            offsets.append(bytes.count)
        }
        return StringColumn(bytes: bytes, offsets: offsets)
    }
}
