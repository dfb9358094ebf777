import Foundation
import Testing

@testable import TributaryPipeline

/// `tributary run` takes the pipeline's lock: a second concurrent run exits 75 naming the holder.
@Suite(.serialized) struct RunLockTests {
    func pipeline(_ dir: TempDir, stateDir: String) throws -> URL {
        _ = try dir.write("in.csv", "day,cost\n2025-01-01,1.25\n")
        return try dir.write(
            "p.toml",
            """
            version = 1
            [pipeline]
            name = "locked"
            state_dir = "\(stateDir)"
            [source]
            type = "csv"
            paths = ["in.csv"]
            columns = [{ name = "day", type = "date" }, { name = "cost", type = "decimal(38,12)", money = true }]
            [sink]
            type = "file"
            path = "out.tsv"
            """)
    }

    @Test func aSecondRunExits75NamingTheHolder() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let p = try pipeline(dir, stateDir: "state")
        let lock = try PipelineLock.acquire(
            pipeline: "locked", folder: dir.url.appendingPathComponent("state").path, runID: "holder-run")
        let blocked = try await runTributary(["run", p.path], in: dir.url)
        #expect(blocked.status == 75, "\(blocked.stderr)")
        #expect(blocked.stdout.contains("pid \(getpid())"), "\(blocked.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("out.tsv").path))

        // A dry run writes nothing and needs no lock.
        #expect(try await runTributary(["run", p.path, "--dry-run"], in: dir.url).status == 0)

        lock.release()
        let free = try await runTributary(["run", p.path], in: dir.url)
        #expect(free.status == 0, "\(free.stderr)")
        #expect(
            try String(contentsOf: dir.url.appendingPathComponent("out.tsv"), encoding: .utf8)
                == "2025-01-01\t1.250000000000\n")
    }

    @Test func anUnwritableStateFolderFailsBeforeAnyLoad() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        _ = try dir.write("blocker", "a file where a folder should be")
        let p = try pipeline(dir, stateDir: "blocker/state")
        let r = try await runTributary(["run", p.path], in: dir.url)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("blocker"), "\(r.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("out.tsv").path))
    }
}
