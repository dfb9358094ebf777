/// Why pipeline state could not be read or written.
///
/// A state file that cannot be trusted is refused, never ignored: silently starting from empty state would
/// reload everything and double-count (lessons L13, L14).
public enum StateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The state file exists but is not valid state for `pipeline`: bad JSON, a version this build does not read,
    /// another pipeline's name, a missing field or a field of the wrong type.
    case corrupt(path: String, pipeline: String, detail: String)
    /// The state folder cannot be created or written; found before any load starts.
    case folderNotWritable(path: String, reason: String)
    /// Reading, writing or renaming a file failed.
    case io(path: String, operation: String, reason: String)
    /// The pipeline name cannot be used in a file name.
    case invalidPipelineName(String)
    /// The ClickHouse state store could not be read or written; `temporary` when the server did not answer.
    case unavailable(store: String, reason: String, temporary: Bool)
    /// `reset(source:)` named a source that has no checkpoint.
    case unknownSource(pipeline: String, source: String, known: [String])

    public var description: String {
        switch self {
        case .corrupt(let path, let pipeline, let detail):
            "state file \(path) was refused: \(detail). It may be damaged or hand-edited, and tributary will not "
                + "guess what was loaded. Run `tributary state reset \(pipeline)` to discard it; the next run will "
                + "then reprocess everything."
        case .folderNotWritable(let path, let reason):
            "state folder \(path) is not writable: \(reason); nothing was loaded"
        case .io(let path, let operation, let reason):
            "cannot \(operation) \(path): \(reason)"
        case .unavailable(let store, let reason, _):
            "state in \(store) could not be read or written: \(reason)"
        case .invalidPipelineName(let name):
            "pipeline name \(name.debugDescription) cannot name a state file: use letters, digits, '_', '-' and '.', "
                + "not starting with '.'"
        case .unknownSource(let pipeline, let source, let known):
            "pipeline \(pipeline) has no state for source \(source.debugDescription)"
                + (known.isEmpty
                    ? " (it has no source state at all)"
                    : "; sources with state: "
                        + known.joined(separator: ", "))
        }
    }
}

/// Only a state server that does not answer is worth retrying later (exit 75); damaged state needs a person.
extension StateError: TemporaryFailure {
    public var isTemporary: Bool {
        if case .unavailable(_, _, let temporary) = self { return temporary }
        return false
    }
}
