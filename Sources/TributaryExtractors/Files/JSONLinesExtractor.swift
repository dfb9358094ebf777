import TributaryCore
import TributaryFormats

/// The `jsonl` source: JSON Lines files (plain or gzip), one object per line, columns picked by key path.
///
/// JSON numbers reach decimal columns from their exact text, never through `Double`. A line that is not valid
/// JSON, not an object, or holds a value of the wrong JSON type becomes a reject naming the line and the JSON
/// path; reading goes on. Construction checks the configuration (nothing is opened); `open()` expands the paths.
///
///     let extractor = try JSONLinesExtractor(.init(sourceID: "gateway", paths: ["logs/*.jsonl"], columns: columns))
public struct JSONLinesExtractor: FileExtractor {
    /// The `jsonl` source's settings.
    ///
    /// | key | type | default | |
    /// |---|---|---|---|
    /// | `source_id` (`sourceID`) | string | — | required: the pipeline's id for this source, stamped on lineage |
    /// | `paths` | [string] | — | required: glob patterns or plain paths |
    /// | `base_directory` (`baseDirectory`) | string | `"."` | what relative patterns are resolved against |
    /// | `columns` | [column] | — | required: `ColumnSpec`s; `source` is a key path: `usage.input_tokens` |
    /// | `batch_rows` (`batchRows`) | int | `16384` | rows per batch, > 0 |
    /// | `max_line_bytes` (`maxLineBytes`) | int | `67108864` | the longest line (64 MiB) before the file is refused |
    ///
    /// A missing key or JSON `null` is NULL (a reject, "missing value", when the column is not nullable).
    /// Strings fill string columns as they are; any other value declared `string` is kept as compact JSON text.
    /// Numeric, boolean and date columns also accept their value as a JSON string (`"12.50"`); a `datetime`
    /// column accepts an integer number as epoch seconds.
    public struct Configuration: Sendable, Equatable {
        public var sourceID: String
        public var paths: [String]
        public var baseDirectory: String
        public var columns: [ColumnSpec]
        public var batchRows: Int
        public var maxLineBytes: Int

        public init(
            sourceID: String, paths: [String], baseDirectory: String = ".", columns: [ColumnSpec],
            batchRows: Int = 16384, maxLineBytes: Int = 64 << 20
        ) {
            self.sourceID = sourceID
            self.paths = paths
            self.baseDirectory = baseDirectory
            self.columns = columns
            self.batchRows = batchRows
            self.maxLineBytes = maxLineBytes
        }
    }

    public let configuration: Configuration
    public let outputSchema: Schema
    public var moneyColumns: [String] { plan.moneyColumnNames }
    let plan: ColumnPlan
    /// Per declared column, where its value sits in a line's object.
    let paths: [JSONPath]

    public init(_ configuration: Configuration) throws(ExtractorError) {
        try CSVExtractor.checkCommon(
            sourceID: configuration.sourceID, paths: configuration.paths, batchRows: configuration.batchRows)
        guard configuration.maxLineBytes > 0 else {
            throw .invalidConfiguration(key: "max_line_bytes", message: "must be positive")
        }
        plan = try ColumnPlan(columns: configuration.columns, nullValues: []) { source in
            JSONPath(parsing: source) == nil
                ? "'\(source)' is not a key path (write keys separated by dots, indexes in brackets: items[0].id)"
                : nil
        }
        paths = configuration.columns.map { JSONPath(parsing: $0.source) ?? .root }
        self.configuration = configuration
        outputSchema = plan.schema
    }

    /// Expands the path patterns; fails when one matches no file.
    public func inputFiles() throws -> [InputFile] {
        try FileGlob.expand(configuration.paths, baseDirectory: configuration.baseDirectory)
    }

    /// Reads `files`, opening them one at a time.
    public func open(files: [InputFile]) throws -> any ExtractReader {
        JSONLinesExtractReader(extractor: self, files: files)
    }
}
