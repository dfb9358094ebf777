import TributaryCore

/// Events an extract reader has produced but not yet handed over, and a failure to raise after them.
///
/// One call to the reader can finish a batch, its rejects and a file at once; queueing them keeps `next()`
/// to one event per call. A failure waits behind the events queued before it, so rows read before a mid-file
/// error are delivered (and counted) before the error stops the run.
struct EventQueue {
    private var events: [ExtractEvent] = []
    private var head = 0
    private var failure: (any Error)?
    /// A failure was raised: the reader is done.
    private(set) var stopped = false

    mutating func append(_ event: ExtractEvent) { events.append(event) }

    mutating func fail(_ error: any Error) { failure = error }

    /// The oldest queued event; once none is left, the pending failure (thrown once), then nil.
    mutating func next() throws -> ExtractEvent? {
        if head < events.count {
            let event = events[head]
            head += 1
            if head == events.count {
                events.removeAll(keepingCapacity: true)
                head = 0
            }
            return event
        }
        if let failure {
            self.failure = nil
            stopped = true
            throw failure
        }
        return nil
    }
}
