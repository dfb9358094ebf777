import TributaryCore
import TributaryFormats

/// Turns the records of one page (a saved file or a fetched URL) into extract events: the page starts, its rows
/// in batches of at most the builder's capacity, its rejects, the page ends. Both inputs emit through it, so a
/// record is a row or a reject the same way whichever input read it.
///
/// Each record's line is its ordinal in the page (1-based), which `x_source_row` keeps; its JSON path is in the
/// reject's field, exact to the value at fault.
struct PennyLaneEmitter<Row: ModelRow> {
    private var builder: ModelBatchBuilder<Row>

    init(sourceID: String, batchRows: Int) {
        builder = ModelBatchBuilder(sourceID: sourceID, capacity: batchRows)
    }

    /// The events of page `file` (`bytes` long; `bytesBefore` read before it, for progress).
    mutating func events(file: String, records: [PennyLaneRecord<Row>], bytes: Int, bytesBefore: Int = 0)
        -> [ExtractEvent]
    {
        var events: [ExtractEvent] = [.fileStarted(path: file)]
        var rejects: [Reject] = []
        builder.start(file: file)
        for (i, record) in records.enumerated() {
            let line = i + 1
            switch record.outcome {
            case .rows(let rows):
                for row in rows {
                    if let problem = builder.append(row, line: line) {
                        rejects.append(
                            reject(record, file, line, problem.field, problem.reason, row.moneyUnits, row.currency))
                    }
                    if builder.isFull, let batch = builder.take() {
                        events.append(.batch(batch, bytesRead: bytesBefore + bytes))
                        builder.start(file: file)
                    }
                }
            case .reject(let field, let reason, let money, let currency):
                rejects.append(reject(record, file, line, field, reason, money, currency))
            }
        }
        if let batch = builder.take() { events.append(.batch(batch, bytesRead: bytesBefore + bytes)) }
        if !rejects.isEmpty { events.append(.rejects(rejects)) }
        events.append(.fileFinished(path: file, bytes: bytes))
        return events
    }

    private func reject(
        _ record: PennyLaneRecord<Row>, _ file: String, _ line: Int, _ field: String?, _ reason: String,
        _ money: [Int128]?, _ currency: String
    ) -> Reject {
        Reject(
            stage: "source", file: file, line: line, field: field, reason: reason,
            raw: [("record", record.value.compactText)], money: money ?? Row.moneyColumns.map { _ in 0 },
            currency: currency)
    }
}

extension PennyLaneFormat {
    /// The records of one page: its items mapped, or, for a changelog page, a tombstone per deleted resource
    /// (inserts and updates carry no data; a live read fetches them by id, a saved one has them in other files).
    func records(of page: PennyLanePage, json: JSONValue) throws(PennyLaneShapeError) -> [PennyLaneRecord<Row>] {
        guard case .changelog(let events) = page else {
            return try page.items(of: json, entity: entity).flatMap { records($0) }
        }
        return tombstones(events, page: json)
    }

    /// A tombstone for each resource whose latest event in `events` (one changelog page) is a deletion.
    func tombstones(_ events: [PennyLaneChange], page json: JSONValue) -> [PennyLaneRecord<Row>] {
        var log = PennyLaneChangelog()
        for event in events { log.add(event) }
        return log.changes.filter { $0.operation == .delete }.map { change in
            PennyLaneRecord(
                path: change.path, value: json[change.path] ?? .null,
                outcome: .rows([
                    tombstone(id: change.id, deletedAt: PennyLaneChangelog.tombstoneVersion(change), version: .v2)
                ]))
        }
    }
}
