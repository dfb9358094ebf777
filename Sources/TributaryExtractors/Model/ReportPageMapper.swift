import TributaryCore
import TributaryFormats

/// Maps every result of one report page through a `ReportPageFormat` into batch and reject events: the part the
/// saved-response reader and the live reader share.
///
/// A page is mapped whole or not at all: a shape error anywhere in it discards what was mapped of it, so that a
/// run stopping on a changed API has not half-loaded the page first. Each result is one record, numbered from 1
/// in the page's order (`x_source_row`, the reject's line); a page is one "file" of lineage (the saved file, or
/// the page's URL), so that batches never mix pages. Memory is one page, which the APIs bound (31 daily buckets).
struct ReportPageMapper<Format: ReportPageFormat>: Sendable {
    let format: Format
    private var builder: ModelBatchBuilder<Format.Row>

    /// What one page became.
    struct Mapped {
        var events: [ExtractEvent] = []
        /// The start of the page's latest bucket (empty buckets count: the API says there was nothing yet).
        var latestBucketStart: Int64?
        var records = 0
    }

    init(format: Format, sourceID: String, batchRows: Int) {
        self.format = format
        builder = ModelBatchBuilder(sourceID: sourceID, capacity: batchRows)
    }

    /// Maps `page`, read from `file` (a path, or a redacted URL); `bytesRead` goes with its batches for progress.
    mutating func map(_ page: JSONValue, file: String, bytesRead: Int) throws(JSONShapeError) -> Mapped {
        let buckets = try format.envelope.buckets(of: page)
        var mapped = Mapped()
        var rejects: [Reject] = []
        builder.start(file: file)
        do throws(JSONShapeError) {
            for bucket in buckets {
                mapped.latestBucketStart = max(mapped.latestBucketStart ?? bucket.bucket.start, bucket.bucket.start)
                for (j, result) in bucket.results.enumerated() {
                    mapped.records += 1
                    let path = bucket.path.appending(key: "results").appending(index: j)
                    let record = mapped.records
                    switch try format.map(result, in: bucket.bucket, at: path) {
                    case .rows(let rows):
                        for row in rows {
                            if let problem = builder.append(row, line: record) {
                                rejects.append(
                                    reject(
                                        result, bucket.bucket, file, record, problem.field, problem.reason,
                                        row.moneyUnits, row.currency))
                            }
                        }
                    case .reject(let field, let reason, let money, let currency):
                        rejects.append(reject(result, bucket.bucket, file, record, field, reason, money, currency))
                    }
                    if builder.isFull, let batch = builder.take() {
                        mapped.events.append(.batch(batch, bytesRead: bytesRead))
                        builder.start(file: file)
                    }
                }
            }
        } catch {
            _ = builder.take()
            throw error
        }
        if let batch = builder.take() { mapped.events.append(.batch(batch, bytesRead: bytesRead)) }
        if !rejects.isEmpty { mapped.events.append(.rejects(rejects)) }
        return mapped
    }

    private func reject(
        _ result: JSONValue, _ bucket: ReportBucket, _ file: String, _ record: Int, _ field: String?,
        _ reason: String, _ money: [Int128]?, _ currency: String
    ) -> Reject {
        Reject(
            stage: "source", file: file, line: record, field: field, reason: reason,
            raw: [
                ("bucket_start", CivilTime.formatDateTime(epochSeconds: bucket.start)),
                ("bucket_end", CivilTime.formatDateTime(epochSeconds: bucket.end)), ("record", result.compactText),
            ],
            money: money ?? Format.Row.moneyColumns.map { _ in 0 }, currency: currency)
    }
}
