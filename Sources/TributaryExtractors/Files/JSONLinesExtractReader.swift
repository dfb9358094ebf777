import TributaryCore
import TributaryFormats

/// The running side of `JSONLinesExtractor`: one file at a time, one batch per call.
///
/// Events per file: `.fileStarted`, then `.batch` and `.rejects` as they fill, then `.fileFinished`. Every
/// non-blank line lands in exactly one batch or reject. A mid-file input error is thrown after the rows already
/// read have been handed over.
struct JSONLinesExtractReader: ExtractReader {
    private let plan: ColumnPlan
    private let paths: [JSONPath]
    private let configuration: JSONLinesExtractor.Configuration
    private let files: [FileGlob.Match]
    private var nextFile = 0
    private var current: (match: FileGlob.Match, reader: JSONLinesReader)?
    private var accumulator: BatchAccumulator
    private var rejects: [Reject] = []
    private var events = EventQueue()
    /// Per column: the position of its first key in the last object that had it. Lines of one file nearly always
    /// list keys in the same order, so one comparison usually finds a column instead of a scan of every key.
    private var keyHints: [Int]
    /// Per column: the path below its first key.
    private let innerPaths: [JSONPath]

    init(extractor: JSONLinesExtractor, files: [FileGlob.Match]) {
        plan = extractor.plan
        paths = extractor.paths
        configuration = extractor.configuration
        self.files = files
        keyHints = Array(repeating: 0, count: extractor.paths.count)
        innerPaths = extractor.paths.map { JSONPath(Array($0.components.dropFirst())) }
        accumulator = BatchAccumulator(
            plan: extractor.plan, sourceID: extractor.configuration.sourceID,
            capacity: extractor.configuration.batchRows)
    }

    mutating func next() async throws -> ExtractEvent? {
        if let event = try events.next() { return event }
        if events.stopped { return nil }
        guard let file = current else {
            guard nextFile < files.count else { return nil }
            let match = files[nextFile]
            nextFile += 1
            let reader = JSONLinesReader(
                source: try ExtractorInput.open(match), path: match.path,
                configuration: .init(maxLineBytes: configuration.maxLineBytes))
            current = (match, reader)
            accumulator.start(file: match.path)
            return .fileStarted(path: match.path)
        }
        do {
            let ended = try fill(file.reader)
            flush(file.reader)
            if ended {
                events.append(.fileFinished(path: file.match.path, bytes: file.reader.bytesConsumed))
                current = nil
            }
        } catch {
            flush(file.reader)
            current = nil
            events.fail(error)
        }
        return try events.next()
    }

    private mutating func flush(_ reader: JSONLinesReader) {
        if let batch = accumulator.take() { events.append(.batch(batch, bytesRead: reader.bytesConsumed)) }
        if !rejects.isEmpty {
            events.append(.rejects(rejects))
            rejects = []
        }
    }

    /// Reads lines until a batch is full, enough rejects wait, or the file ends (then returns true).
    private mutating func fill(_ reader: JSONLinesReader) throws -> Bool {
        let columns = accumulator.columns
        while !accumulator.isFull, rejects.count < configuration.batchRows {
            guard let record = try reader.next() else { return true }
            switch record {
            case .invalid(let error, let line, let text):
                rejects.append(
                    reject(
                        line: line, field: nil, reason: "invalid JSON at column \(error.column): \(error.message)",
                        raw: [("line", text)], object: nil))
            case .value(let value, let line):
                guard case .object = value else {
                    rejects.append(
                        reject(
                            line: line, field: nil,
                            reason: "the line is not a JSON object (found \(value.kindDescription))",
                            raw: [("line", value.compactText)], object: nil))
                    continue
                }
                let row = accumulator.row
                var failure: (column: Int, reason: String)?
                for c in 0..<paths.count {
                    switch JSONCell.decode(lookup(value, c), plan.decoders[c], plan.tables, path: paths[c]) {
                    case .value(let cell): columns[c].append(cell, row: row)
                    case .text(let s): columns[c].appendString(s, row)
                    case .list(let strings): columns[c].appendStrings(strings, row)
                    case .failure(let reason): failure = (c, reason)
                    }
                    if failure != nil { break }
                }
                if let failure {
                    accumulator.rollback(columns: failure.column)
                    rejects.append(
                        reject(
                            line: line, field: plan.columns[failure.column].source, reason: failure.reason,
                            raw: rawColumns(value), object: value))
                    continue
                }
                accumulator.commit(line: line)
            }
        }
        return false
    }

    /// Column `c`'s value in `object` (nil when missing), trying the key's last position first.
    ///
    /// In an object that repeats a key (which RFC 8259 leaves undefined) the hint may pick an earlier occurrence
    /// than the last one that `JSONObject` lookups return.
    private mutating func lookup(_ object: JSONValue, _ c: Int) -> JSONValue? {
        guard case .object(let members) = object, case .key(let key) = paths[c].components.first else {
            return object[paths[c]]
        }
        let hint = keyHints[c]
        let top: JSONValue
        if hint < members.count, members.keys[hint] == key {
            top = members.values[hint]
        } else {
            guard let index = members.keys.lastIndex(of: key) else { return nil }
            keyHints[c] = index
            top = members.values[index]
        }
        return innerPaths[c].components.isEmpty ? top : top[innerPaths[c]]
    }

    /// The declared columns' values as read, keyed by their key paths.
    private func rawColumns(_ object: JSONValue) -> [(String, String?)] {
        plan.columns.indices.map { c in
            let value = object[paths[c]]
            return (plan.columns[c].source, value.map { $0.stringValue ?? $0.compactText })
        }
    }

    private func reject(
        line: Int, field: String?, reason: String, raw: [(String, String?)], object: JSONValue?
    ) -> Reject {
        var money: [Int128] = []
        for (m, column) in plan.money.enumerated() {
            let c = column.column
            if let object,
                case .value(.decimal(let units)) = JSONCell.decode(
                    object[paths[c]], plan.decoders[c], plan.tables, path: paths[c])
            {
                money.append(plan.moneyUnits(units, m))
            } else {
                money.append(0)
            }
        }
        return Reject(
            stage: "source", file: current?.match.path ?? "", line: line, field: field, reason: reason, raw: raw,
            money: money)
    }
}
