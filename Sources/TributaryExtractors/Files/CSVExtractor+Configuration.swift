extension CSVExtractor {
    /// The `csv` source's settings.
    ///
    /// | key | type | default | |
    /// |---|---|---|---|
    /// | `source_id` (`sourceID`) | string | — | required: the pipeline's id for this source, stamped on lineage |
    /// | `paths` | [string] | — | required: glob patterns (`data/*.csv`, `exports/**/*.csv.gz`), plain paths |
    /// | `base_directory` (`baseDirectory`) | string | `"."` | what relative patterns are resolved against |
    /// | `delimiter` | string | `","` | one ASCII character, not `"`, CR or LF; `"\t"` for TSV |
    /// | `header` | bool | `true` | whether the first line names the columns; if false, columns are positional |
    /// | `columns` | [column] | — | required: `ColumnSpec`s (name, type, nullable, source, format, money) |
    /// | `batch_rows` (`batchRows`) | int | `16384` | rows per batch, > 0; bounds memory |
    /// | `null_values` (`nullValues`) | [string] | `[""]` | cell texts read as NULL |
    /// | `max_record_bytes` (`maxRecordBytes`) | int | `67108864` | longest record (64 MiB); longer stops the run |
    ///
    /// Gzip input is recognised by its content, whatever the file is called. With `header = true` every
    /// declared column's `source` must appear in the header (other header columns are ignored); a missing one
    /// stops the run, naming the file and the header's columns.
    public struct Configuration: Sendable, Equatable {
        public var sourceID: String
        public var paths: [String]
        public var baseDirectory: String
        public var delimiter: String
        public var header: Bool
        public var columns: [ColumnSpec]
        public var batchRows: Int
        public var nullValues: [String]
        public var maxRecordBytes: Int

        public init(
            sourceID: String, paths: [String], baseDirectory: String = ".", delimiter: String = ",",
            header: Bool = true, columns: [ColumnSpec], batchRows: Int = 16384, nullValues: [String] = [""],
            maxRecordBytes: Int = 64 << 20
        ) {
            self.sourceID = sourceID
            self.paths = paths
            self.baseDirectory = baseDirectory
            self.delimiter = delimiter
            self.header = header
            self.columns = columns
            self.batchRows = batchRows
            self.nullValues = nullValues
            self.maxRecordBytes = maxRecordBytes
        }
    }
}
