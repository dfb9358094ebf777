import Foundation
import Testing

@testable import TributaryPipeline

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct PipelineLockTests {
    /// 2026-11-21T13:57:10Z.
    let started = Date(timeIntervalSince1970: 1_795_269_430)

    func lockText(_ dir: TempDir, _ pipeline: String = "aws_cur") throws -> String {
        try String(contentsOf: dir.url.appendingPathComponent("\(pipeline).lock"), encoding: .utf8)
    }

    @Test func acquireReleaseAndAcquireAgain() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let lock = try PipelineLock.acquire(pipeline: "aws_cur", folder: dir.url.path)
        #expect(lock.isHeld)
        #expect(lock.takenOverFrom == nil)
        #expect(lock.path == dir.url.path + "/aws_cur.lock")
        lock.release()
        #expect(!lock.isHeld)
        lock.release()  // idempotent
        #expect(try lockText(dir) == "", "release clears the identity but keeps the file")
        let again = try PipelineLock.acquire(pipeline: "aws_cur", folder: dir.url.path)
        #expect(again.isHeld)
        #expect(again.takenOverFrom == nil)
    }

    @Test func writesTheHolderAsOneJSONLine() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let lock = try PipelineLock.acquire(
            pipeline: "aws_cur", folder: dir.url.path, now: started, pid: 4242, host: "etl-1", runID: "r-7")
        let expected = #"{"pid":4242,"host":"etl-1","started_at":"2026-11-21T13:57:10Z","run_id":"r-7"}"# + "\n"
        #expect(try lockText(dir) == expected)
        #expect(lock.holder == LockHolder(pid: 4242, host: "etl-1", startedAt: "2026-11-21T13:57:10Z", runID: "r-7"))
        #expect(LockHolder(jsonLine: expected) == lock.holder)
        let noRun = try PipelineLock.acquire(pipeline: "gcp", folder: dir.url.path, now: started, pid: 7, host: "h")
        #expect(try lockText(dir, "gcp") == #"{"pid":7,"host":"h","started_at":"2026-11-21T13:57:10Z"}"# + "\n")
        noRun.release()
    }

    @Test func secondAcquireIsHeldAndNamesTheHolder() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        // flock belongs to an open file description: a second open in this process competes like another process.
        let first = try PipelineLock.acquire(
            pipeline: "aws_cur", folder: dir.url.path, now: started, pid: getpid(), host: "etl-1")
        var caught: PipelineLockError?
        do {
            _ = try PipelineLock.acquire(pipeline: "aws_cur", folder: dir.url.path, host: "etl-1")
        } catch {
            caught = error
        }
        let error = try #require(caught)
        let holder = LockHolder(pid: getpid(), host: "etl-1", startedAt: "2026-11-21T13:57:10Z")
        #expect(error == .held(holder: holder, path: first.path))
        #expect(
            error.description
                == "another run holds the lock \(first.path): pid \(getpid()) on host etl-1, started 2026-11-21T13:57:10Z;"
                + " try again when it finishes")
        #expect(error.isTemporary)
        #expect(ExitStatus.code(for: error) == 75)

        // Another pipeline in the same folder is independent.
        let other = try PipelineLock.acquire(pipeline: "gcp_billing", folder: dir.url.path)
        other.release()

        first.release()
        let second = try PipelineLock.acquire(pipeline: "aws_cur", folder: dir.url.path)
        #expect(second.takenOverFrom == nil)
    }

    @Test func deinitReleases() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        do {
            let lock = try PipelineLock.acquire(pipeline: "aws_cur", folder: dir.url.path)
            #expect(lock.isHeld)
        }
        let again = try PipelineLock.acquire(pipeline: "aws_cur", folder: dir.url.path)
        #expect(again.isHeld)
    }

    @Test func takesOverTheLockOfADeadProcessOnThisHost() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let dead = try deadPID()
        #expect(!PipelineLock.isProcessAlive(dead))
        let left = LockHolder(pid: dead, host: PipelineLock.currentHost(), startedAt: "2026-11-20T03:00:00Z")
        _ = try dir.write("aws_cur.lock", left.jsonLine)

        let lock = try PipelineLock.acquire(pipeline: "aws_cur", folder: dir.url.path, now: started)
        #expect(lock.takenOverFrom == left)
        #expect(lock.holder.pid == getpid())
        #expect(
            PipelineLock.takeoverWarning(left)
                == "took over the lock left by pid \(dead) (started 2026-11-20T03:00:00Z), which is no longer running")
        #expect(try lockText(dir) == lock.holder.jsonLine, "the dead holder's identity is replaced")
    }

    /// The flock decides: an identity whose flock is free is a crashed run's leftover, and only a dead process on
    /// this host is reported, since another host's pids cannot be checked and a live pid here was reused.
    @Test(arguments: ["other-host", "this-host-live-pid", "garbage"])
    func leftoverIdentityWithoutFlockIsTakenWithoutReport(_ leftover: String) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let text: String
        switch leftover {
        case "other-host":
            let holder = LockHolder(pid: try deadPID(), host: "elsewhere", startedAt: "2026-11-20T03:00:00Z")
            text = holder.jsonLine
        case "this-host-live-pid":
            text = LockHolder(pid: getpid(), host: PipelineLock.currentHost(), startedAt: "x").jsonLine
        default:
            text = "not json\n"
        }
        _ = try dir.write("aws_cur.lock", text)
        let lock = try PipelineLock.acquire(pipeline: "aws_cur", folder: dir.url.path)
        #expect(lock.isHeld)
        #expect(lock.takenOverFrom == nil)
    }

    /// A real second process holds the lock; once it is killed with SIGKILL the kernel drops its flock.
    @Test func anotherProcessHoldsTheLockUntilItIsKilled() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.url.appendingPathComponent("aws_cur.lock").path
        let script = """
            import fcntl, os, socket, sys, time
            f = open(sys.argv[1], "a+")
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            f.truncate(0)
            f.write('{"pid":%d,"host":"%s","started_at":"2026-11-21T13:57:10Z"}\\n' % (os.getpid(), socket.gethostname()))
            f.flush(); os.fsync(f.fileno())
            print("locked", flush=True)
            time.sleep(30)
            """
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        child.arguments = ["-c", script, path]
        let out = Pipe()
        child.standardOutput = out
        try child.run()
        defer {
            if child.isRunning {
                kill(child.processIdentifier, SIGKILL)
                child.waitUntilExit()
            }
        }
        var said = ""
        while !said.contains("locked\n") {
            let data = out.fileHandleForReading.availableData
            try #require(!data.isEmpty, "the child exited before taking the lock")
            said += String(decoding: data, as: UTF8.self)
        }

        let childHolder = LockHolder(
            pid: child.processIdentifier, host: PipelineLock.currentHost(), startedAt: "2026-11-21T13:57:10Z")
        #expect(throws: PipelineLockError.held(holder: childHolder, path: path)) {
            try PipelineLock.acquire(pipeline: "aws_cur", folder: dir.url.path)
        }

        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        let lock = try PipelineLock.acquire(pipeline: "aws_cur", folder: dir.url.path)
        #expect(lock.isHeld)
        #expect(lock.takenOverFrom == childHolder, "the killed child left its identity behind")
    }

    struct UnwritableCase: Sendable, CustomStringConvertible {
        var description: String
        /// The folder, relative to the temporary folder that holds a regular file `file.txt`.
        var folder: String
        var reason: String
    }

    /// Paths under a regular file, since tests may run as root, for whom permissions do not stop writes.
    @Test(arguments: [
        UnwritableCase(description: "under a file", folder: "file.txt/locks", reason: "Not a directory"),
        UnwritableCase(description: "a file", folder: "file.txt", reason: "it is not a folder"),
    ])
    func folderThatCannotBeWrittenFailsAtOnce(_ c: UnwritableCase) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        _ = try dir.write("file.txt", "x")
        let folder = dir.url.appendingPathComponent(c.folder).path
        var caught: PipelineLockError?
        do {
            _ = try PipelineLock.acquire(pipeline: "aws_cur", folder: folder)
        } catch {
            caught = error
        }
        let error = try #require(caught)
        guard case .folderNotWritable(let path, let reason) = error else {
            Issue.record("expected folderNotWritable, got \(error)")
            return
        }
        #expect(path == folder)
        #expect(reason.contains(c.reason))
        #expect(error.description.hasPrefix("the state folder \(folder) is not writable: "))
        #expect(!error.isTemporary)
        #expect(ExitStatus.code(for: error) == 1)
    }

    @Test func createsAMissingFolder() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let folder = dir.url.appendingPathComponent("state/nested").path
        let lock = try PipelineLock.acquire(pipeline: "aws_cur", folder: folder + "/")
        #expect(lock.path == folder + "/aws_cur.lock")
        #expect(FileManager.default.fileExists(atPath: lock.path))
    }

    @Test(arguments: ["", "a/b", ".hidden", ".."])
    func rejectsNamesThatAreNotPlainFileNames(_ name: String) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        #expect(throws: PipelineLockError.invalidPipelineName(name)) {
            try PipelineLock.acquire(pipeline: name, folder: dir.url.path)
        }
    }

    /// The pid of a process that has exited and been reaped, so that no process has it (until reused).
    func deadPID() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }
}
