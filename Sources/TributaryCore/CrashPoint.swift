import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Named places where a run can be made to die by `SIGKILL`, or to wait, for the crash-safety tests.
///
/// A run dies at a crash point only when the environment says so: `TRIBUTARY_TEST_CRASH_AT=<point>` kills the
/// process the first time it reaches `<point>`, `<point>:<n>` the n-th time. The variable is read once, at the
/// first crash point reached; without it a crash point costs one comparison. The tests use it to stand for
/// `kill -9` at the worst moments (between an insert and the state write, between two partition swaps), which
/// a signal sent from outside at a random time would hit only by luck.
///
/// `TRIBUTARY_TEST_HOLD_AT=<point>[:<n>]` with `TRIBUTARY_TEST_HOLD_FILE=<path>` instead makes the run create
/// `<path>` there and wait until the file is removed: the test then does something to the world (restarts
/// ClickHouse) at a known moment of the run, and lets it go on.
public enum CrashPoint: String, Sendable, CaseIterable {
    /// After a batch is read from the source and before it is transformed.
    case extract
    /// After a batch has been handed to the loader, before the next is read.
    case betweenBatches = "between_batches"
    /// An insert's request has been sent and answered, before the loader records it as stored.
    case midInsert = "mid_insert"
    /// The loader has committed, before the state is saved.
    case afterCommit = "after_commit"
    /// Between two `REPLACE PARTITION` statements of one commit.
    case duringReplacePartition = "during_replace_partition"
    /// Between two chunks of a backfill, after the first chunk's state is saved.
    case betweenChunks = "between_chunks"

    /// The armed point and the hit that kills, parsed once from the environment.
    private static let armed: (point: String, hit: Int)? = {
        guard let raw = getenv("TRIBUTARY_TEST_CRASH_AT") else { return nil }
        let text = String(cString: raw)
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let name = parts.first, !name.isEmpty else { return nil }
        let hit = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
        return (name, max(1, hit))
    }()

    private static let held: (point: String, hit: Int, file: String)? = {
        guard let raw = getenv("TRIBUTARY_TEST_HOLD_AT"), let file = getenv("TRIBUTARY_TEST_HOLD_FILE") else {
            return nil
        }
        let parts = String(cString: raw).split(separator: ":", maxSplits: 1).map(String.init)
        guard let name = parts.first, !name.isEmpty else { return nil }
        return (name, max(1, parts.count > 1 ? Int(parts[1]) ?? 1 : 1), String(cString: file))
    }()

    private static let hits = Atomic<Int>(0)
    private static let holdHits = Atomic<Int>(0)

    /// Kills the process here when this point is armed and this is the armed hit; waits here when it is held.
    public func reach() {
        if let armed = Self.armed, armed.point == rawValue,
            Self.hits.add(1, ordering: .relaxed).newValue == armed.hit
        {
            kill(getpid(), SIGKILL)
        }
        if let held = Self.held, held.point == rawValue,
            Self.holdHits.add(1, ordering: .relaxed).newValue == held.hit
        {
            let fd = open(held.file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            if fd >= 0 { close(fd) }
            while access(held.file, F_OK) == 0 { usleep(20_000) }
        }
    }
}
