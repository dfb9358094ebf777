import Foundation

/// A value shared between the server's threads and the test, guarded by one condition lock.
///
/// The server runs on POSIX threads, outside Swift concurrency, so an actor would not do; `NSCondition` also lets
/// `stop()` wait for the last connection thread to finish. Every access goes through `withLock`, which is what
/// makes the unchecked conformance sound.
final class Locked<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value under the lock, then wakes any `wait(until:)`.
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return try body(&value)
    }

    /// Blocks until `predicate` holds or `timeout` seconds pass; returns whether it holds.
    func wait(until predicate: (Value) -> Bool, timeout: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while !predicate(value) {
            if !condition.wait(until: deadline) { return predicate(value) }
        }
        return true
    }
}
