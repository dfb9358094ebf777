import Foundation
import TributaryCore
import TributaryTransformers

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
    /// The row id and lineage columns the runner adds after `transforms`, when the sink wants them.
    public var lineage: LineageStage?
    public var sink: any SinkPlan
    /// The `[[detect]]` sections: run after the load, and by `tributary detect`.
    public var detections: [DetectionSpec] = []
    /// The schema of the rows the sink receives.
    public var outputSchema: Schema
    /// The file with variables resolved and secrets sealed, as TOML.
    public var resolvedConfiguration: String
}

/// The lineage stage as compiled: made per run, since its rows carry the run's id.
public struct LineageStage: Sendable, Equatable {
    public var configuration: LineageTransformer.Configuration
    /// The schema it receives: the last transform's output.
    public var inputSchema: Schema

    public func make(runID: String, ingestedAt: Int64) throws -> LineageTransformer {
        try LineageTransformer(
            configuration: configuration, inputSchema: inputSchema, runID: runID, ingestedAt: ingestedAt)
    }
}

extension CompiledPipeline {
    /// Where the pipeline's lock and local state live: `[pipeline] state_dir` (relative to the pipeline file),
    /// or `.tributary/state` under `workingDirectory`.
    public func stateDirectory(workingDirectory: String) -> String {
        guard let dir = settings.stateDirectory else {
            return (workingDirectory as NSString).appendingPathComponent(".tributary/state")
        }
        let p = dir.hasPrefix("/") ? dir : (settings.directory as NSString).appendingPathComponent(dir)
        return (p as NSString).standardizingPath
    }

    /// The store that keeps this pipeline's state between runs.
    public func makeStateStore(workingDirectory: String) throws(StateError) -> any StateStore {
        if settings.stateStore == .clickhouse, let sink = sink as? ClickHouseSinkPlan {
            return try ClickHouseStateStore(configuration: sink.configuration, pipeline: settings.name)
        }
        return try LocalStateStore(folder: stateDirectory(workingDirectory: workingDirectory), pipeline: settings.name)
    }
}
