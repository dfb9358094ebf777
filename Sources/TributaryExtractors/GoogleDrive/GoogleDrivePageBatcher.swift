import TributaryCore
import TributaryFormats

/// Turns one Drive page into the events a reader hands over: the page started, its rows in batches of at most
/// `batch_rows`, its rejects, the page finished. Both the saved-page and the live reader go through it, so that a
/// page maps to the same rows whether it was read from a file or from the API.
///
/// A page is one "file" of the run's books (its path, or its redacted URL), and a record's line is its 1-based
/// place in the page's `files[]` or `changes[]`; a reject carries the record's JSON path as its field and the
/// record itself as its raw text.
struct GoogleDrivePageBatcher<Format: GoogleDrivePageFormat> {
    let format: Format
    private var builder: ModelBatchBuilder<Format.Row>

    init(format: Format, sourceID: String, batchRows: Int) {
        self.format = format
        builder = ModelBatchBuilder(sourceID: sourceID, capacity: batchRows)
    }

    /// Maps `page` (already parsed, `bytes` long) into `events`; throws for a page this table cannot read.
    mutating func emit(_ page: GoogleDrivePage, bytes: Int, listedAt: Int64?, into events: inout EventQueue)
        throws(ExtractorError)
    {
        try format.check(page)
        let records = try page.records()
        events.append(.fileStarted(path: page.file))
        builder.start(file: page.file)
        var rejects: [Reject] = []
        for (i, record) in records.enumerated() {
            let line = i + 1
            switch format.map(record.value, at: record.path, of: page.kind, listedAt: listedAt) {
            case .rows(let rows):
                for row in rows {
                    if let problem = builder.append(row, line: line) {
                        rejects.append(reject(record.value, page.file, line, problem.field, problem.reason))
                    }
                }
            case .reject(let field, let reason, _, _):
                rejects.append(reject(record.value, page.file, line, field, reason))
            }
            if builder.isFull, let batch = builder.take() {
                events.append(.batch(batch, bytesRead: bytes * line / max(1, records.count)))
                builder.start(file: page.file)
            }
        }
        if let batch = builder.take() { events.append(.batch(batch, bytesRead: bytes)) }
        if !rejects.isEmpty { events.append(.rejects(rejects)) }
        events.append(.fileFinished(path: page.file, bytes: bytes))
    }

    private func reject(_ record: JSONValue, _ file: String, _ line: Int, _ field: String?, _ reason: String)
        -> Reject
    {
        Reject(
            stage: "source", file: file, line: line, field: field, reason: reason,
            raw: [("record", record.compactText)], money: [])
    }
}
