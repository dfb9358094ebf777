import Foundation
import TributaryCore

/// One insert's body, sealed and ready to send, with what it holds and where its rows came from.
///
/// A retry resends exactly this body (lesson L3: same rows, same order, same split).
public struct PreparedInsert: Sendable {
    /// 1-based position in the run, part of every attempt's query id.
    public var sequence: Int
    public var body: Data
    public var gzipped: Bool
    public var rows: Int
    /// TabSeparated bytes before compression.
    public var uncompressedBytes: Int
    /// Source lines of consecutive rows, in insert order.
    var spans: [LineSpan]

    struct LineSpan: Sendable {
        /// 0-based row of the insert where the span starts.
        var firstRow: Int
        var file: String
        var lines: ArraySlice<Int>
    }

    /// Per file, in order of first appearance: the lowest and highest line the insert holds.
    public var sources: [SourceLines] {
        var out: [SourceLines] = []
        var index: [String: Int] = [:]
        for span in spans {
            guard let low = span.lines.min(), let high = span.lines.max() else { continue }
            if let i = index[span.file] {
                out[i].first = min(out[i].first, low)
                out[i].last = max(out[i].last, high)
            } else {
                index[span.file] = out.count
                out.append(SourceLines(file: span.file, first: low, last: high))
            }
        }
        return out
    }

    /// The source line of the insert's 1-based `row` (as ClickHouse counts in "(at row N)").
    public func source(ofRow row: Int) -> SourceLines? {
        let r = row - 1
        guard let span = spans.last(where: { $0.firstRow <= r }), r - span.firstRow < span.lines.count else {
            return nil
        }
        let line = span.lines[span.lines.startIndex + (r - span.firstRow)]
        return SourceLines(file: span.file, first: line, last: line)
    }
}

/// What an insert holds, gathered while its rows are encoded; the body is built separately (`InsertBody`), on
/// the loader's task or on a compression task.
struct InsertManifest: Sendable {
    var sequence: Int
    var rows = 0
    var uncompressedBytes = 0
    var spans: [PreparedInsert.LineSpan] = []

    init(sequence: Int) { self.sequence = sequence }

    mutating func add(_ batch: RecordBatch, rows range: Range<Int>, bytes: Int) {
        spans.append(.init(firstRow: rows, file: batch.lineage.file, lines: batch.lineage.lines[range]))
        rows += range.count
        uncompressedBytes += bytes
    }

    func sealed(body: Data, gzipped: Bool) -> PreparedInsert {
        PreparedInsert(
            sequence: sequence, body: body, gzipped: gzipped, rows: rows, uncompressedBytes: uncompressedBytes,
            spans: spans)
    }
}

/// An insert's body being built from encoded chunks: gzip-compressed as they come, or kept plain.
///
/// A class because it owns the compressor's zlib state; it belongs to one task.
final class InsertBody {
    private let compressor: GzipCompressor?
    private var plain = Data()

    init(compression: ClickHouseLoader.Configuration.Compression, level: Int) throws(ClickHouseError) {
        compressor = compression == .gzip ? try GzipCompressor(level: level) : nil
    }

    var gzipped: Bool { compressor != nil }

    func append(_ chunk: [UInt8]) throws(ClickHouseError) {
        if let compressor { try compressor.append(chunk) } else { plain.append(contentsOf: chunk) }
    }

    func finish() throws(ClickHouseError) -> Data {
        try compressor?.finish() ?? plain
    }
}
