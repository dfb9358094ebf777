import Synchronization

/// A FIFO between one producing and one consuming task, holding at most `capacity` elements.
///
/// The producer waits when the channel is full, which bounds memory: an insert pipeline holds a few encoded
/// chunks and one finished body, never the whole load. `fail` wakes both sides with the error, so that the
/// first failure of any stage ends the others; a cancelled waiter fails the channel with `CancellationError`.
final class BoundedChannel<Element: Sendable>: Sendable {
    private struct State {
        /// At most `capacity` elements, so removing from the front is cheap. A popped element must leave the
        /// array at once: keeping it (and compacting later) kept dozens of encoded chunks and finished insert
        /// bodies alive after they were consumed, hundreds of megabytes on a large load.
        var buffer: [Element] = []
        var finished = false
        var failure: (any Error)?
        var receiver: CheckedContinuation<Element?, any Error>?
        var sender: CheckedContinuation<Void, any Error>?

        var count: Int { buffer.count }

        mutating func pop() -> Element { buffer.removeFirst() }
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        precondition(capacity >= 1, "a channel holds at least one element")
        self.capacity = capacity
    }

    /// Appends `element`, waiting while the channel is full; throws once the channel failed.
    func send(_ element: Element) async throws {
        while true {
            let ready: Bool = try state.withLock { s in
                if let failure = s.failure { throw failure }
                precondition(!s.finished, "send after finish")
                if let receiver = s.receiver {
                    s.receiver = nil
                    receiver.resume(returning: element)
                    return true
                }
                if s.count < capacity {
                    s.buffer.append(element)
                    return true
                }
                return false
            }
            if ready { return }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                    state.withLock { s in
                        if let failure = s.failure {
                            c.resume(throwing: failure)
                        } else if s.count < capacity || s.receiver != nil {
                            c.resume()
                        } else {
                            s.sender = c
                        }
                    }
                }
            } onCancel: {
                fail(CancellationError())
            }
        }
    }

    /// The next element, or nil once the channel is finished and empty; throws once the channel failed.
    func receive() async throws -> Element? {
        let immediate: Element?? = try state.withLock { s in
            if let failure = s.failure { throw failure }
            if s.count > 0 {
                let e = s.pop()
                s.sender?.resume()
                s.sender = nil
                return .some(e)
            }
            return s.finished ? .some(nil) : nil
        }
        if let immediate { return immediate }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Element?, any Error>) in
                state.withLock { s in
                    if let failure = s.failure {
                        c.resume(throwing: failure)
                    } else if s.count > 0 {
                        let e = s.pop()
                        s.sender?.resume()
                        s.sender = nil
                        c.resume(returning: e)
                    } else if s.finished {
                        c.resume(returning: nil)
                    } else {
                        s.receiver = c
                        // A producer waiting for room may hand its element straight over now.
                        s.sender?.resume()
                        s.sender = nil
                    }
                }
            }
        } onCancel: {
            fail(CancellationError())
        }
    }

    /// No more elements will come; the consumer drains what is buffered, then receives nil.
    func finish() {
        state.withLock { s in
            s.finished = true
            if s.count == 0, let receiver = s.receiver {
                s.receiver = nil
                receiver.resume(returning: nil)
            }
        }
    }

    /// Ends the channel with `error` for both sides; the first failure wins.
    func fail(_ error: any Error) {
        state.withLock { s in
            if s.failure == nil { s.failure = error }
            s.buffer.removeAll()
            s.receiver?.resume(throwing: error)
            s.receiver = nil
            s.sender?.resume(throwing: error)
            s.sender = nil
        }
    }
}
