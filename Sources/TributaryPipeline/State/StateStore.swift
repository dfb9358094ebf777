/// Where a pipeline's state lives between runs.
///
/// The contract: `checkWritable()` runs before any load, so that a run that could not record its progress never
/// starts; `load()` returns empty state when there is none yet and refuses (`StateError.corrupt`) state it
/// cannot trust; `save(_:)` is called only after the load it records has committed, and either replaces the
/// state whole or leaves the previous one in place.
///
///     let store = try LocalStateStore(folder: ".tributary/state", pipeline: "aws_billing")
///     try store.checkWritable()
///     var state = try store.load()
///     … load, commit …
///     try store.save(state)
public protocol StateStore: Sendable {
    /// The pipeline whose state this store holds.
    var pipeline: String { get }
    /// Proves that `save` can succeed, creating what is missing; fails with `.folderNotWritable`.
    func checkWritable() async throws(StateError)
    /// The saved state, or empty state when nothing was saved yet.
    func load() async throws(StateError) -> PipelineState
    /// Replaces the saved state atomically.
    func save(_ state: PipelineState) async throws(StateError)
    /// Forgets the checkpoint of `source`, or all state when `source` is nil (`tributary state reset`); the next
    /// run reprocesses what was forgotten.
    func reset(source: String?) async throws(StateError)
}
