import TributaryCore

/// Encoded rows waiting to be sent, one pending insert per partition, so that every insert holds one partition
/// (lessons L2, L5) while inserts stay few and large even when the input interleaves partitions.
///
/// The policy is a value-type state machine; the loader does the sending. A partition's insert leaves when it
/// reaches `maxRows`; when all pending inserts together reach `maxBytes`, the largest leaves. So sorted input
/// (one month per file) gives the same inserts as `append`, and memory stays near `maxBytes` of plain
/// TabSeparated however many partitions a run touches.
struct PartitionBuffers {
    /// One partition's insert being gathered.
    struct Pending {
        var chunks: [[UInt8]] = []
        /// Its sequence is set when it leaves.
        var manifest = InsertManifest(sequence: 0)
    }

    let maxRows: Int
    let maxBytes: Int
    private(set) var pending: [String: Pending] = [:]
    /// Partitions in order of first appearance, so that inserts leave in a reproducible order.
    private var order: [String] = []
    private(set) var totalBytes = 0

    init(maxRows: Int, maxBytes: Int) {
        self.maxRows = maxRows
        self.maxBytes = maxBytes
    }

    /// Rows still allowed into `partition`'s pending insert.
    func room(in partition: String) -> Int { maxRows - (pending[partition]?.manifest.rows ?? 0) }

    mutating func add(_ chunk: [UInt8], partition: String, batch: RecordBatch, rows: Range<Int>) {
        if pending[partition] == nil { order.append(partition) }
        pending[partition, default: Pending()].chunks.append(chunk)
        pending[partition, default: Pending()].manifest.add(batch, rows: rows, bytes: chunk.count)
        totalBytes += chunk.count
    }

    /// The next insert that must leave now, if any: a full partition, else the largest when memory is full.
    mutating func nextFull() -> (partition: String, insert: Pending)? {
        if let full = order.first(where: { (pending[$0]?.manifest.rows ?? 0) >= maxRows }) { return take(full) }
        guard totalBytes >= maxBytes,
            let largest = order.max(by: {
                (pending[$0]?.manifest.uncompressedBytes ?? 0) < (pending[$1]?.manifest.uncompressedBytes ?? 0)
            })
        else { return nil }
        return take(largest)
    }

    /// Everything still pending, in order of first appearance: at commit.
    mutating func takeAll() -> [(partition: String, insert: Pending)] {
        order.compactMap { take($0) }
    }

    private mutating func take(_ partition: String) -> (partition: String, insert: Pending)? {
        guard let insert = pending.removeValue(forKey: partition) else { return nil }
        order.removeAll { $0 == partition }
        totalBytes -= insert.manifest.uncompressedBytes
        return (partition, insert)
    }
}
