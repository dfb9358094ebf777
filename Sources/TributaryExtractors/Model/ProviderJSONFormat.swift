import TributaryCore
import TributaryFormats

/// A provider format whose records are JSON objects: a JSON Lines export (GCP billing as BigQuery extracts it,
/// gateway request logs), or the items of an API page (`data[].results[]`).
///
/// `map(_:)` maps one record, with the JSON path it sits at (`$.data[2].results[0]`, or `$` for a line), to
/// rows, or to a reject naming the field (as a JSON path) and why. A record whose shape says the file is not of
/// this format at all can throw `ExtractorError.unexpectedJSON` instead, which stops the run with its path.
public protocol ProviderJSONFormat: Sendable {
    associatedtype Row: ModelRow
    var name: String { get }
    func map(_ record: JSONValue, at path: JSONPath, file: String) throws(ExtractorError) -> MappedRecord<Row>
}

/// Typed reads of a JSON record's members, failing with a `ModelRowError` whose field is the member's path.
public struct JSONFields: Sendable {
    public let value: JSONValue
    public let path: JSONPath

    public init(_ value: JSONValue, at path: JSONPath) {
        self.value = value
        self.path = path
    }

    /// The member at `key` (`usage.prompt_tokens` reaches into objects), or nil when absent or null.
    public func member(_ key: String) -> JSONValue? {
        var current: JSONValue? = value
        for part in key.split(separator: ".") { current = current?[String(part)] }
        if let current, !current.isNull { return current }
        return nil
    }

    func fieldName(_ key: String) -> String { path.appending(key: key).description }

    /// A string member; numbers and booleans are accepted as their text (lenient where providers differ).
    public func string(_ key: String) throws(ModelRowError) -> String? {
        guard let v = member(key) else { return nil }
        switch v {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        default: throw ModelRowError(field: fieldName(key), reason: "expected a string, found \(v.kindDescription)")
        }
    }

    public func requiredString(_ key: String) throws(ModelRowError) -> String {
        guard let s = try string(key), !s.isEmpty else {
            throw ModelRowError(field: fieldName(key), reason: "missing value")
        }
        return s
    }

    /// An exact decimal from a JSON number (its text, never a Double) or a numeric string.
    public func decimal(_ key: String) throws(ModelRowError) -> ExactDecimal? {
        guard let v = member(key) else { return nil }
        switch v {
        case .number(let n), .string(let n):
            guard let d = ExactDecimal(n) else {
                throw ModelRowError(field: fieldName(key), reason: "'\(n)' is not a decimal number")
            }
            return d
        default:
            throw ModelRowError(field: fieldName(key), reason: "expected a number, found \(v.kindDescription)")
        }
    }

    public func requiredDecimal(_ key: String) throws(ModelRowError) -> ExactDecimal {
        guard let d = try decimal(key) else { throw ModelRowError(field: fieldName(key), reason: "missing value") }
        return d
    }

    /// A whole non-negative count.
    public func count(_ key: String) throws(ModelRowError) -> UInt64? {
        guard let d = try decimal(key) else { return nil }
        guard d.units >= 0, let whole = d.rescaledExactly(to: 0), let n = UInt64(exactly: whole.units) else {
            throw ModelRowError(field: fieldName(key), reason: "'\(d)' is not a whole non-negative count")
        }
        return n
    }

    /// An instant from RFC 3339 text or from epoch seconds (a number).
    public func timestamp(_ key: String) throws(ModelRowError) -> Int64 {
        guard let v = member(key) else { throw ModelRowError(field: fieldName(key), reason: "missing value") }
        switch v {
        case .number(let n):
            guard let s = Int64(n) else {
                throw ModelRowError(field: fieldName(key), reason: "'\(n)' is not a Unix time in whole seconds")
            }
            return s
        case .string(let s): return try FieldParser.timestamp(s, field: fieldName(key))
        default:
            throw ModelRowError(field: fieldName(key), reason: "expected a time, found \(v.kindDescription)")
        }
    }

    /// An array member (empty when absent).
    public func array(_ key: String) throws(ModelRowError) -> [JSONValue] {
        guard let v = member(key) else { return [] }
        guard let a = v.arrayValue else {
            throw ModelRowError(field: fieldName(key), reason: "expected an array, found \(v.kindDescription)")
        }
        return a
    }
}

/// Reads JSON Lines files of a `ProviderJSONFormat`: one record per line, `.fileStarted`, batches and rejects,
/// `.fileFinished`. A line that is not JSON is a reject with its line; a record of another shape stops the run.
public struct ProviderJSONLinesReader<Format: ProviderJSONFormat>: ExtractReader {
    private let format: Format
    private let files: [InputFile]
    private var next = 0
    private var current: (file: InputFile, reader: JSONLinesReader)?
    private var builder: ModelBatchBuilder<Format.Row>
    private var rejects: [Reject] = []
    private var events = EventQueue()

    public init(format: Format, files: [InputFile], sourceID: String, batchRows: Int = 16384) {
        self.format = format
        self.files = files
        builder = ModelBatchBuilder(sourceID: sourceID, capacity: batchRows)
    }

    public mutating func next() async throws -> ExtractEvent? {
        if let event = try events.next() { return event }
        if events.stopped { return nil }
        guard let open = current else {
            guard next < files.count else { return nil }
            let file = files[next]
            next += 1
            current = (file, JSONLinesReader(source: try ExtractorInput.open(file), path: file.path))
            builder.start(file: file.path)
            return .fileStarted(path: file.path)
        }
        do {
            let ended = try fill(open)
            flush(open.reader)
            if ended {
                events.append(.fileFinished(path: open.file.path, bytes: open.reader.bytesConsumed))
                current = nil
            }
        } catch {
            flush(open.reader)
            current = nil
            events.fail(error)
        }
        return try events.next()
    }

    private mutating func fill(_ open: (file: InputFile, reader: JSONLinesReader)) throws -> Bool {
        while !builder.isFull, rejects.count < builder.capacity {
            guard let record = try open.reader.next() else { return true }
            switch record {
            case .invalid(let error, let line, let text):
                rejects.append(
                    Reject(
                        stage: "source", file: open.file.path, line: line, field: nil,
                        reason: "not valid JSON: \(error.message) at column \(error.column)", raw: [("line", text)],
                        money: Format.Row.moneyColumns.map { _ in 0 }))
            case .value(let value, let line):
                switch try format.map(value, at: .root, file: "\(open.file.path):\(line)") {
                case .rows(let rows):
                    for row in rows {
                        if let problem = builder.append(row, line: line) {
                            rejects.append(
                                reject(value, open.file.path, line, problem.field, problem.reason, row.moneyUnits,
                                       row.currency))
                        }
                    }
                case .reject(let field, let reason, let money, let currency):
                    rejects.append(reject(value, open.file.path, line, field, reason, money, currency))
                }
            }
        }
        return false
    }

    private func reject(
        _ value: JSONValue, _ file: String, _ line: Int, _ field: String?, _ reason: String, _ money: [Int128]?,
        _ currency: String
    ) -> Reject {
        Reject(
            stage: "source", file: file, line: line, field: field, reason: reason, raw: [("record", value.compactText)],
            money: money ?? Format.Row.moneyColumns.map { _ in 0 }, currency: currency)
    }

    private mutating func flush(_ reader: JSONLinesReader) {
        if let batch = builder.take() { events.append(.batch(batch, bytesRead: reader.bytesConsumed)) }
        if !rejects.isEmpty {
            events.append(.rejects(rejects))
            rejects = []
        }
    }
}

/// A JSON Lines file source of one provider format.
public struct ProviderJSONLinesExtractor<Format: ProviderJSONFormat>: FileExtractor, ModelExtractor {
    public let format: Format
    public let sourceID: String
    public let paths: [String]
    public let baseDirectory: String
    public let batchRows: Int
    public let tableDefaults: TableDefaults?

    public var outputSchema: Schema { Format.Row.schema }
    public var moneyColumns: [String] { Format.Row.moneyColumns }

    public init(
        format: Format, sourceID: String, paths: [String], baseDirectory: String, batchRows: Int = 16384,
        tableDefaults: TableDefaults?
    ) throws(ExtractorError) {
        try CSVExtractor.checkCommon(sourceID: sourceID, paths: paths, batchRows: batchRows)
        self.format = format
        self.sourceID = sourceID
        self.paths = paths
        self.baseDirectory = baseDirectory
        self.batchRows = batchRows
        self.tableDefaults = tableDefaults
    }

    public func inputFiles() throws -> [InputFile] { try FileGlob.expand(paths, baseDirectory: baseDirectory) }

    public func open(files: [InputFile]) throws -> any ExtractReader {
        ProviderJSONLinesReader(format: format, files: files, sourceID: sourceID, batchRows: batchRows)
    }
}
