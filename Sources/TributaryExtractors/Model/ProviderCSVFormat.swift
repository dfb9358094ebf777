import TributaryCore
import TributaryFormats

/// A provider's CSV export format (AWS CUR, Azure cost details, FOCUS, a GCP billing extract…): how to recognise
/// a file's header and map each of its records to rows of one of Tributary's tables.
///
/// `prepare(header:file:)` sees the header once per file, refuses a file of another format before any row is
/// read (naming the columns it lacks and, when it can tell, what the file is instead), and returns the mapper
/// for that file's records. The mapper maps one record to zero or more rows (a GCP line with credits is several
/// billed lines), or to a reject naming the field and why.
public protocol ProviderCSVFormat: Sendable {
    associatedtype Row: ModelRow
    /// The format's name in messages: `legacy CUR`, `Azure EA cost details`.
    var name: String { get }
    func prepare(header: [String], file: String) throws(ExtractorError) -> CSVRecordMapper<Row>
}

/// The mapper of one file's records, as `ProviderCSVFormat.prepare` built it for that file's header.
public struct CSVRecordMapper<Row: ModelRow>: Sendable {
    public let map: @Sendable (CSVFields) -> MappedRecord<Row>

    public init(_ map: @escaping @Sendable (CSVFields) -> MappedRecord<Row>) {
        self.map = map
    }
}

/// What one input record became.
public enum MappedRecord<Row: ModelRow>: Sendable {
    /// Rows to load (none: a record the format skips on purpose, e.g. a CUR summary line it documents).
    case rows([Row])
    /// A bad record: the field at fault, as the input names it, and why; with the amounts and currency that
    /// were read before the fault (in `Row.moneyColumns` order), so that the books count them as rejected.
    case reject(field: String?, reason: String, money: [Int128]? = nil, currency: String = "")
}

extension MappedRecord {
    /// The rows `body` maps, or the reject its `ModelRowError` describes.
    public static func catching(_ body: () throws(ModelRowError) -> [Row]) -> MappedRecord<Row> {
        do {
            return .rows(try body())
        } catch {
            return .reject(field: error.field, reason: error.reason)
        }
    }
}

/// One CSV record with its header, read by column name.
///
/// Cells are looked up by the header's name (`cell("lineItem/UnblendedCost")`): a format that finds the
/// column's index once per file would be faster, and `index(of:)` with `cell(at:)` is there for that.
public struct CSVFields {
    let record: CSVRecord
    let positions: [String: Int]
    public let file: String

    public var line: Int { record.line }

    /// The column's index in this file's header, if it has the column.
    public func index(of name: String) -> Int? { positions[name] }

    /// The cell's text, trimmed of nothing; nil when the header lacks the column, "" for an empty cell.
    public func cell(_ name: String) -> String? {
        guard let i = positions[name], i < record.count else { return nil }
        return record.string(at: i)
    }

    public func cell(at i: Int) -> String { i < record.count ? record.string(at: i) : "" }

    /// The cell, or nil when it is missing or empty.
    public func value(_ name: String) -> String? {
        guard let text = cell(name), !text.isEmpty else { return nil }
        return text
    }

    /// The first of `names` the header has with a non-empty value.
    public func value(_ names: [String]) -> String? {
        for name in names { if let v = value(name) { return v } }
        return nil
    }
}

/// A header's columns matched against a format's: which are missing, and the message that says so.
public enum HeaderCheck {
    /// Throws `wrongFormat` when `header` lacks any of `required`, listing them, with `hint` (what the file
    /// looks like instead) in front when there is one.
    public static func require(
        _ required: [String], in header: [String], file: String, format: String, hint: String? = nil
    ) throws(ExtractorError) {
        let have = Set(header)
        let missing = required.filter { !have.contains($0) }
        guard !missing.isEmpty else { return }
        var message = ""
        if let hint { message += "\(hint); " }
        message += "the header lacks \(missing.map { "'\($0)'" }.joined(separator: ", "))"
        throw ExtractorError.wrongFormat(file: file, line: 1, expected: format, message: message)
    }
}

/// Reads files of a `ProviderCSVFormat`, one file at a time, one batch per call: `.fileStarted`, batches and
/// rejects, `.fileFinished`. Every record ends up in rows or in a reject; a file of another format stops the run
/// before any of its rows is read.
public struct ProviderCSVReader<Format: ProviderCSVFormat>: ExtractReader {
    private let format: Format
    private let files: [InputFile]
    private let sourceID: String
    private let delimiter: UInt8
    private var next = 0
    private var current: (file: InputFile, reader: CSVReader, header: [String], positions: [String: Int])?
    private var mapper: CSVRecordMapper<Format.Row>?
    private var builder: ModelBatchBuilder<Format.Row>
    private var rejects: [Reject] = []
    private var events = EventQueue()

    public init(
        format: Format, files: [InputFile], sourceID: String, batchRows: Int = 16384,
        delimiter: UInt8 = UInt8(ascii: ",")
    ) {
        self.format = format
        self.files = files
        self.sourceID = sourceID
        self.delimiter = delimiter
        builder = ModelBatchBuilder(sourceID: sourceID, capacity: batchRows)
    }

    public mutating func next() async throws -> ExtractEvent? {
        if let event = try events.next() { return event }
        if events.stopped { return nil }
        guard let open = current, let mapper else {
            guard next < files.count else { return nil }
            let file = files[next]
            next += 1
            try start(file)
            return .fileStarted(path: file.path)
        }
        do {
            let ended = try fill(open, mapper)
            flush(open.reader)
            if ended {
                events.append(.fileFinished(path: open.file.path, bytes: open.reader.bytesConsumed))
                current = nil
                self.mapper = nil
            }
        } catch {
            flush(open.reader)
            current = nil
            events.fail(error)
        }
        return try events.next()
    }

    private mutating func start(_ file: InputFile) throws {
        let reader = CSVReader(
            source: try ExtractorInput.open(file), path: file.path,
            configuration: CSVReader.Configuration(delimiter: delimiter))
        guard let record = try reader.next() else { throw ExtractorError.missingHeader(file: file.path) }
        if let issue = record.issue {
            throw ExtractorError.invalidHeader(file: file.path, line: record.line, message: issue.description)
        }
        var header = record.strings
        // A byte order mark belongs to the file, not to the first column's name.
        if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
        var positions: [String: Int] = [:]
        for (i, name) in header.enumerated() where positions[name] == nil { positions[name] = i }
        mapper = try format.prepare(header: header, file: file.path)
        current = (file, reader, header, positions)
        builder.start(file: file.path)
    }

    private mutating func fill(
        _ open: (file: InputFile, reader: CSVReader, header: [String], positions: [String: Int]),
        _ mapper: CSVRecordMapper<Format.Row>
    ) throws -> Bool {
        while !builder.isFull, rejects.count < builder.capacity {
            guard let record = try open.reader.next() else { return true }
            if let issue = record.issue {
                rejects.append(reject(record, open, field: nil, reason: issue.description))
                continue
            }
            guard record.count == open.header.count else {
                rejects.append(
                    reject(record, open, field: nil, reason: "row has \(record.count) fields; the header has \(open.header.count)"))
                continue
            }
            let fields = CSVFields(record: record, positions: open.positions, file: open.file.path)
            switch mapper.map(fields) {
            case .rows(let rows):
                for row in rows {
                    if let problem = builder.append(row, line: record.line) {
                        rejects.append(
                            reject(record, open, field: problem.field, reason: problem.reason, money: row.moneyUnits,
                                   currency: row.currency))
                    }
                }
            case .reject(let field, let reason, let money, let currency):
                rejects.append(reject(record, open, field: field, reason: reason, money: money, currency: currency))
            }
        }
        return false
    }

    private mutating func flush(_ reader: CSVReader) {
        if let batch = builder.take() { events.append(.batch(batch, bytesRead: reader.bytesConsumed)) }
        if !rejects.isEmpty {
            events.append(.rejects(rejects))
            rejects = []
        }
    }

    /// A reject with the record as read. A record refused before it was mapped carries no money: none of its
    /// amounts was read as money (the books count it as a rejected row with nothing in it).
    private func reject(
        _ record: CSVRecord, _ open: (file: InputFile, reader: CSVReader, header: [String], positions: [String: Int]),
        field: String?, reason: String, money: [Int128]? = nil, currency: String = ""
    ) -> Reject {
        var raw: [(String, String?)] = []
        for i in 0..<max(record.count, open.header.count) {
            let name = i < open.header.count ? open.header[i] : "_\(i + 1)"
            raw.append((name, i < record.count ? record.string(at: i) : nil))
        }
        return Reject(
            stage: "source", file: open.file.path, line: record.line, field: field, reason: reason, raw: raw,
            money: money ?? Format.Row.moneyColumns.map { _ in 0 }, currency: currency)
    }
}
