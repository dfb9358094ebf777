import TributaryCore

/// A pipeline file turned into typed, validated, ready-to-open stages. Nothing has touched a file or the
/// network yet: `validate` stops here, `plan` prints it, `run` opens it.
public struct CompiledPipeline: Sendable {
    public var settings: PipelineSettings
    public var sourceID: String
    public var sourceType: String
    public var extractor: any Extractor
    /// `[source] time_column` and `restate_window`.
    public var timing: SourceTiming
    public var transforms: [any Transformer]
    public var sink: any SinkPlan
    /// The schema of the rows the sink receives.
    public var outputSchema: Schema
    /// The file with variables resolved and secrets sealed, as TOML.
    public var resolvedConfiguration: String
}
