import Foundation
import Testing
import TributaryCore

@testable import TributaryClickHouse

struct PartitionBuffersTests {
    static let schema = Schema([Field("n", .int64, nullable: false)])
    static let batch = makeBatch(schema, (0..<10).map { [.int64(Int64($0))] })

    @Test func aFullPartitionLeavesAlone() {
        var b = PartitionBuffers(maxRows: 3, maxBytes: 1000)
        b.add([1, 2], partition: "a", batch: Self.batch, rows: 0..<2)
        b.add([3], partition: "b", batch: Self.batch, rows: 2..<3)
        #expect(b.nextFull() == nil)
        #expect(b.room(in: "a") == 1)
        b.add([4], partition: "a", batch: Self.batch, rows: 3..<4)
        let full = b.nextFull()
        #expect(full?.partition == "a")
        #expect(full?.insert.chunks == [[1, 2], [4]])
        #expect(full?.insert.manifest.rows == 3)
        #expect(b.nextFull() == nil)
        #expect(b.takeAll().map(\.partition) == ["b"])
        #expect(b.totalBytes == 0)
    }

    @Test func theLargestLeavesWhenMemoryIsFull() {
        var b = PartitionBuffers(maxRows: 100, maxBytes: 7)
        b.add([1], partition: "a", batch: Self.batch, rows: 0..<1)
        b.add([1, 2, 3, 4], partition: "b", batch: Self.batch, rows: 1..<2)
        b.add([1, 2], partition: "a", batch: Self.batch, rows: 2..<3)
        #expect(b.nextFull()?.partition == "b")
        #expect(b.nextFull() == nil)
        #expect(b.totalBytes == 3)
    }
}
