import TributaryCore
import TributaryFormats

/// Per-request LLM gateway logs as JSON Lines, into `llm_usage`: LiteLLM spend logs, Helicone requests, Langfuse
/// observations (billing-exports.md §7). One row per request: its period is the request's start and end, one
/// request, its tokens with `input_tokens` the *uncached* input (LiteLLM and Helicone count cached and
/// cache-write tokens inside `prompt_tokens`, and they are taken out; Langfuse keeps them under keys of their
/// own), latency and HTTP status where the log has them, the gateway's own cost as `x_logged_cost` (USD), and
/// the request id as `x_request_id`, the table's key, so that a request logged twice is kept once.
///
/// `provider` is the model's provider (`openai`, `anthropic`), as the log says it or as the model's name does:
/// the gateway itself is the source. The flavor is told by each record's members unless the source fixes it; a
/// record of no flavor, or of another than the one fixed, stops the run with its path.
public struct GatewayLogFormat: ProviderJSONFormat {
    public typealias Row = UsageRow
    /// Nil: each record's members decide.
    public let flavor: GatewayFlavor?

    public init(flavor: GatewayFlavor? = nil) {
        self.flavor = flavor
    }

    public var name: String { flavor?.title ?? "gateway request log" }

    public func map(_ record: JSONValue, at path: JSONPath, file: String) throws(ExtractorError) -> MappedRecord<
        UsageRow
    > {
        guard let object = record.objectValue else {
            throw .unexpectedJSON(
                file: file, path: path.description, expected: "an object (one logged request)",
                found: record.kindDescription)
        }
        let detected = GatewayFlavor.detect(keys: object.keys)
        guard let flavor = flavor ?? detected else {
            let keys = object.keys.prefix(8).joined(separator: ", ")
            throw .unexpectedJSON(
                file: file, path: path.description,
                expected: "a LiteLLM spend log (startTime), Helicone request (request_created_at) or Langfuse "
                    + "observation (usage_details)",
                found: object.isEmpty ? "an empty object" : "an object with keys \(keys)")
        }
        if let detected, detected != flavor {
            throw .unexpectedJSON(
                file: file, path: path.description, expected: "a \(flavor.title)",
                found: "a \(detected.title); set flavor = \"\(detected.rawValue)\", or leave flavor out to detect it")
        }
        return Self.map(JSONFields(record, at: path), as: flavor)
    }

    /// The row of one logged request (none for a record the flavor skips on purpose), or a reject naming the
    /// member at fault by its path, with the logged cost when it was read.
    static func map(_ f: JSONFields, as flavor: GatewayFlavor) -> MappedRecord<UsageRow> {
        var cost: ExactDecimal?
        do throws(ModelRowError) {
            switch flavor {
            case .liteLLM: return .rows(try liteLLM(f, cost: &cost))
            case .helicone: return .rows(try helicone(f, cost: &cost))
            case .langfuse: return .rows(try langfuse(f, cost: &cost))
            }
        } catch {
            let units = cost?.rescaledExactly(to: Lineage.moneyScale)?.units ?? 0
            return .reject(field: error.field, reason: error.reason, money: [units], currency: "USD")
        }
    }

    /// An optional text member; an empty string (LiteLLM's default for `api_key`) is no value.
    static func text(_ f: JSONFields, _ key: String) throws(ModelRowError) -> String? {
        guard let s = try f.string(key), !s.isEmpty else { return nil }
        return s
    }

    /// Uncached input: `prompt` less the cached and cache-write tokens it includes.
    static func uncached(_ prompt: UInt64, cached: UInt64, written: UInt64, field: String) throws(ModelRowError)
        -> UInt64
    {
        guard cached <= prompt, written <= prompt - cached else {
            throw ModelRowError(
                field: field,
                reason: "\(prompt) prompt tokens are fewer than the \(cached) cached and \(written) cache-write tokens "
                    + "they include")
        }
        return prompt - cached - written
    }

    /// The instant `key` holds, in milliseconds since the epoch: RFC 3339 or `YYYY-MM-DD hh:mm:ss.fff` (UTC, as
    /// ClickHouse and Postgres print it), a trailing ` UTC` allowed; a number is epoch seconds.
    static func milliseconds(_ f: JSONFields, _ key: String) throws(ModelRowError) -> Int64? {
        guard let v = f.member(key) else { return nil }
        if case .number = v { return try f.timestamp(key) * 1000 }
        var text = try f.string(key) ?? ""
        if text.hasSuffix(" UTC") { text.removeLast(4) }
        let seconds = try FieldParser.timestamp(text, field: f.fieldPath(key))
        // The fraction `FieldParser` reads past: `YYYY-MM-DDThh:mm:ss.fff…`, whatever the offset after it.
        let bytes = Array(text.utf8)
        var millis: Int64 = 0
        if bytes.count > 20, bytes[16] == UInt8(ascii: ":"),
            bytes[19] == UInt8(ascii: ".") || bytes[19] == UInt8(ascii: ",")
        {
            var scale: Int64 = 100
            for byte in bytes[20...].prefix(3) {
                guard byte >= 0x30, byte <= 0x39 else { break }
                millis += Int64(byte - 0x30) * scale
                scale /= 10
            }
        }
        return seconds * 1000 + millis
    }

    static func requiredMilliseconds(_ f: JSONFields, _ key: String) throws(ModelRowError) -> Int64 {
        guard let ms = try milliseconds(f, key) else {
            throw ModelRowError(field: f.fieldPath(key), reason: "missing value")
        }
        return ms
    }

    /// Whole seconds of an instant in milliseconds (rounded down, also before 1970).
    static func seconds(_ ms: Int64) -> Int64 { ms >= 0 ? ms / 1000 : (ms - 999) / 1000 }

    /// The provider a model's name says: a `provider/` prefix (`anthropic/claude-…`), else the families' names.
    static func provider(ofModel model: String) -> String {
        let name = model.lowercased()
        if let slash = name.firstIndex(of: "/") { return String(name[..<slash]) }
        let families: [(prefix: String, provider: String)] = [
            ("gpt-", "openai"), ("chatgpt", "openai"), ("o1", "openai"), ("o3", "openai"), ("o4", "openai"),
            ("text-embedding", "openai"), ("dall-e", "openai"), ("whisper", "openai"), ("tts-", "openai"),
            ("omni-moderation", "openai"), ("claude", "anthropic"), ("gemini", "google"), ("gemma", "google"),
            ("mistral", "mistral"), ("mixtral", "mistral"), ("codestral", "mistral"), ("llama", "meta"),
            ("command", "cohere"),
        ]
        for family in families where name.hasPrefix(family.prefix) {
            // `o3` and `o3-mini` are OpenAI's; `o3x` would be someone else's.
            if family.prefix.count == 2, name.count > 2, name.dropFirst(2).first != "-" { continue }
            return family.provider
        }
        return "unknown"
    }
}
