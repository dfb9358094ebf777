import TributaryFormats

/// One endpoint of the OpenAI Usage API that `llm_usage` can hold (billing-exports.md §1.1), with what it counts.
///
/// Tokens where there are tokens (completions, embeddings, moderations), requests otherwise: images, speech and
/// transcription count model requests (their images, characters and seconds have no column), code interpreter
/// counts sessions, its billed unit. Three endpoints the notes list do not fit, and a result of theirs is
/// refused rather than half-loaded: vector stores count bytes stored, a gauge with no column; file and web
/// search count tool calls of models that completions already report, and `llm_usage` has no column to tell a
/// tool call from a model request, so their rows would collapse onto the completions rows under one key.
public enum OpenAIUsageEndpoint: String, CaseIterable, Sendable {
    case completions
    case embeddings
    case moderations
    case images
    case audioSpeeches = "audio_speeches"
    case audioTranscriptions = "audio_transcriptions"
    case codeInterpreterSessions = "code_interpreter_sessions"

    /// Below the base URL: `/organization/usage/completions`.
    public var path: String { "/organization/usage/\(rawValue)" }

    /// The result's `object` discriminator.
    public var resultObject: String { "organization.usage.\(rawValue).result" }

    public init?(resultObject: String) {
        guard let endpoint = Self.allCases.first(where: { $0.resultObject == resultObject }) else { return nil }
        self = endpoint
    }

    /// The endpoint's group-by keys that `llm_usage` has a column for; others (`size`, `source` of images) would
    /// give rows that differ only in them.
    public var groupBy: [String] {
        switch self {
        case .completions: ["project_id", "user_id", "api_key_id", "model", "batch", "service_tier"]
        case .codeInterpreterSessions: ["project_id"]
        default: ["project_id", "user_id", "api_key_id", "model"]
        }
    }

    /// The model column of a result that names none (not grouped by model, or an endpoint without models):
    /// `[completions]`, never a real model's name, so that a price catalog does not price it and the endpoints'
    /// rows keep apart in the key.
    public var unnamedModel: String { "[\(rawValue)]" }

    static let groupKinds: [(key: String, kind: JSONShape.Kind)] = [
        ("object", .string), ("project_id", .string), ("user_id", .string), ("api_key_id", .string),
        ("model", .string), ("batch", .bool), ("service_tier", .string),
    ]

    /// The kinds of the members the mapping reads.
    var kinds: [(key: String, kind: JSONShape.Kind)] {
        let counts: [String]
        switch self {
        case .completions:
            counts = [
                "input_tokens", "input_cached_tokens", "input_cache_write_tokens", "input_uncached_tokens",
                "input_audio_tokens", "output_tokens", "num_model_requests",
            ]
        case .embeddings, .moderations: counts = ["input_tokens", "num_model_requests"]
        case .images, .audioSpeeches, .audioTranscriptions: counts = ["num_model_requests"]
        case .codeInterpreterSessions: counts = ["num_sessions"]
        }
        return Self.groupKinds + counts.map { ($0, .number) }
    }

    /// Members the API documents as required, whose absence means another API than the one this reads.
    var required: [String] {
        switch self {
        case .completions: ["input_tokens", "output_tokens", "num_model_requests"]
        case .embeddings, .moderations: ["input_tokens", "num_model_requests"]
        case .images, .audioSpeeches, .audioTranscriptions: ["num_model_requests"]
        case .codeInterpreterSessions: ["num_sessions"]
        }
    }

    /// Group-by members that must be null.
    var ungrouped: [String] { self == .images ? ["source", "size"] : [] }

    /// Endpoints the notes list that `llm_usage` cannot hold: the endpoint, its result's `object`, and why.
    public static let unfit: [(endpoint: String, resultObject: String, why: String)] = [
        (
            "vector_stores", "organization.usage.vector_stores.result",
            "vector store usage is bytes stored, which llm_usage has no column for"
        ),
        (
            "file_search_calls", "organization.usage.file_searches.result",
            "file search calls are tool calls, which llm_usage cannot tell from the model requests of completions"
        ),
        (
            "web_search_calls", "organization.usage.web_searches.result",
            "web search calls are tool calls, which llm_usage cannot tell from the model requests of completions"
        ),
    ]
}
