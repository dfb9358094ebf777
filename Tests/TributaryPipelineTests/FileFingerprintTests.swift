import Foundation
import Testing
import TributaryCore

@testable import TributaryPipeline

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct FileFingerprintTests {
    /// `committed` as if it had been hashed well after the file last changed, so that its stat may be trusted.
    func settled(_ committed: FileFingerprint) -> FileFingerprint {
        var f = committed
        f.observedAt = ExactTimestamp(seconds: committed.observedAt.seconds + 10, nanoseconds: 0)
        return f
    }

    @Test func fingerprintNamesTheDisplayPathAndHashesTheContent() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("a.csv", "id,amount\n1,2.50\n")
        let f = try FileFingerprint.compute(path: dir.file("a.csv"), displayPath: "exports/a.csv")
        #expect(f.path == "exports/a.csv")
        #expect(f.size == 17)
        #expect(f.sha256 == SHA256.hash(Array("id,amount\n1,2.50\n".utf8)).hex)
    }

    /// A file larger than one read chunk hashes to the digest of its whole content.
    @Test func largeFileIsHashedInChunks() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let bytes = (0..<(FileFingerprint.chunkBytes * 2 + 5)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: dir.file("big.bin")))
        let f = try FileFingerprint.compute(path: dir.file("big.bin"))
        #expect(f.size == Int64(bytes.count))
        #expect(f.sha256 == SHA256.hash(bytes).hex)
    }

    @Test func unchangedFileHasTheSameFingerprint() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("a.csv", "x\n")
        let first = try FileFingerprint.compute(path: dir.file("a.csv"))
        let second = try FileFingerprint.compute(path: dir.file("a.csv"))
        #expect(first.sameStat(as: second))
        #expect(first.sha256 == second.sha256)
    }

    /// A settled, unchanged file is decided by its stat alone: nothing is read.
    @Test func unchangedSettledFileTakesTheStatPath() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("a.csv", "x\n")
        let committed = settled(try FileFingerprint.compute(path: dir.file("a.csv"), displayPath: "a.csv"))
        let check = try FileCheck.check(path: dir.file("a.csv"), displayPath: "a.csv", committed: committed)
        #expect(check.verdict == .unchanged)
        #expect(check.method == .stat)
        #expect(!check.needsLoad)
        #expect(check.fingerprint == committed)
    }

    /// Same size, modification time set back to the committed one, different content: the status change time
    /// (which `utimensat` itself moves) breaks the stat match, so the content is hashed and found changed.
    @Test func changedContentWithSameSizeAndMtimeForcedBackIsChanged() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let path = dir.file("a.csv")
        try dir.write("a.csv", "amount\n1.00\n")
        let committed = settled(try FileFingerprint.compute(path: path, displayPath: "a.csv"))
        Thread.sleep(forTimeInterval: 0.05)  // past the kernel's timestamp granularity
        try dir.write("a.csv", "amount\n9.00\n")
        #expect(
            setModificationTime(path, seconds: committed.modified.seconds, nanoseconds: committed.modified.nanoseconds)
                == 0)

        let now = try FileStat.of(path: path)
        #expect(now.size == committed.size)
        #expect(now.modified == committed.modified)
        #expect(now.statusChanged != committed.fileStat.statusChanged)

        let fresh = try FileFingerprint.compute(path: path, displayPath: "a.csv")
        #expect(fresh.sha256 != committed.sha256)
        let check = try FileCheck.check(path: path, displayPath: "a.csv", committed: committed)
        #expect(check.verdict == .changed)
        #expect(check.method == .hash)
        #expect(check.needsLoad)
    }

    /// Touched but identical: the stat differs, the hash decides, and the new stat is what gets committed.
    @Test func touchedButIdenticalFileIsUnchanged() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let path = dir.file("a.csv")
        try dir.write("a.csv", "x\n")
        let committed = settled(try FileFingerprint.compute(path: path, displayPath: "a.csv"))
        #expect(setModificationTime(path, seconds: 1_900_000_000, nanoseconds: 5) == 0)
        let check = try FileCheck.check(path: path, displayPath: "a.csv", committed: committed)
        #expect(check.verdict == .unchanged)
        #expect(check.method == .hash)
        #expect(check.fingerprint.modified == ExactTimestamp(seconds: 1_900_000_000, nanoseconds: 5))
    }

    /// A fingerprint taken while the file was still being written is not trusted by stat: it is hashed again.
    @Test func freshFingerprintIsVerifiedByHash() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("a.csv", "x\n")
        let committed = try FileFingerprint.compute(path: dir.file("a.csv"))
        #expect(!committed.statIsTrustworthy)
        let check = try FileCheck.check(path: dir.file("a.csv"), committed: committed)
        #expect(check.verdict == .unchanged)
        #expect(check.method == .hash)
    }

    @Test func alwaysHashSkipsTheStatPath() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("a.csv", "x\n")
        let committed = settled(try FileFingerprint.compute(path: dir.file("a.csv")))
        let check = try FileCheck.check(path: dir.file("a.csv"), committed: committed, alwaysHash: true)
        #expect(check.method == .hash)
        #expect(check.verdict == .unchanged)
    }

    @Test func fileWithoutCommittedFingerprintIsNew() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("a.csv", "x\n")
        let check = try FileCheck.check(path: dir.file("a.csv"), committed: nil)
        #expect(check.verdict == .new)
        #expect(check.needsLoad)
    }

    @Test func missingFileAndFolderAreErrors() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        #expect(throws: StateError.self) { try FileFingerprint.compute(path: dir.file("nope.csv")) }
        let error = #expect(throws: StateError.self) { try FileFingerprint.compute(path: dir.path, displayPath: "d") }
        #expect(error?.description == "cannot fingerprint d: it is not a regular file")
    }
}
