import TributaryCore
import TributaryFormats

/// The running side of `CSVExtractor`: one file at a time, one batch per call.
///
/// Events per file: `.fileStarted`, then `.batch` and `.rejects` as they fill, then `.fileFinished`. Every data
/// row lands in exactly one batch or reject. When the input fails mid-file (a truncated gzip stream), the rows
/// already typed are handed over first and the error is thrown after them, so that what was read stays counted.
struct CSVExtractReader: ExtractReader {
    /// A file being read, with its header mapped to the declared columns.
    struct OpenFile {
        let match: FileGlob.Match
        let reader: CSVReader
        /// Names for the record's fields in rejects: the header, or the declared columns without one.
        let names: [String]
        /// Per declared column, its field's index in a record.
        let fieldIndex: [Int]
        let expectedFields: Int
    }

    private let plan: ColumnPlan
    private let configuration: CSVExtractor.Configuration
    private let framing: CSVReader.Configuration
    private let files: [FileGlob.Match]
    private var nextFile = 0
    private var current: OpenFile?
    private var accumulator: BatchAccumulator
    private var rejects: [Reject] = []
    private var events = EventQueue()

    init(extractor: CSVExtractor, files: [FileGlob.Match]) {
        plan = extractor.plan
        configuration = extractor.configuration
        framing = CSVReader.Configuration(
            delimiter: extractor.delimiter, maxRecordBytes: extractor.configuration.maxRecordBytes)
        self.files = files
        accumulator = BatchAccumulator(
            plan: extractor.plan, sourceID: extractor.configuration.sourceID, capacity: configuration.batchRows)
    }

    mutating func next() async throws -> ExtractEvent? {
        if let event = try events.next() { return event }
        if events.stopped { return nil }
        guard let file = current else {
            guard nextFile < files.count else { return nil }
            let match = files[nextFile]
            nextFile += 1
            current = try open(match)
            accumulator.start(file: match.path)
            return .fileStarted(path: match.path)
        }
        do {
            let ended = try fill(file)
            flush(file)
            if ended {
                events.append(.fileFinished(path: file.match.path, bytes: file.reader.bytesConsumed))
                current = nil
            }
        } catch {
            flush(file)
            current = nil
            events.fail(error)
        }
        return try events.next()
    }

    /// Queues the rows and rejects collected so far.
    private mutating func flush(_ file: OpenFile) {
        if let batch = accumulator.take() { events.append(.batch(batch, bytesRead: file.reader.bytesConsumed)) }
        if !rejects.isEmpty {
            events.append(.rejects(rejects))
            rejects = []
        }
    }

    private func open(_ match: FileGlob.Match) throws -> OpenFile {
        let reader = CSVReader(source: try ExtractorInput.open(match), path: match.path, configuration: framing)
        guard configuration.header else {
            let names = plan.columns.map(\.name)
            return OpenFile(
                match: match, reader: reader, names: names, fieldIndex: Array(names.indices),
                expectedFields: names.count)
        }
        guard let record = try reader.next() else { throw ExtractorError.missingHeader(file: match.path) }
        if let issue = record.issue {
            throw ExtractorError.invalidHeader(file: match.path, line: record.line, message: issue.description)
        }
        for i in 0..<record.count {
            if let bad = UTF8Validator.firstInvalidByte(in: record[i]) {
                throw ExtractorError.invalidHeader(
                    file: match.path, line: record.line, message: "column \(i + 1) has invalid UTF-8 at byte \(bad + 1)"
                )
            }
        }
        let header = record.strings
        var position: [String: Int] = [:]
        for (i, name) in header.enumerated() where position[name] == nil { position[name] = i }
        var missing: [String] = []
        for column in plan.columns
        where position[column.source] == nil && !column.optional && !missing.contains(column.source) {
            missing.append(column.source)
        }
        guard missing.isEmpty else {
            throw ExtractorError.missingColumns(file: match.path, line: record.line, missing: missing, header: header)
        }
        return OpenFile(
            match: match, reader: reader, names: header, fieldIndex: plan.columns.map { position[$0.source] ?? -1 },
            expectedFields: header.count)
    }

    /// Types records until a batch is full, enough rejects wait, or the file ends (then returns true).
    private mutating func fill(_ file: OpenFile) throws -> Bool {
        let decoders = plan.decoders
        let columnCount = decoders.count
        let reader = file.reader
        let expectedFields = file.expectedFields
        let limit = configuration.batchRows
        let columns = accumulator.columns
        let tables = plan.tables
        return try decoders.withUnsafeBufferPointer { decoders in
            try file.fieldIndex.withUnsafeBufferPointer { fieldIndex in
                while !accumulator.isFull, rejects.count < limit {
                    guard let record = try reader.next() else { return true }
                    guard record.issue == nil, record.count == expectedFields else {
                        rejects.append(malformedReject(record, file))
                        continue
                    }
                    let row = accumulator.row
                    var failed = -1
                    for c in 0..<columnCount {
                        let index = fieldIndex[c]
                        let value = decoders[c].decode(index >= 0 ? record[index] : Self.absent, tables)
                        if case .failure = value {
                            failed = c
                            break
                        }
                        columns[c].append(value, row: row)
                    }
                    if failed >= 0 {
                        accumulator.rollback(columns: failed)
                        rejects.append(cellReject(record, file, column: failed))
                        continue
                    }
                    accumulator.commit(line: record.line)
                }
                return false
            }
        }
    }

    /// The cell of a column the header lacks: empty, so NULL.
    static var absent: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: nil, count: 0) }

    private func malformedReject(_ record: CSVRecord, _ file: OpenFile) -> Reject {
        var line = record.line
        let reason: String
        if let issue = record.issue {
            reason = issue.description
            if case .unterminatedQuote(let quoteLine) = issue { line = quoteLine }
        } else if configuration.header {
            reason = "row has \(record.count) fields; the header has \(file.expectedFields)"
        } else {
            reason = "row has \(record.count) fields; \(file.expectedFields) columns are declared"
        }
        return reject(record, file, line: line, field: nil, reason: reason)
    }

    private func cellReject(_ record: CSVRecord, _ file: OpenFile, column: Int) -> Reject {
        let spec = plan.columns[column]
        let decoder = plan.decoders[column]
        let cell = file.fieldIndex[column] >= 0 ? record[file.fieldIndex[column]] : Self.absent
        guard case .failure(let failure) = decoder.decode(cell, plan.tables) else {
            preconditionFailure("a cell that failed decodes on a second try")
        }
        let reason = failure.reason(cell: cell, type: spec.type, format: spec.format)
        return reject(
            record, file, line: record.line, field: configuration.header ? spec.source : spec.name, reason: reason)
    }

    /// A reject carrying the row as read and the money cells that did parse.
    private func reject(_ record: CSVRecord, _ file: OpenFile, line: Int, field: String?, reason: String) -> Reject {
        var raw: [(String, String?)] = []
        for i in 0..<max(record.count, file.names.count) {
            let name = i < file.names.count ? file.names[i] : "_\(i + 1)"
            raw.append((name, i < record.count ? record.string(at: i) : nil))
        }
        var money: [Int128] = []
        for (m, column) in plan.money.enumerated() {
            let index = file.fieldIndex[column.column]
            let decoder = plan.decoders[column.column]
            if index >= 0, index < record.count, case .decimal(let units) = decoder.decode(record[index], plan.tables) {
                money.append(plan.moneyUnits(units, m))
            } else {
                money.append(0)
            }
        }
        return Reject(
            stage: "source", file: file.match.path, line: line, field: field, reason: reason, raw: raw, money: money)
    }
}
